import { InvalidArgumentError, type Command } from 'commander';
import { systemActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { listFloorAreas, setFloorArea } from './service.js';

type OpenContext = () => Promise<AppContext & { close(): Promise<void> }>;

/** `dancu residence floor-area list|set`: the province's minimum floor area per person. */
export function registerResidenceCommands(program: Command, openContext: OpenContext): void {
  const residence = program.command('residence').description('residence procedures: configuration');
  const floor = residence.command('floor-area').description("provinces' minimum floor area per person (m²) for rented or borrowed dwellings");
  floor
    .command('list')
    .description('print each province and its minimum, one JSON object per line')
    .action(async () => {
      const ctx = await openContext();
      try {
        for (const row of await listFloorAreas(ctx, systemActor('cli'))) process.stdout.write(`${JSON.stringify(row)}\n`);
      } finally {
        await ctx.close();
      }
    });
  floor
    .command('set <province> <m2>')
    .description('set a province minimum (never below 8 m²)')
    .action(async (province: string, m2: string) => {
      const value = Number(m2);
      if (!Number.isFinite(value)) throw new InvalidArgumentError('expected a number of square metres');
      const ctx = await openContext();
      try {
        process.stdout.write(`${JSON.stringify(await setFloorArea(ctx, systemActor('cli'), province, value))}\n`);
      } finally {
        await ctx.close();
      }
    });
}

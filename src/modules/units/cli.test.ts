import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { registerUnitsCommands } from './cli.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

/** Runs `dancu units …` against this file's database; returns the parsed output and whether it failed. */
async function dancu(
  ...args: string[]
): Promise<{ json: Record<string, unknown>; failed: boolean; closed: boolean }> {
  let out = '';
  let failed = false;
  let closed = false;
  const program = new Command('dancu').exitOverride();
  registerUnitsCommands(
    program,
    async () => ({ db: t.db, clock: t.clock, close: async () => void (closed = true) }),
    { out: (s) => void (out += s), fail: () => void (failed = true) },
  );
  await program.parseAsync(['node', 'dancu', 'units', ...args]);
  return { json: JSON.parse(out) as Record<string, unknown>, failed, closed };
}

describe('dancu units', () => {
  it('convert prints the conversion as JSON', async () => {
    const r = await dancu('convert', '00013');
    expect(r.failed).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.json).toMatchObject({
      old: { name: 'Phường Quán Thánh' },
      targets: [{ unit: { code: '00004', name: 'Phường Ba Đình' }, kind: 'whole' }],
      partial: false,
    });
  });

  it('search prints a page, limited and per tree', async () => {
    const r = await dancu('search', 'ba dinh', '--tree', 'current', '--limit', '2');
    expect(r.json).toMatchObject({
      pageSize: 2,
      total: 3,
      items: [{ code: '00004' }, { name: 'Xã Ba Đình' }],
    });
  });

  it('answers bad input and unknown codes with a JSON error and exit code 1', async () => {
    const bad = await dancu('convert', '13');
    expect(bad).toMatchObject({
      failed: true,
      closed: true,
      json: { error: { kind: 'invalid', code: 'unit_code_malformed', field: 'code' } },
    });
    expect((await dancu('convert', '99999')).json).toMatchObject({ error: { code: 'unit_not_found' } });
    expect((await dancu('search', 'ba', '--limit', 'many')).json).toMatchObject({
      error: { code: 'page_size_invalid' },
    });
    expect((await dancu('search', 'ba', '--tree', 'future')).json).toMatchObject({
      error: { code: 'tree_unknown', field: 'tree' },
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../../kernel/actor.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { householdLifeEvents } from './demo-life-events.js';
import { DEFAULT_REFERENCE_DATE, householdLine, iteratePopulation, loadCommunesForGenerator, type PersonRecord } from './generator/index.js';
import { importPeople, type ImportSummary } from './import/importer.js';

const UNITS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/admin-units');

/** The demo's communes: the two the demo commune officers work in. */
export const DEMO_COMMUNES: Record<string, number> = { '00004': 3000, '00008': 1000 };

/**
 * Loads a generated, deterministic commune-sized population through the real importer, so
 * every screen has data; does nothing when the demo people are already there. Each record
 * carries the dates of its life events (demo-life-events.ts): a man born in 1952 has lived in
 * his household since the 1970s and got his PIN years ago, not "today".
 */
export async function seedDemoPopulation(ctx: AppContext): Promise<ImportSummary | undefined> {
  const present = await ctx.db.pool.query("SELECT 1 FROM person WHERE external_id LIKE 'g-demo!_%' ESCAPE '!' LIMIT 1");
  if (present.rowCount) return undefined;
  const all = loadCommunesForGenerator(UNITS_DIR);
  const today = todayInVietnam(ctx.clock);
  const lastDay = today < DEFAULT_REFERENCE_DATE ? today : DEFAULT_REFERENCE_DATE;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-demo-'));
  try {
    let last: ImportSummary | undefined;
    for (const [code, people] of Object.entries(DEMO_COMMUNES)) {
      const communes = all.filter((c) => c.code === code);
      const out = path.join(dir, code);
      fs.mkdirSync(out);
      const peopleLines: string[] = [];
      const householdLines: string[] = [];
      for (const { household, people: members } of iteratePopulation({ people, seed: `demo_${code}`, communes, defects: { duplicateRate: 0.01, wrongPinRate: 0, headlessHouseholdRate: 0.01 } })) {
        householdLines.push(householdLine(household));
        const dates = householdLifeEvents(members, lastDay);
        for (const p of members) peopleLines.push(demoPersonLine(p, dates.get(p.externalId)));
      }
      fs.writeFileSync(path.join(out, 'people.ndjson'), peopleLines.join(''));
      fs.writeFileSync(path.join(out, 'households.ndjson'), householdLines.join(''));
      last = await importPeople(ctx, systemActor('demo'), { peopleFile: path.join(out, 'people.ndjson'), householdsFile: path.join(out, 'households.ndjson'), reportFile: path.join(out, 'rejected.ndjson') });
    }
    return last;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A generated person with the two life-event dates the importer takes (docs/generator.md). */
function demoPersonLine(p: PersonRecord, dates: { residentSince: string; pinIssuedOn: string } | undefined): string {
  return `${JSON.stringify({ ...p, residentSince: dates?.residentSince ?? null, pinIssuedOn: dates?.pinIssuedOn ?? null })}\n`;
}

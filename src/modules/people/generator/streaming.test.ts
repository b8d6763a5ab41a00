import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { generatePopulation } from './population.js';
import { fixtureCommunes } from './test-fixtures.js';

/** A handle on the collector, so retained memory can be measured rather than guessed. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

it('streams 300,000 people with flat memory', async () => {
  const gc = exposeGc();
  const communes = fixtureCommunes();
  let people = 0;
  let baseline = 0;
  let largest = 0;
  for await (const { people: members } of generatePopulation({
    people: 300_000,
    seed: 'stream',
    communes,
    defects: { duplicateRate: 0.02, wrongPinRate: 0.01, headlessHouseholdRate: 0.01 },
  })) {
    const before = people;
    people += members.length;
    if (before < 20_000 && people >= 20_000) {
      gc();
      baseline = process.memoryUsage().heapUsed;
    } else if (baseline > 0 && Math.floor(before / 50_000) !== Math.floor(people / 50_000)) {
      gc();
      largest = Math.max(largest, process.memoryUsage().heapUsed - baseline);
    }
  }
  expect(people).toBeGreaterThanOrEqual(300_000);
  // Keeping every record would retain several hundred MB; the generator's own state is a few
  // caches of reference data. 8 MB leaves room for the test runner's own noise.
  expect(largest).toBeLessThan(8 * 1024 * 1024);
}, 120_000);

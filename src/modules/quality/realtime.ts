import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { blockingKeys, scorePair, settleDecisions, type LinkModel, type LinkRecord, type Thresholds } from './linkage/index.js';
import { decidedPairs, saveCandidates, type ScoredPairRow } from './candidates.js';
import { linkRecordsByIds } from './linkage-source.js';
import { currentModel, currentThresholds } from './model-store.js';

/** Most records one blocking key brings back: a namesake block of thousands is not compared whole. */
const PER_KEY = 200;

/** Replaces these people's blocking keys (a new record, or one whose name or dates changed). */
export async function storeBlockKeys(db: Executor, records: LinkRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query('DELETE FROM duplicate_block_key WHERE person_id = ANY($1::uuid[])', [records.map((r) => r.id)]);
  const keys: string[] = [];
  const ids: string[] = [];
  for (const r of records) {
    for (const k of new Set(blockingKeys(r))) {
      keys.push(k);
      ids.push(r.id);
    }
  }
  await db.query('INSERT INTO duplicate_block_key (block_key, person_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING', [keys, ids]);
}

/**
 * The registry records that may be the same person as `record`, scored: index lookups on the
 * blocking keys, then the model on each candidate. Pairs below the review threshold are dropped.
 */
export async function candidatesFor(db: Executor, record: LinkRecord, model: LinkModel, thresholds: Thresholds): Promise<ScoredPairRow[]> {
  const keys = [...new Set(blockingKeys(record))];
  const r = await db.query<{ person_id: string }>(
    `SELECT DISTINCT k.person_id FROM unnest($1::text[]) AS q(key)
     CROSS JOIN LATERAL (SELECT person_id FROM duplicate_block_key WHERE block_key = q.key LIMIT ${PER_KEY}) k
     WHERE k.person_id <> $2::uuid`,
    [keys, record.id],
  );
  const others = await linkRecordsByIds(db, r.rows.map((x) => x.person_id));
  const byId = new Map(others.map((o) => [o.id, o]));
  const scored = others.map((other) => scorePair(record, other, model)).filter((s) => s.weight >= thresholds.review);
  // Matched with two registry records that are not one person, the new record keeps at most its clearly strongest match.
  const settled = settleDecisions(scored, thresholds, {
    mayBeSamePerson: (x, y) => {
      const rx = x === record.id ? record : byId.get(x);
      const ry = y === record.id ? record : byId.get(y);
      return rx !== undefined && ry !== undefined && scorePair(rx, ry, model).weight >= thresholds.review;
    },
  });
  return settled.flatMap((s) => (s.decision === 'reject' ? [] : [{ a: s.a, b: s.b, score: s.weight, probability: s.probability, decision: s.decision, contributions: s.contributions }]));
}

/**
 * New people (entered, born, imported): their keys are stored and their candidates saved for
 * review, in the caller's transaction. Without a learnt model yet (no detection run so far) only
 * the keys are stored; the first run scores everyone.
 */
export async function linkNewPeople(tx: Executor, ctx: AppContext, ids: string[], foundBy: string): Promise<number> {
  const records = await linkRecordsByIds(tx, ids);
  await storeBlockKeys(tx, records);
  const model = await currentModel(tx);
  if (!model) return 0;
  const thresholds = await currentThresholds(tx, model);
  const pairs = new Map<string, ScoredPairRow>();
  for (const rec of records) for (const p of await candidatesFor(tx, rec, model, thresholds)) pairs.set(`${p.a}:${p.b}`, p);
  const decided = await decidedPairs(tx, ids);
  return saveCandidates(tx, [...pairs.values()].filter((p) => !decided.has(`${p.a}:${p.b}`)), foundBy, ctx.clock.now());
}

import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { blockingKeys, scorePair, settleDecisions, type LinkModel, type LinkRecord, type Thresholds } from './linkage/index.js';
import { decidedPairs, saveCandidates, type ScoredPairRow } from './candidates.js';
import { linkRecordsByIds } from './linkage-source.js';
import { currentModel, currentThresholds } from './model-store.js';

/** Most records one blocking key brings back: a namesake block of thousands is not compared whole. */
const PER_KEY = 200;

/** Records looked up together: an import's chunk of 2,000 in four rounds of queries, not 4,000. */
const LOOKUP_BATCH = 500;

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
  return (await candidatesForMany(db, [record], model, thresholds))[0]!;
}

/**
 * `candidatesFor` of many records at once (an import's chunk, a province's file), each answer
 * at the same index: two queries for the lot — the keys' registry records, then those records —
 * instead of two per record.
 */
export async function candidatesForMany(db: Executor, records: readonly LinkRecord[], model: LinkModel, thresholds: Thresholds): Promise<ScoredPairRow[][]> {
  const keysOf = records.map((r) => [...new Set(blockingKeys(r))]);
  const keys = [...new Set(keysOf.flat())];
  const hits = keys.length
    ? (
        await db.query<{ key: string; person_id: string }>(
          `SELECT q.key, k.person_id FROM unnest($1::text[]) AS q(key)
           CROSS JOIN LATERAL (SELECT person_id FROM duplicate_block_key WHERE block_key = q.key LIMIT ${PER_KEY}) k`,
          [keys],
        )
      ).rows
    : [];
  const byKey = new Map<string, string[]>();
  for (const h of hits) {
    const list = byKey.get(h.key);
    if (list) list.push(h.person_id);
    else byKey.set(h.key, [h.person_id]);
  }
  const othersOf = records.map((r, i) => {
    const ids = new Set<string>();
    for (const k of keysOf[i]!) for (const id of byKey.get(k) ?? []) if (id !== r.id) ids.add(id);
    return ids;
  });
  const found = await linkRecordsByIds(db, [...new Set(othersOf.flatMap((ids) => [...ids]))]);
  const byId = new Map(found.map((o) => [o.id, o]));
  return records.map((record, i) => {
    const others = [...othersOf[i]!].map((id) => byId.get(id)).filter((o): o is LinkRecord => o !== undefined);
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
  });
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
  for (let i = 0; i < records.length; i += LOOKUP_BATCH) {
    for (const found of await candidatesForMany(tx, records.slice(i, i + LOOKUP_BATCH), model, thresholds)) for (const p of found) pairs.set(`${p.a}:${p.b}`, p);
  }
  const decided = await decidedPairs(tx, ids);
  return saveCandidates(tx, [...pairs.values()].filter((p) => !decided.has(`${p.a}:${p.b}`)), foundBy, ctx.clock.now());
}

import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import type { LinkModel, Thresholds } from './linkage/index.js';

/**
 * The linkage model learnt from the registry (m by EM, u from random pairs, term frequencies)
 * and the officers' thresholds. The newest model is used everywhere; parsing it once per model
 * keeps the real-time lookup at index cost.
 */
let cached: { id: string; model: LinkModel } | undefined;

export async function currentModel(db: Executor): Promise<LinkModel | undefined> {
  const head = await db.query<{ id: string }>('SELECT id FROM duplicate_model ORDER BY trained_at DESC, id DESC LIMIT 1');
  const id = head.rows[0]?.id;
  if (!id) return undefined;
  if (cached?.id === id) return cached.model;
  const r = await db.query<{ model: LinkModel }>('SELECT model FROM duplicate_model WHERE id = $1', [id]);
  cached = { id, model: r.rows[0]!.model };
  return cached.model;
}

/** A stored model by id, or the newest one; with its id, for a run to record which it used. */
export async function storedModel(db: Executor, id?: string): Promise<{ id: string; model: LinkModel } | undefined> {
  const r = id
    ? await db.query<{ id: string; model: LinkModel }>('SELECT id, model FROM duplicate_model WHERE id = $1', [id])
    : await db.query<{ id: string; model: LinkModel }>('SELECT id, model FROM duplicate_model ORDER BY trained_at DESC, id DESC LIMIT 1');
  return r.rows[0];
}

export async function saveModel(db: Executor, model: LinkModel, people: number, by: string, at: Date): Promise<string> {
  const id = newId();
  await db.query('INSERT INTO duplicate_model (id, trained_at, trained_by, people, model) VALUES ($1, $2, $3, $4, $5)', [id, at, by, people, JSON.stringify(model)]);
  return id;
}

/** The officers' thresholds, if they set any. */
export async function savedThresholds(db: Executor): Promise<Thresholds | undefined> {
  const r = await db.query<{ value: Thresholds }>("SELECT value FROM quality_setting WHERE key = 'thresholds'");
  return r.rows[0]?.value;
}

/** The thresholds in force: the officers' setting, else the model's defaults. */
export async function currentThresholds(db: Executor, model: LinkModel): Promise<Thresholds> {
  return (await savedThresholds(db)) ?? model.thresholds;
}

export async function setThresholds(db: Executor, t: Thresholds, by: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO quality_setting (key, value, changed_at, changed_by) VALUES ('thresholds', $1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by`,
    [JSON.stringify(t), at, by],
  );
}

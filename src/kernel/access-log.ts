import type { AuditEntry } from './audit.js';
import { prepared, type Database, type Executor } from './db.js';

/**
 * Logged reads at national rates. A read of personal data writes its access rows before the
 * data leaves the server; doing that in a transaction of its own per request would cost every
 * read a WAL flush of its own. Instead, reads hand their rows to this writer, which commits
 * whatever has queued in one multi-row INSERT (an implicit transaction: one round trip), one
 * batch in flight at a time while the next collects — group commit in the application. One in
 * flight rather than four: batches grow with the load instead of splitting it into more commits
 * (reads benchmark, four rounds interleaved: 1,648 against 1,383 logged reads/s, better in every
 * round; audit benchmark at 32 writers: 15–19 k against 12–13 k rows/s). Each `append` resolves only
 * once its rows are durable, and rejects if they could not be written, so no data goes out
 * unlogged. Writes that change the registry keep logging inside their own transaction
 * (`recordAudit`/`recordAccess`).
 */
export interface AccessLog {
  /** Appends access rows; resolves when they are committed. Call outside any transaction. */
  append(entries: AuditEntry[], at: Date): Promise<void>;
  /** Waits for the batches in flight. */
  drain(): Promise<void>;
}

interface Pending {
  entries: AuditEntry[];
  at: Date;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One INSERT for any number of rows: arrays per column, unnested (no parameter-count limit). */
export async function insertAuditRows(db: Executor, rows: Array<{ entry: AuditEntry; at: Date }>, chain: 'change' | 'access'): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: { entry: AuditEntry; at: Date }) => T) => rows.map(f);
  await prepared(
    db,
    'audit.insert_rows',
    `INSERT INTO audit_log (chain, at, actor_kind, actor_id, action, target_kind, target_id, unit_code, purpose, dossier, detail)
     SELECT $1, * FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[])`,
    [
      chain,
      col((r) => r.at.toISOString()),
      col((r) => r.entry.actor.kind),
      col((r) => r.entry.actor.id),
      col((r) => r.entry.action),
      col((r) => r.entry.target.kind),
      col((r) => r.entry.target.id),
      col((r) => r.entry.unitCode ?? null),
      col((r) => r.entry.purpose ?? null),
      col((r) => r.entry.dossier ?? null),
      col((r) => JSON.stringify(r.entry.purposeNote ? { ...r.entry.detail, purposeNote: r.entry.purposeNote } : (r.entry.detail ?? {}))),
    ],
  );
}

/** Rows per INSERT at most (a burst after a slow commit goes as several). */
const MAX_BATCH_ROWS = 2000;

export class BatchingAccessLog implements AccessLog {
  private queue: Pending[] = [];
  private flight: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  append(entries: AuditEntry[], at: Date): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries, at, resolve, reject });
      this.pump();
    });
  }

  /** Sends what has queued, unless a batch is in flight: then it goes when that one is done. */
  private pump(): void {
    if (this.flight || this.queue.length === 0) return;
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0 && (batch.length === 0 || rows + this.queue[0]!.entries.length <= MAX_BATCH_ROWS)) {
      const p = this.queue.shift()!;
      batch.push(p);
      rows += p.entries.length;
    }
    this.flight = insertAuditRows(this.db.pool, batch.flatMap((p) => p.entries.map((entry) => ({ entry, at: p.at }))), 'access')
      .then(
        () => batch.forEach((p) => p.resolve()),
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      )
      .finally(() => {
        this.flight = undefined;
        this.pump();
      });
  }

  async drain(): Promise<void> {
    while (this.flight) await this.flight;
  }
}

/**
 * Writes nothing. Only the `reads` benchmark uses it, to measure what logging costs against the
 * same route unlogged; nothing in the product can select it (no setting or option leads here).
 */
export const benchmarkOnlyUnloggedAccess: AccessLog = {
  append: () => Promise.resolve(),
  drain: () => Promise.resolve(),
};

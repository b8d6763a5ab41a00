import type { Executor } from './db.js';

/**
 * Reading an append-only table in commit order.
 *
 * Ids (identity columns) are taken when a row is inserted, and transactions commit in any
 * order, so "every row with id > the last one I saw" skips a row whose transaction commits
 * after a larger id was read. Instead each row carries the id of the transaction that wrote it
 * (`txid xid8 DEFAULT pg_current_xact_id()`), and a reader consumes the rows that became visible
 * between two snapshots of the database (as PgQ does): everything committed before snapshot
 * `done` has been consumed; the rows committed after it and before snapshot `window` are read
 * now, in (txid, id) order, a page at a time; then `window` becomes `done`. A transaction still
 * running at `window` is read in a later window, whatever its id, so nothing is skipped and
 * nothing is read twice; a long transaction elsewhere does not hold the others back.
 *
 * Order: windows follow commit order; inside a window rows follow their ids. Ids are taken at
 * insert, so across transactions they say little — except where the writers serialise: a writer
 * that locks a subject before inserting (as `publish` does for an event's subject) and keeps
 * the lock until commit takes its id after the previous writer of that subject committed, so one
 * subject's rows are read in commit order. (Transaction ids would not do: a transaction takes
 * its id at its first write, and a waiter woken after another's commit can lose the row lock to
 * a later transaction, so ids of one subject's writers can disagree with their commit order.)
 */
export interface CommitCursor {
  /** Snapshot (`pg_snapshot` text, `xmin:xmax:xip,…`) whose committed rows were all consumed. */
  done: string;
  /** Snapshot of the window being consumed, or null between windows. */
  window: string | null;
  /** The last row consumed in the current window (its id; rows of a window are read by id). */
  afterId: number;
}

/** Nothing consumed yet: transaction ids start at 3, so `1:1:` sees no row. */
export const CURSOR_START: CommitCursor = { done: '1:1:', window: null, afterId: 0 };

interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  xip: bigint[];
}

export function parseSnapshot(text: string): Snapshot {
  const m = /^(\d+):(\d+):([\d,]*)$/.exec(text);
  if (!m) throw new Error(`not a pg_snapshot: ${text}`);
  return { xmin: BigInt(m[1]!), xmax: BigInt(m[2]!), xip: m[3] ? m[3].split(',').map((x) => BigInt(x)) : [] };
}

export interface CommittedRow {
  txid: string;
  id: number;
}

export interface ReadCommittedOptions {
  /** The table, its id column and the columns to return (constants of the calling module, never input). */
  table: string;
  idColumn: string;
  columns: string;
  limit: number;
}

/**
 * The next page of rows committed after `cursor`, and the cursor after them. Call it again
 * with the returned cursor until it returns no rows; a new window is opened when the last one
 * is exhausted, so a caller polling forever sees every committed row exactly once.
 */
export async function readCommitted<R extends object>(db: Executor, cursor: CommitCursor, o: ReadCommittedOptions): Promise<{ rows: Array<R & CommittedRow>; next: CommitCursor }> {
  let window = cursor.window;
  if (window === null) {
    const r = await db.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
    window = r.rows[0]!.s;
  }
  const done = parseSnapshot(cursor.done);
  const win = parseSnapshot(window);
  // Not visible at `done`: its in-progress transactions, and everything from its xmax on.
  // Visible at `window`: below its xmax and not in progress then.
  const runningAtWindow = win.xip.map(String);
  const older = done.xip.filter((x) => x < win.xmax && !win.xip.includes(x)).map(String);
  const select = `SELECT ${o.columns}, txid::text AS txid, ${o.idColumn} AS id FROM ${o.table}`;
  const rows = await db.query<R & CommittedRow>(
    `(${select} WHERE txid = ANY($1::xid8[]) AND ${o.idColumn} > $2 ORDER BY ${o.idColumn} LIMIT $6)
     UNION ALL
     (${select} WHERE txid >= $3::xid8 AND txid < $4::xid8 AND NOT (txid = ANY($5::xid8[])) AND ${o.idColumn} > $2
       ORDER BY ${o.idColumn} LIMIT $6)
     ORDER BY id LIMIT $6`,
    [older, cursor.afterId, String(done.xmax), String(win.xmax), runningAtWindow, o.limit],
  );
  const last = rows.rows.at(-1);
  const next: CommitCursor = rows.rows.length < o.limit ? { done: window, window: null, afterId: 0 } : { done: cursor.done, window, afterId: Number(last!.id) };
  return { rows: rows.rows, next };
}

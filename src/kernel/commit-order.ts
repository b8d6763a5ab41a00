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
 * now, in id order, a page at a time; then `window` becomes `done`. A transaction still
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

/** Up to this many transaction ids, a window's first page probes the txid index for each. */
const PROBED_SPAN = 100_000n;

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
  // A window's first page looks its rows up transaction by transaction (one probe of the txid
  // index for each id the window covers; OFFSET 0 keeps the probe from being turned into a join
  // over the whole table) and sorts only them. A range condition on txid instead
  // left the plan to estimates PostgreSQL cannot make for xid8 (it cannot interpolate in its
  // histogram, so it takes a window past the last bucket for half a bucket of the table): as the
  // log grew, it walked the id index or scanned the table, 250 ms at a million audit rows for a
  // window of a few dozen, on every tick of the sequencer. A window spanning more transaction
  // ids (a reader's first window, a backlog) holds so many rows that walking the id index is the
  // right plan, and so are further pages of a large window: from the last row read, one page.
  const rows =
    cursor.afterId === 0 && win.xmax - done.xmax <= PROBED_SPAN
      ? await db.query<R & CommittedRow>(
          `WITH win AS MATERIALIZED (
             SELECT r.* FROM (
               SELECT unnest($1::xid8[]) AS tx
               UNION ALL
               SELECT x::text::xid8 FROM generate_series($2::bigint, $3::bigint - 1) AS x WHERE NOT (x::text::xid8 = ANY($4::xid8[]))
             ) AS w CROSS JOIN LATERAL (${select} WHERE txid = w.tx OFFSET 0) AS r)
           SELECT * FROM win ORDER BY id LIMIT $5`,
          [older, String(done.xmax), String(win.xmax), runningAtWindow, o.limit],
        )
      : await db.query<R & CommittedRow>(
          `${select} WHERE (txid = ANY($1::xid8[]) OR (txid >= $2::xid8 AND txid < $3::xid8 AND NOT (txid = ANY($4::xid8[])))) AND ${o.idColumn} > $6
            ORDER BY ${o.idColumn} LIMIT $5`,
          [older, String(done.xmax), String(win.xmax), runningAtWindow, o.limit, cursor.afterId],
        );
  const last = rows.rows.at(-1);
  const next: CommitCursor = rows.rows.length < o.limit ? { done: window, window: null, afterId: 0 } : { done: cursor.done, window, afterId: Number(last!.id) };
  return { rows: rows.rows, next };
}

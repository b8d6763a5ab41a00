import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequest, ENDS_SESSION, HOSTILE_TEXT, requestArbitrary, routeWalk, send, textSlots, toRequest, withText, type Caller, type Operation, type RequestParts, type RouteWalk } from './route-walk.js';

/**
 * Every route of the OpenAPI document (and the hidden ones a caller can reach), as every kind
 * of caller that matters, with generated bodies, query strings and path parameters: no answer
 * is a 5xx, and an answer of 400 or more leaves every table as it was. Once a route has
 * answered a caller with success, that request is sent again with NUL or an unpaired surrogate
 * in each of its text values in turn (up to MAX_SLOTS), so text reaches the services and not
 * only the validator. The seed is printed with any failure; DANCU_FUZZ_SEED replays it and
 * DANCU_FUZZ_RUNS sets the random requests per route and caller.
 */
const SEED = Number(process.env.DANCU_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.DANCU_FUZZ_RUNS ?? 2);
const MAX_SLOTS = 8;

/**
 * Routes that record a failed attempt by design, with their 4xx: a wrong passcode or code
 * counts toward the lockout, in the usage history or the audit log.
 */
const WRITES_ON_FAILURE: Record<string, string[]> = {
  // A failed proof of identity is counted (lockout, per-identifier limit), audited, and may end a session or text the owner.
  'POST /api/auth/login': ['officer', 'audit_log', 'auth_throttle'],
  'POST /api/auth/step-up': ['officer', 'audit_log', 'auth_throttle', 'officer_session'],
  'POST /api/citizen/login': ['eid_account', 'eid_usage', 'auth_throttle', 'notification', 'audit_log'],
  'POST /api/citizen/login/verify': ['eid_account', 'eid_usage', 'eid_code', 'auth_throttle', 'notification', 'audit_log'],
  'POST /api/citizen/step-up': ['eid_account', 'eid_usage', 'eid_code', 'auth_throttle', 'eid_session', 'notification', 'audit_log'],
  'POST /api/citizen/activate': ['eid_code'],
  'POST /api/citizen/enrolments/{id}/confirm': ['eid_code'],
};

const HIDDEN: Operation[] = [{ method: 'GET', path: '/api/openapi.json', params: [], body: undefined, streamed: false, statuses: ['200'] }];

let w: RouteWalk;
beforeAll(async () => {
  w = await routeWalk();
}, 240_000);
afterAll(() => w?.t.close());

/**
 * The next transaction id: it moves only when a transaction that writes commits or aborts,
 * so while it stands still no table can have changed and the table scan is skipped.
 */
async function nextXid(): Promise<string> {
  const r = await w.t.db.pool.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax');
  return r.rows[0]!.xmax;
}

/** Row count and the sum of row versions (xmin) of every table: any insert, update or delete changes it. */
async function tableState(): Promise<Map<string, string>> {
  const tables = await w.t.db.pool.query<{ name: string }>("SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  const sql = tables.rows.map((r) => `SELECT '${r.name}' AS name, count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0)::text AS state FROM ${r.name}`).join(' UNION ALL ');
  const rows = await w.t.db.pool.query<{ name: string; state: string }>(sql);
  return new Map(rows.rows.map((r) => [r.name, r.state]));
}

describe(`every route, fuzzed (seed ${SEED})`, () => {
  it('answers no 5xx, and writes nothing when it answers 400 or more', async () => {
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    let sent = 0;
    let state = await tableState();
    let xid = await nextXid();
    const operations = [...HIDDEN, ...w.operations];
    const check = async (caller: Caller, op: Operation, parts: RequestParts) => {
      const req = toRequest(op, parts);
      const res = await send(w.app, op, caller, req);
      sent++;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      const nowXid = await nextXid();
      const after = nowXid === xid ? state : await tableState();
      xid = nowXid;
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ← ${describeRequest(caller, op, req)}`);
      if (res.statusCode >= 400) {
        const allowed = WRITES_ON_FAILURE[`${op.method} ${op.path}`] ?? [];
        const written = [...after.keys()].filter((k) => state.get(k) !== after.get(k) && !allowed.includes(k));
        if (written.length) failures.push(`${res.statusCode} wrote ${written.join(', ')} ← ${describeRequest(caller, op, req)}`);
      }
      state = after;
      return res.statusCode;
    };
    for (const [ci, caller] of w.callers.entries()) {
      for (const [oi, op] of operations.entries()) {
        let succeeded: RequestParts | undefined;
        for (const parts of fc.sample(requestArbitrary(op, w.known), { numRuns: RUNS, seed: SEED + ci * 7919 + oi })) {
          if ((await check(caller, op, parts)) < 300) succeeded = parts;
        }
        if (!succeeded || ENDS_SESSION.has(`${op.method} ${op.path}`)) continue;
        const slots = Math.min(textSlots(succeeded), MAX_SLOTS);
        const offset = (SEED + oi) % 5;
        for (let slot = 0; slot < slots; slot++) await check(caller, op, withText(succeeded, slot + offset, HOSTILE_TEXT[(slot + offset) % 5]!));
      }
    }
    const summary = `seed ${SEED}, ${sent} requests, statuses ${JSON.stringify(statuses)}`;
    // The run must have reached the services, not only the validator and the login check.
    const reached = Object.entries(statuses).filter(([s]) => Number(s) < 400 || s === '404' || s === '409').reduce((n, [, c]) => n + c, 0);
    expect(reached, summary).toBeGreaterThan(sent / 10);
    expect(failures, summary).toEqual([]);
  }, 300_000);
});

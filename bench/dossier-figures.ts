/**
 * The dossier desk's aggregate reads at scale: `npm run bench -- dossier-figures [--dossiers 100000] [--runs 30]`.
 * Writes N dossier rows straight into the table (spread over every current commune and a year,
 * in every state; the engine's services are measured by the `dossiers` benchmark, this one
 * measures reads), then times the figures of a month for a commune, a province and the nation,
 * the overdue badge and the first queue page, and prints the query plans' scans so an index
 * that stops being used shows. Last line:
 * {"bench":"dossier-figures","engine":…,"dossiers":…,"figures_commune_p95_ms":…,"figures_province_p95_ms":…,"figures_nation_p95_ms":…,"overdue_p95_ms":…,"queue_p95_ms":…,"plans":{…}}
 */
import type { OfficerActor } from '../src/kernel/actor.js';
import { dossierFigures, listDossiers, overdueCount } from '../src/modules/dossiers/index.js';
import { args, freshDatabase, log } from './common.js';

const opts = args({ dossiers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' } });
const N = Number(opts.dossiers);
const RUNS = Number(opts.runs);

const bench = await freshDatabase();
const { db, ctx } = bench;
try {
  const t0 = Date.now();
  // States by share: most are finished; the rest spread over the path. Dates over 2025-06 … 2026-05.
  await db.pool.query(
    `WITH u AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(province_code ORDER BY code) AS provinces, count(*)::int AS n FROM admin_unit WHERE level = 'commune' AND valid_to IS NULL),
          g AS (SELECT i, u.codes[1 + (i::bigint * 7919) % u.n] AS unit_code, u.provinces[1 + (i::bigint * 7919) % u.n] AS province_code,
                       timestamptz '2025-06-01 08:00+07' + ((i::bigint * 104729) % 365) * interval '1 day' AS at,
                       (ARRAY['result_notified', 'result_notified', 'result_notified', 'result_notified', 'result_notified', 'result_notified', 'refused', 'in_review', 'received', 'submitted'])[1 + i % 10] AS state
                  FROM generate_series(1, $1::int) i, u)
     INSERT INTO dossier (id, code, procedure_code, unit_code, province_code, applicant_person_id, applicant_pin, applicant_name, channel, request_id, form,
                          submitted_at, submitted_by, state, last_seq, received_at, received_on, due_date, assigned_to, decided_at, decided_on, decision_working_days, notified_at, notified_late)
     SELECT gen_random_uuid(), unit_code || '-' || i, 'RES.temporary-registration', unit_code, province_code, gen_random_uuid(), lpad(i::text, 12, '0'), 'Nguyễn Văn A',
            (ARRAY['portal', 'portal', 'counter', 'mobile_team'])[1 + i % 4], 'bench-' || i, '{}'::jsonb,
            at, 'bench', state, 6, at, at::date, at::date + 5,
            CASE WHEN i % 3 = 0 THEN 'officer-' || (i % 50) END,
            CASE WHEN state IN ('approved', 'rejected', 'result_notified') THEN at + interval '3 days' END,
            CASE WHEN state IN ('approved', 'rejected', 'result_notified') THEN (at + interval '3 days')::date END,
            CASE WHEN state IN ('approved', 'rejected', 'result_notified') THEN 2 + i % 3 END,
            CASE WHEN state = 'result_notified' THEN at + interval '4 days' + (i % 4) * interval '1 day' END,
            CASE WHEN state = 'result_notified' THEN i % 4 = 3 END
       FROM g`,
    [N],
  );
  // VACUUM too, so the visibility map lets the figures' indexes answer without the table (as on a settled database).
  await db.pool.query('VACUUM ANALYZE dossier');
  log(`${N} dossiers written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const someCommune = (await db.pool.query<{ unit_code: string; province_code: string }>('SELECT unit_code, province_code FROM dossier GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1')).rows[0]!;
  const commune: OfficerActor = { kind: 'officer', id: 'officer-1', username: 'b.commune', role: 'commune_officer', unitLevel: 'commune', unitCode: someCommune.unit_code, provinceCode: someCommune.province_code };
  const province: OfficerActor = { ...commune, username: 'b.province', role: 'province_officer', unitLevel: 'province', unitCode: someCommune.province_code };
  const nation: OfficerActor = { ...commune, username: 'b.nation', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
  const period = { from: '2026-01-01', to: '2026-01-31' };

  const p95 = async (f: () => Promise<unknown>) => {
    await f();
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await f();
      xs.push(performance.now() - s);
    }
    xs.sort((a, b) => a - b);
    return Number(xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!.toFixed(1));
  };
  const figuresCommune = await p95(() => dossierFigures(ctx, commune, period));
  const figuresProvince = await p95(() => dossierFigures(ctx, province, period));
  const figuresNation = await p95(() => dossierFigures(ctx, nation, period));
  const overdue = await p95(() => overdueCount(ctx, commune));
  const queue = await p95(() => listDossiers(ctx, commune, { page: 1, pageSize: 20, purpose: { code: 'dossier_processing' } }));
  await ctx.accessLog.drain();

  // The plans: which scans the database chose for the month's figures of a province.
  const plan = async (sql: string, params: unknown[]) => {
    const r = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    const text = r.rows.map((x) => x['QUERY PLAN']).join('\n');
    log(text);
    return [...new Set([...text.matchAll(/(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan) (?:using (\S+) )?on (\S+)/g)].map((m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''}`))];
  };
  const plans = {
    filed: await plan("SELECT unit_code, count(*) FROM dossier WHERE province_code = ANY($1::text[]) AND submitted_at >= $2 AND submitted_at < $3 GROUP BY 1", [[someCommune.province_code], '2026-01-01T00:00+07', '2026-02-01T00:00+07']),
    decided: await plan('SELECT unit_code, count(*), sum(decision_working_days) FROM dossier WHERE province_code = ANY($1::text[]) AND decided_on BETWEEN $2 AND $3 GROUP BY 1', [[someCommune.province_code], '2026-01-01', '2026-01-31']),
    notified: await plan('SELECT unit_code, count(*) FILTER (WHERE notified_late) FROM dossier WHERE province_code = ANY($1::text[]) AND notified_at >= $2 AND notified_at < $3 GROUP BY 1', [[someCommune.province_code], '2026-01-01T00:00+07', '2026-02-01T00:00+07']),
    overdue: await plan("SELECT count(*) FROM dossier WHERE province_code = ANY($1::text[]) AND unit_code = $2 AND state = ANY($3::text[]) AND due_date < $4", [[someCommune.province_code], someCommune.unit_code, ['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected'], '2026-06-01']),
  };
  process.stdout.write(
    `${JSON.stringify({ bench: 'dossier-figures', engine: bench.engine, dossiers: N, runs: RUNS, figures_commune_p95_ms: figuresCommune, figures_province_p95_ms: figuresProvince, figures_nation_p95_ms: figuresNation, overdue_p95_ms: overdue, queue_p95_ms: queue, plans })}\n`,
  );
} finally {
  await bench.close();
}

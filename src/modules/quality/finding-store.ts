import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import type { Defect, RuleCode } from './rules.js';

export interface CheckedSubject {
  kind: 'person' | 'household';
  id: string;
  ref: string;
  unitCode: string | null;
  provinceCode: string | null;
  defects: Defect[];
}

/**
 * Writes what one check of these subjects found, against these rules: a defect found opens its
 * finding (or refreshes it; one fixed earlier opens again; one an officer accepted stays
 * accepted), and an open finding the check no longer finds is closed as fixed. `gone` are
 * subjects that no longer exist (a merged duplicate): their open findings close too.
 * Returns how many findings were opened.
 */
export async function applyChecks(db: Executor, subjects: CheckedSubject[], rules: readonly RuleCode[], gone: string[], at: Date): Promise<number> {
  const rows = subjects.flatMap((s) => s.defects.map((d) => ({ s, d })));
  let opened = 0;
  if (rows.length > 0) {
    const r = await db.query<{ inserted: boolean }>(
      `INSERT INTO quality_finding (id, rule, subject_kind, subject_id, subject_ref, unit_code, province_code, detail, found_at, seen_at)
       SELECT * , $9::timestamptz, $9::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
       ON CONFLICT (rule, subject_id) DO UPDATE SET
         seen_at = EXCLUDED.seen_at, detail = EXCLUDED.detail, unit_code = EXCLUDED.unit_code, province_code = EXCLUDED.province_code,
         subject_ref = EXCLUDED.subject_ref,
         state = CASE WHEN quality_finding.state = 'fixed' THEN 'open' ELSE quality_finding.state END,
         found_at = CASE WHEN quality_finding.state = 'fixed' THEN EXCLUDED.found_at ELSE quality_finding.found_at END,
         closed_at = CASE WHEN quality_finding.state = 'fixed' THEN NULL ELSE quality_finding.closed_at END,
         closed_by = CASE WHEN quality_finding.state = 'fixed' THEN NULL ELSE quality_finding.closed_by END
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map(() => newId()),
        rows.map((x) => x.d.rule),
        rows.map((x) => x.s.kind),
        rows.map((x) => x.s.id),
        rows.map((x) => x.s.ref),
        rows.map((x) => x.s.unitCode),
        rows.map((x) => x.s.provinceCode),
        rows.map((x) => JSON.stringify(x.d.detail)),
        at,
      ],
    );
    opened = r.rows.filter((x) => x.inserted).length;
  }
  if (subjects.length > 0) {
    // Open findings of the checked rules on these subjects that this check did not find again.
    await db.query(
      `UPDATE quality_finding f SET state = 'fixed', closed_at = $4, closed_by = 'system'
       WHERE f.subject_id = ANY($1::uuid[]) AND f.rule = ANY($2::text[]) AND f.state = 'open'
         AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS k(key) WHERE k.key = f.rule || ':' || f.subject_id::text)`,
      [subjects.map((s) => s.id), rules, rows.map((x) => `${x.d.rule}:${x.s.id}`), at],
    );
  }
  if (gone.length > 0) {
    await db.query(`UPDATE quality_finding SET state = 'fixed', closed_at = $2, closed_by = 'system' WHERE subject_id = ANY($1::uuid[]) AND state = 'open'`, [gone, at]);
  }
  return opened;
}

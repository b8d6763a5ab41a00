import { authorize, inScope, scopeFilter, unitCondition } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAccessMany, recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../kernel/table-export.js';
import { QUALITY_READ, QUALITY_REVIEW } from './permissions.js';
import { RULES, type RuleCode } from './rules.js';

export type FindingState = 'open' | 'fixed' | 'accepted';

export interface Finding {
  id: string;
  rule: RuleCode;
  subjectKind: 'person' | 'household';
  /** The PIN or household number. */
  subjectRef: string;
  unitCode: string | null;
  detail: Record<string, unknown>;
  state: FindingState;
  ownerId: string | null;
  reason: string | null;
  foundAt: string;
  closedAt: string | null;
}

export interface FindingQuery {
  rule?: RuleCode;
  state?: FindingState;
  unitCode?: string;
  page: number;
  pageSize: number;
}

interface Row {
  id: string; rule: RuleCode; subject_kind: 'person' | 'household'; subject_ref: string; unit_code: string | null; province_code: string | null;
  detail: Record<string, unknown>; state: FindingState; owner_id: string | null; reason: string | null; found_at: Date; closed_at: Date | null;
}

const toFinding = (r: Row): Finding => ({
  id: r.id, rule: r.rule, subjectKind: r.subject_kind, subjectRef: r.subject_ref, unitCode: r.unit_code, detail: r.detail, state: r.state,
  ownerId: r.owner_id, reason: r.reason, foundAt: r.found_at.toISOString(), closedAt: r.closed_at?.toISOString() ?? null,
});

function whereOf(actor: Actor, q: Omit<FindingQuery, 'page' | 'pageSize'>): { where: string; params: unknown[] } {
  const params: unknown[] = [q.state ?? 'open', q.rule ?? null, q.unitCode ?? null];
  let where = 'state = $1 AND ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR unit_code = $3)';
  const scope = scopeFilter(actor);
  if (scope) where += ` AND ${unitCondition(scope, params)}`;
  return { where, params };
}

/**
 * The cleaning list of the officer's unit: findings by rule, oldest first (the area officer's
 * daily list). PINs shown are access-logged (purpose data cleaning).
 */
export async function listFindings(ctx: AppContext, actor: Actor, q: FindingQuery): Promise<{ items: Finding[]; total: number; page: number; pageSize: number }> {
  authorize(actor, QUALITY_READ);
  const { where, params } = whereOf(actor, q);
  return ctx.db.transaction(async (tx) => {
    const total = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM quality_finding WHERE ${where}`, params);
    const rows = await tx.query<Row>(`SELECT * FROM quality_finding WHERE ${where} ORDER BY found_at, id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params);
    const items = rows.rows.map(toFinding);
    await recordAccessMany(tx, items.filter((f) => f.subjectKind === 'person').map((f) => ({ actor, action: 'person.read', target: { kind: 'person', id: f.subjectRef }, unitCode: f.unitCode, purpose: 'data_cleaning', detail: { list: 'quality_findings', rule: f.rule } })), ctx.clock.now());
    return { items, total: total.rows[0]!.n, page: q.page, pageSize: q.pageSize };
  });
}

const findingNotFound = () => notFound('finding_not_found', { vi: 'Không tìm thấy việc cần làm sạch này trong phạm vi của bạn.', en: 'No such finding in your scope.' });

/**
 * "Correct as it is": the officer checked the record against documents and the rule does not
 * apply (an old person with no known birth day, a child whose parents are unknown). The reason
 * is required and audited; the finding stays accepted when the rule finds it again.
 */
export async function acceptFinding(ctx: AppContext, actor: Actor, id: string, reasonText: string): Promise<Finding> {
  authorize(actor, QUALITY_REVIEW);
  const reason = reasonText.trim().replace(/\s+/g, ' ');
  if (!reason) throw invalid('reason_required', 'reason', { vi: 'Cần ghi lý do xác nhận dữ liệu đúng.', en: 'Say why the record is correct as it is.' });
  return ctx.db.transaction(async (tx) => {
    const r = await tx.query<Row>('SELECT * FROM quality_finding WHERE id = $1 FOR UPDATE', [id]);
    const row = r.rows[0];
    if (!row || !inScope(actor, { communeCode: row.unit_code, provinceCode: row.province_code })) throw findingNotFound();
    if (row.state !== 'open') throw conflict('finding_not_open', { vi: 'Việc này không còn mở.', en: 'This finding is no longer open.' });
    const now = ctx.clock.now();
    const u = await tx.query<Row>(`UPDATE quality_finding SET state = 'accepted', reason = $2, closed_at = $3, closed_by = $4 WHERE id = $1 RETURNING *`, [id, reason, now, actor.id]);
    await recordAudit(tx, { actor, action: 'quality.finding.accept', target: { kind: row.subject_kind, id: row.subject_ref }, unitCode: row.unit_code, purpose: 'data_cleaning', detail: { rule: row.rule, reason } }, now);
    return toFinding(u.rows[0]!);
  });
}

const HEADERS = {
  vi: ['Loại lỗi', 'Đối tượng', 'Số định danh / số hộ', 'Mã đơn vị', 'Chi tiết', 'Trạng thái', 'Ngày phát hiện'],
  en: ['Rule', 'Record', 'PIN / household number', 'Unit code', 'Detail', 'State', 'Found on'],
};
const EXPORT_CAP = 100_000;

/** The labels of a finding's detail keys (rules.ts), as the console shows them. */
const DETAIL_LABELS: Record<string, { vi: string; en: string }> = {
  errors: { vi: 'Lỗi', en: 'Errors' },
  fields: { vi: 'Trường thiếu', en: 'Missing' },
  units: { vi: 'Mã đơn vị', en: 'Unit codes' },
  open: { vi: 'Số nơi thường trú đang mở', en: 'Open permanent residences' },
  openResidences: { vi: 'Nơi cư trú còn mở', en: 'Open residences' },
  inHousehold: { vi: 'Còn trong hộ', en: 'Still in a household' },
  plannedEnd: { vi: 'Hạn tạm trú', en: 'Planned end' },
  sharedWithAnotherRecord: { vi: 'Trùng với hồ sơ khác', en: 'Shared with another record' },
  noLongerLinked: { vi: 'Không còn liên kết', en: 'No longer linked' },
  members: { vi: 'Số thành viên', en: 'Members' },
  livingHeads: { vi: 'Số chủ hộ còn sống', en: 'Living heads' },
};

/** A finding's detail as "label: value; …" for a spreadsheet cell (not JSON). */
export function findingDetailText(detail: Record<string, unknown>, lang: 'vi' | 'en'): string {
  const value = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'boolean' ? (v ? (lang === 'vi' ? 'có' : 'yes') : lang === 'vi' ? 'không' : 'no') : String(v));
  return Object.entries(detail)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${DETAIL_LABELS[k]?.[lang] ?? k}: ${value(v)}`)
    .join('; ');
}

/** The cleaning list as CSV or Excel (capped; the count is in the list header). Logged like the list. */
export async function exportFindings(ctx: AppContext, actor: Actor, q: Omit<FindingQuery, 'page' | 'pageSize'>, format: ExportFormat, lang: 'vi' | 'en'): Promise<ExportFile> {
  const page = await listFindings(ctx, actor, { ...q, page: 1, pageSize: EXPORT_CAP });
  const rows = page.items.map((f) => [RULES[f.rule].label[lang], f.subjectKind, f.subjectRef, f.unitCode, findingDetailText(f.detail, lang), f.state, f.foundAt.slice(0, 10)]);
  return exportFile({ title: lang === 'vi' ? 'Danh sách làm sạch' : 'Cleaning list', columns: HEADERS[lang].map((h, i) => ({ header: h, width: i === 0 ? 40 : 18 })), rows }, format, `quality-findings-${q.unitCode ?? 'all'}`);
}

import { authorize, rolesHolding, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { officersCovering, type OfficerChoice } from '../../kernel/auth/officers.js';
import { nextDay, isIsoDay } from '../../kernel/calendar/working-days.js';
import { dayInVietnam, todayInVietnam } from '../../kernel/clock.js';
import { printedDate } from '../../kernel/partial-date.js';
import type { AppContext } from '../../kernel/context.js';
import { invalid } from '../../kernel/errors.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { exportFile, type ExportFile, type ExportFormat, type ExportTable } from '../../kernel/table-export.js';
import { listProvinces } from '../units/index.js';
import { assertMaySee, listDossiers, OPEN_STATES, STATUS_NAMES, type QueueQuery } from './dossier-service.js';
import { countOverdue, figureSums, type FigureSums, type Scope } from './figures-store.js';
import type { Channel } from './model.js';
import { DOSSIERS_PROCESS, DOSSIERS_READ } from './permissions.js';
import * as store from './store.js';

/**
 * The officer's desk around the queue: whom a dossier can be assigned to, how many dossiers
 * are overdue (the menu badge), the queue as a file, and the figures of a period per commune
 * or per province.
 */

type Lang = 'vi' | 'en';
export const QUEUE_EXPORT_CAP = 10_000;

/** Officers a dossier may be assigned to: active, holding dossiers.process, of its commune or its province. */
export async function listAssignees(ctx: AppContext, actor: Actor, dossierId: string): Promise<OfficerChoice[]> {
  authorize(actor, DOSSIERS_PROCESS);
  const d = await store.findDossier(ctx.db.pool, dossierId);
  assertMaySee(actor, d, undefined);
  return officersCovering(ctx.db.pool, rolesHolding(DOSSIERS_PROCESS), { communeCode: d.unitCode, provinceCode: d.provinceCode });
}

const unitNotFound = (field = 'unitCode') => invalid('unit_not_found', field, { vi: 'Không có đơn vị hành chính với mã này trong phạm vi của bạn.', en: 'No administrative unit with this code is in your scope.' });

/** Where the actor's figures and counts come from, narrowed to `unitCode` (a province or commune in scope). */
async function scopeOf(ctx: AppContext, actor: Actor, unitCode: string | undefined): Promise<{ scope: Scope; by: 'province' | 'commune'; provinces?: Array<{ code: string; name: string }> }> {
  const own = scopeFilter(actor);
  if (unitCode !== undefined && !/^(\d{2}|\d{5})$/.test(unitCode)) throw unitNotFound();
  if (own?.level === 'commune') {
    if (unitCode && unitCode !== own.code) throw unitNotFound();
    const province = await ctx.units.provinceOfCommune(own.code);
    return { scope: { provinces: province ? [province] : [], unitCode: own.code }, by: 'commune' };
  }
  if (unitCode?.length === 5) {
    const province = await ctx.units.provinceOfCommune(unitCode);
    if (!province || (own && own.code !== province)) throw unitNotFound();
    return { scope: { provinces: [province], unitCode }, by: 'commune' };
  }
  if (own?.level === 'province') {
    if (unitCode && unitCode !== own.code) throw unitNotFound();
    return { scope: { provinces: [own.code] }, by: 'commune' };
  }
  if (unitCode) {
    if (!(await ctx.units.unitName('province', unitCode))) throw unitNotFound();
    return { scope: { provinces: [unitCode] }, by: 'commune' };
  }
  const provinces = await listProvinces(ctx);
  return { scope: { provinces: provinces.map((p) => p.code) }, by: 'province', provinces };
}

/** Open dossiers of the actor's unit past their appointment date (all, and those assigned to the actor). */
export async function overdueCount(ctx: AppContext, actor: Actor): Promise<{ overdue: number; mine: number }> {
  authorize(actor, DOSSIERS_READ);
  const { scope } = await scopeOf(ctx, actor, undefined);
  const today = todayInVietnam(ctx.clock);
  const overdue = await countOverdue(ctx.db.pool, scope, OPEN_STATES, today);
  const mine = actor.kind === 'officer' && overdue > 0 ? await countOverdue(ctx.db.pool, scope, OPEN_STATES, today, actor.id) : 0;
  return { overdue, mine };
}

// ───────────────────────────── the queue as a file ─────────────────────────────

const CHANNEL_NAMES: Record<Channel, Record<Lang, string>> = {
  counter: { vi: 'Tại quầy', en: 'Counter' },
  portal: { vi: 'Trực tuyến', en: 'Online' },
  mobile_team: { vi: 'Lưu động', en: 'Mobile team' },
};
const H = {
  no: { vi: 'STT', en: 'No.' },
  code: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  applicant: { vi: 'Người nộp', en: 'Applicant' },
  pin: { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
  channel: { vi: 'Kênh nộp', en: 'Channel' },
  state: { vi: 'Trạng thái', en: 'State' },
  submitted: { vi: 'Ngày nộp', en: 'Filed on' },
  due: { vi: 'Ngày hẹn trả', en: 'Appointment date' },
  flag: { vi: 'Cảnh báo', en: 'Warning' },
  assigned: { vi: 'Cán bộ được phân công', en: 'Assigned officer' },
} as const;

/** The filtered queue as CSV or Excel: every applicant in it is access-logged with the officer's purpose. */
export async function exportDossiers(ctx: AppContext, actor: Actor, q: Omit<QueueQuery, 'page' | 'pageSize'> & { format: ExportFormat; lang?: Lang | undefined }): Promise<ExportFile> {
  const lang = q.lang ?? 'vi';
  // The page read logs each applicant once with the purpose; the export adds its own rows below.
  const page = await listDossiers(ctx, actor, { ...q, page: 1, pageSize: QUEUE_EXPORT_CAP + 1, purpose: q.purpose });
  if (page.items.length > QUEUE_EXPORT_CAP) {
    throw invalid('export_too_large', 'filter', { vi: `Hàng đợi có ${page.total} hồ sơ; mỗi lần xuất tối đa ${QUEUE_EXPORT_CAP}. Hãy lọc hẹp hơn.`, en: `The queue holds ${page.total} dossiers; an export holds at most ${QUEUE_EXPORT_CAP}. Narrow the filter.` });
  }
  const table: ExportTable = {
    title: lang === 'vi' ? 'Hồ sơ thủ tục hành chính' : 'Dossiers',
    columns: [
      { header: H.no[lang], width: 6 },
      { header: H.code[lang], width: 22 },
      { header: H.procedure[lang], width: 40 },
      { header: H.applicant[lang], width: 26 },
      { header: H.pin[lang], width: 16 },
      { header: H.channel[lang], width: 12 },
      { header: H.state[lang], width: 30 },
      { header: H.submitted[lang], width: 12 },
      { header: H.due[lang], width: 12 },
      { header: H.flag[lang], width: 12 },
      { header: H.assigned[lang], width: 30 },
    ],
    rows: page.items.map((d, i) => [
      i + 1,
      d.code,
      d.procedure.name[lang],
      d.applicant.fullName,
      d.applicant.pin,
      CHANNEL_NAMES[d.channel][lang],
      STATUS_NAMES[d.state][lang],
      printedDate(dayInVietnam(d.submittedAt)),
      d.dueDate ? printedDate(d.dueDate) : null,
      d.overdue ? (lang === 'vi' ? 'Quá hạn' : 'Overdue') : d.dueSoon ? (lang === 'vi' ? 'Sắp đến hạn' : 'Due soon') : null,
      d.assignedName,
    ]),
  };
  const unit = actor.kind === 'officer' ? (q.unitCode ?? actor.unitCode ?? 'toan-quoc') : 'he-thong';
  const file = await exportFile(table, q.format, `ho-so-${unit}-${todayInVietnam(ctx.clock)}`);
  await ctx.accessLog.append(
    page.items.map((d) => ({ actor, action: 'dossier.exported', target: { kind: 'person', id: d.applicant.pin }, unitCode: d.unitCode, purpose: q.purpose.code, purposeNote: q.purpose.note ?? null, dossier: d.code, detail: { format: q.format } })),
    ctx.clock.now(),
  );
  return file;
}

// ───────────────────────────── figures ─────────────────────────────

export interface FigureRow {
  /** Province or commune code; `total` for the sum of the rows. */
  code: string;
  name: string;
  /** Filed in the period (by filing time), and of them online. */
  filed: number;
  filedOnline: number;
  /** filedOnline / filed, or null when nothing was filed. */
  onlineShare: number | null;
  /** Received complete in the period (by reception day: the CT04 receipt). */
  received: number;
  /** Decided in the period (approved or rejected, by decision day). */
  decided: number;
  /** Average working days from the reception day (not counted) to the decision day, over those decided in the period. */
  avgWorkingDays: number | null;
  /** Average calendar days from the reception day to the decision day, same dossiers. */
  avgCalendarDays: number | null;
  /** Result notices given in the period (CT08 or CT06), on time (on or before the appointment date) and late. */
  resultsGiven: number;
  onTime: number;
  late: number;
  onTimeShare: number | null;
  /** Open dossiers past their appointment date today (not tied to the period). */
  overdueNow: number;
}

export interface Figures {
  from: string;
  to: string;
  asOf: string;
  /** Rows per province (the nation) or per commune (a province, or one commune). */
  by: 'province' | 'commune';
  unitCode: string | null;
  rows: FigureRow[];
  total: FigureRow;
}

export interface FiguresQuery {
  from?: string | undefined;
  to?: string | undefined;
  unitCode?: string | undefined;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

function toRow(code: string, name: string, s: Omit<FigureSums, 'key'>): FigureRow {
  return {
    code,
    name,
    filed: s.filed,
    filedOnline: s.filedOnline,
    onlineShare: ratio(s.filedOnline, s.filed),
    received: s.received,
    decided: s.decided,
    avgWorkingDays: average(s.workingDaysSum, s.workingDaysN),
    avgCalendarDays: average(s.calendarDaysSum, s.decided),
    resultsGiven: s.resultsGiven,
    onTime: s.resultsGiven - s.late,
    late: s.late,
    onTimeShare: ratio(s.resultsGiven - s.late, s.resultsGiven),
    overdueNow: s.overdueNow,
  };
}

const ZERO: Omit<FigureSums, 'key'> = { filed: 0, filedOnline: 0, received: 0, decided: 0, workingDaysSum: 0, workingDaysN: 0, calendarDaysSum: 0, resultsGiven: 0, late: 0, overdueNow: 0 };

function period(ctx: AppContext, q: FiguresQuery): { from: string; to: string } {
  const today = todayInVietnam(ctx.clock);
  const from = q.from ?? `${today.slice(0, 8)}01`;
  const to = q.to ?? today;
  if (!isIsoDay(from)) throw invalid('date_invalid', 'from', { vi: 'Ngày bắt đầu không hợp lệ.', en: 'The first day is not a valid date.' });
  if (!isIsoDay(to)) throw invalid('date_invalid', 'to', { vi: 'Ngày kết thúc không hợp lệ.', en: 'The last day is not a valid date.' });
  if (to < from) throw invalid('period_invalid', 'to', { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The last day must not be before the first.' });
  if (Date.parse(to) - Date.parse(from) > 3 * 366 * 86_400_000) throw invalid('period_too_long', 'from', { vi: 'Kỳ báo cáo tối đa 3 năm.', en: 'A period is at most 3 years.' });
  return { from, to };
}

/**
 * The figures of a period: per commune for a commune or province officer (or a province a
 * national officer picks), per province for the nation. Counted by the database (figures-store.ts).
 */
export async function dossierFigures(ctx: AppContext, actor: Actor, q: FiguresQuery): Promise<Figures> {
  authorize(actor, DOSSIERS_READ);
  const { from, to } = period(ctx, q);
  const { scope, by, provinces } = await scopeOf(ctx, actor, q.unitCode);
  const today = todayInVietnam(ctx.clock);
  const sums = await figureSums(ctx.db.pool, scope, by, { from, to, start: new Date(`${from}T00:00:00+07:00`), end: new Date(`${nextDay(to)}T00:00:00+07:00`), today }, OPEN_STATES);
  const byKey = new Map(sums.map((s) => [s.key, s]));
  const rows: FigureRow[] = [];
  if (by === 'province') {
    // Every province, with nothing counted as zeros, so a quiet province shows.
    for (const p of provinces ?? []) rows.push(toRow(p.code, p.name, byKey.get(p.code) ?? ZERO));
  } else {
    const codes = scope.unitCode ? [scope.unitCode] : sums.map((s) => s.key);
    for (const code of codes) rows.push(toRow(code, (await ctx.units.unitName('commune', code)) ?? code, byKey.get(code) ?? ZERO));
  }
  const total = sums.reduce<Omit<FigureSums, 'key'>>(
    (a, s) => ({
      filed: a.filed + s.filed,
      filedOnline: a.filedOnline + s.filedOnline,
      received: a.received + s.received,
      decided: a.decided + s.decided,
      workingDaysSum: a.workingDaysSum + s.workingDaysSum,
      workingDaysN: a.workingDaysN + s.workingDaysN,
      calendarDaysSum: a.calendarDaysSum + s.calendarDaysSum,
      resultsGiven: a.resultsGiven + s.resultsGiven,
      late: a.late + s.late,
      overdueNow: a.overdueNow + s.overdueNow,
    }),
    ZERO,
  );
  return { from, to, asOf: ctx.clock.now().toISOString(), by, unitCode: q.unitCode ?? scope.unitCode ?? null, rows, total: toRow('total', 'total', total) };
}

const FH = {
  unit: { vi: 'Đơn vị', en: 'Unit' },
  code: { vi: 'Mã', en: 'Code' },
  filed: { vi: 'Hồ sơ nộp', en: 'Filed' },
  online: { vi: 'Nộp trực tuyến', en: 'Filed online' },
  onlineShare: { vi: 'Tỷ lệ trực tuyến (%)', en: 'Online share (%)' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  decided: { vi: 'Đã giải quyết', en: 'Decided' },
  avgWorking: { vi: 'Ngày làm việc đến khi giải quyết (TB)', en: 'Working days to decision (avg)' },
  avgCalendar: { vi: 'Ngày lịch đến khi giải quyết (TB)', en: 'Calendar days to decision (avg)' },
  given: { vi: 'Đã trả kết quả', en: 'Results given' },
  onTime: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Trễ hạn', en: 'Late' },
  onTimeShare: { vi: 'Tỷ lệ đúng hạn (%)', en: 'On-time share (%)' },
  overdue: { vi: 'Đang quá hạn', en: 'Overdue now' },
} as const;
const percent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/** The figures as CSV or Excel (counts only: no person is named, nothing to access-log). */
export async function exportFigures(ctx: AppContext, actor: Actor, q: FiguresQuery & { format: ExportFormat; lang?: Lang | undefined }): Promise<ExportFile> {
  const f = await dossierFigures(ctx, actor, q);
  const lang = q.lang ?? 'vi';
  const line = (r: FigureRow, name: string): Array<string | number | null> => [
    r.code === 'total' ? null : r.code,
    name,
    r.filed,
    r.filedOnline,
    percent(r.onlineShare),
    r.received,
    r.decided,
    r.avgWorkingDays,
    r.avgCalendarDays,
    r.resultsGiven,
    r.onTime,
    r.late,
    percent(r.onTimeShare),
    r.overdueNow,
  ];
  const table: ExportTable = {
    title: lang === 'vi' ? `Số liệu hồ sơ ${printedDate(f.from)}–${printedDate(f.to)}` : `Dossier figures ${f.from}–${f.to}`,
    columns: [
      { header: FH.code[lang], width: 8 },
      { header: FH.unit[lang], width: 30 },
      ...[FH.filed, FH.online, FH.onlineShare, FH.received, FH.decided, FH.avgWorking, FH.avgCalendar, FH.given, FH.onTime, FH.late, FH.onTimeShare, FH.overdue].map((h) => ({ header: h[lang], width: 14 })),
    ],
    rows: [...f.rows.map((r) => line(r, r.name)), line(f.total, lang === 'vi' ? 'Tổng cộng' : 'Total')],
  };
  return exportFile(table, q.format, `so-lieu-ho-so-${f.unitCode ?? 'toan-quoc'}-${f.from}-${f.to}`);
}

export type { ReadPurpose, OfficerChoice };

import { authorize, inScope, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AuditEntry } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { invalid } from '../../kernel/errors.js';
import { printedDate } from '../../kernel/partial-date.js';
import { exportFile, type ExportFile, type ExportFormat, type ExportTable } from './list-export.js';
import * as lists from './list-store.js';
import type { PersonStatus } from './model.js';
import { PEOPLE_READ } from './permissions.js';
import type { Sex } from './pin.js';
import { viFold } from './vi-sort.js';
import type { ReadPurpose } from '../../kernel/purposes.js';

/**
 * The officer's lists: people by filters without a name, and the unit's households, paged and
 * sorted in Vietnamese order, each person or household shown written to the access log; and
 * the same lists as CSV or Excel files, which need a purpose and stop at EXPORT_CAP rows.
 */

/** An export holds at most this many rows; a wider filter is refused with the count, not cut short. */
export const EXPORT_CAP = 10_000;
/** Browsing the unit's lists is official work unless the officer names another purpose. */
export const LIST_PURPOSE: ReadPurpose = { code: 'official_lookup' };

export type Lang = 'vi' | 'en';

export interface PeopleListQuery {
  unitCode?: string | undefined;
  status?: PersonStatus | undefined;
  sex?: Sex | undefined;
  /** `YYYY` or `YYYY-MM`. */
  bornIn?: string | undefined;
  /** Aged 14 or more today. */
  aged14?: boolean | undefined;
  /** `YYYY` or `YYYY-MM`. */
  diedIn?: string | undefined;
  /** No old identity number (9 or 12 digits) recorded. */
  noIdNumber?: boolean | undefined;
  sort?: lists.PeopleSort | undefined;
  dir?: lists.Direction | undefined;
}

export interface HouseholdListQuery {
  unitCode?: string | undefined;
  headless?: boolean | undefined;
  minMembers?: number | undefined;
  maxMembers?: number | undefined;
  /** Part of the address (street, hamlet …), matched without case or diacritics. */
  address?: string | undefined;
  sort?: lists.HouseholdSort | undefined;
  dir?: lists.Direction | undefined;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/** The last birth day of people who are 14 or more today (`YYYY-MM-DD`). */
export function bornByForAge(today: string, years: number): string {
  return `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`;
}

/** A narrower unit must lie inside the actor's scope; outside it the answer says so (as search does). */
async function requireUnitInScope(ctx: AppContext, actor: Actor, unitCode: string | undefined): Promise<void> {
  if (!unitCode) return;
  const ref = unitCode.length === 2 ? { provinceCode: unitCode } : { communeCode: unitCode, provinceCode: (await ctx.units.provinceOfCommune(unitCode)) ?? null };
  if (!inScope(actor, ref) || (unitCode.length === 2 && actor.kind === 'officer' && actor.unitLevel === 'commune')) {
    throw invalid('unit_out_of_scope', 'unitCode', { vi: 'Đơn vị lọc nằm ngoài phạm vi quản lý của bạn.', en: 'The unit filter is outside your scope.' });
  }
}

function peopleFilter(ctx: AppContext, q: PeopleListQuery): lists.PeopleFilter {
  if (q.bornIn && q.bornIn.length === 7 && Number(q.bornIn.slice(5)) > 12) throw invalid('month_invalid', 'bornIn', { vi: 'Tháng không hợp lệ.', en: 'Not a valid month.' });
  if (q.diedIn && q.diedIn.length === 7 && Number(q.diedIn.slice(5)) > 12) throw invalid('month_invalid', 'diedIn', { vi: 'Tháng không hợp lệ.', en: 'Not a valid month.' });
  return {
    unitCode: q.unitCode,
    status: q.status,
    sex: q.sex,
    bornIn: q.bornIn,
    bornBy: q.aged14 ? bornByForAge(todayInVietnam(ctx.clock), 14) : undefined,
    diedIn: q.diedIn,
    noIdNumber: q.noIdNumber,
  };
}

function householdFilter(q: HouseholdListQuery): lists.HouseholdFilter {
  if (q.minMembers !== undefined && q.maxMembers !== undefined && q.minMembers > q.maxMembers) {
    throw invalid('range_reversed', 'maxMembers', { vi: 'Số thành viên tối đa nhỏ hơn tối thiểu.', en: 'The largest size is below the smallest.' });
  }
  const address = q.address?.trim();
  return { unitCode: q.unitCode, headless: q.headless, minMembers: q.minMembers, maxMembers: q.maxMembers, addressFolded: address ? viFold(address) : undefined };
}

const personEntry = (actor: Actor, action: string, p: { pin: string; unitCode: string | null }, purpose: ReadPurpose, detail: Record<string, unknown>): AuditEntry => ({ actor, action, target: { kind: 'person', id: p.pin }, unitCode: p.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail });

/** A page of people by filters (no name needed), sorted; every person shown is access-logged first. */
export async function listPeople(ctx: AppContext, actor: Actor, q: PeopleListQuery & { page: number; pageSize: number; purpose?: ReadPurpose | undefined }): Promise<ListPage<lists.PersonListRow>> {
  authorize(actor, PEOPLE_READ);
  await requireUnitInScope(ctx, actor, q.unitCode);
  const r = await lists.listPeople(ctx.db.pool, scopeFilter(actor), peopleFilter(ctx, q), { sort: q.sort ?? 'name', dir: q.dir ?? 'asc' }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  await ctx.accessLog.append(r.rows.map((p) => personEntry(actor, 'person.listed', p, q.purpose ?? LIST_PURPOSE, { list: 'people' })), ctx.clock.now());
  return { items: r.rows, total: r.total, totalCapped: r.totalCapped, page: q.page, pageSize: q.pageSize };
}

/** A page of the unit's households with head and size, sorted; each household and head shown is access-logged. */
export async function listHouseholds(ctx: AppContext, actor: Actor, q: HouseholdListQuery & { page: number; pageSize: number; purpose?: ReadPurpose | undefined }): Promise<ListPage<lists.HouseholdListRow>> {
  authorize(actor, PEOPLE_READ);
  await requireUnitInScope(ctx, actor, q.unitCode);
  const r = await lists.listHouseholds(ctx.db.pool, scopeFilter(actor), householdFilter(q), { sort: q.sort ?? 'householdNo', dir: q.dir ?? 'asc' }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  await ctx.accessLog.append(householdEntries(actor, r.rows, 'household.listed', 'person.listed', q.purpose ?? LIST_PURPOSE, {}), ctx.clock.now());
  return { items: r.rows, total: r.total, totalCapped: r.totalCapped, page: q.page, pageSize: q.pageSize };
}

function householdEntries(actor: Actor, rows: lists.HouseholdListRow[], householdAction: string, personAction: string, purpose: ReadPurpose, detail: Record<string, unknown>): AuditEntry[] {
  return rows.flatMap((h) => [
    { actor, action: householdAction, target: { kind: 'household', id: h.householdNo }, unitCode: h.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { ...detail, list: 'households' } },
    ...(h.headPin ? [personEntry(actor, personAction, { pin: h.headPin, unitCode: h.unitCode }, purpose, { ...detail, list: 'households', as: 'head' })] : []),
  ]);
}

function tooMany(total: number, capped: boolean): never {
  const n = capped ? `> ${EXPORT_CAP}` : String(total);
  throw invalid('export_too_large', 'filter', {
    vi: `Danh sách có ${n} dòng; mỗi lần xuất tối đa ${EXPORT_CAP}. Hãy lọc hẹp hơn (theo xã/phường, năm sinh…).`,
    en: `The list has ${n} rows; an export holds at most ${EXPORT_CAP}. Narrow the filter (by commune, birth year …).`,
  });
}

const dateText = (d: string | null) => (d ? printedDate(d) : null);

async function unitNames(ctx: AppContext, codes: Array<string | null>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const code of new Set(codes)) {
    if (code) out.set(code, (await ctx.units.unitName('commune', code)) ?? code);
  }
  return out;
}

const H = {
  no: { vi: 'STT', en: 'No.' },
  pin: { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  birth: { vi: 'Ngày sinh', en: 'Date of birth' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  status: { vi: 'Tình trạng', en: 'Status' },
  death: { vi: 'Ngày mất', en: 'Date of death' },
  unit: { vi: 'Xã/phường', en: 'Commune' },
  householdNo: { vi: 'Số hộ', en: 'Household number' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  head: { vi: 'Chủ hộ', en: 'Head of household' },
  headPin: { vi: 'Số định danh chủ hộ', en: 'Head’s personal ID number' },
  members: { vi: 'Số thành viên', en: 'Members' },
  noHead: { vi: '(không có chủ hộ)', en: '(no head)' },
};
const SEX = { M: { vi: 'Nam', en: 'Male' }, F: { vi: 'Nữ', en: 'Female' } };
const STATUS = { living: { vi: 'Còn sống', en: 'Living' }, deceased: { vi: 'Đã mất', en: 'Deceased' }, missing: { vi: 'Mất tích', en: 'Missing' } };

function fileStem(ctx: AppContext, actor: Actor, list: string): string {
  const unit = actor.kind === 'officer' ? (actor.unitCode ?? 'toan-quoc') : 'he-thong';
  return `${list}-${unit}-${todayInVietnam(ctx.clock)}`;
}

/** People by filters as CSV or Excel: every exported person is access-logged with the officer's purpose before the file leaves. */
export async function exportPeople(ctx: AppContext, actor: Actor, q: PeopleListQuery & { format: ExportFormat; purpose: ReadPurpose; lang?: Lang | undefined }): Promise<ExportFile> {
  authorize(actor, PEOPLE_READ);
  await requireUnitInScope(ctx, actor, q.unitCode);
  const r = await lists.listPeople(ctx.db.pool, scopeFilter(actor), peopleFilter(ctx, q), { sort: q.sort ?? 'name', dir: q.dir ?? 'asc' }, { limit: EXPORT_CAP + 1, offset: 0 });
  if (r.rows.length > EXPORT_CAP) tooMany(r.total, r.totalCapped);
  const lang = q.lang ?? 'vi';
  const names = await unitNames(ctx, r.rows.map((p) => p.unitCode));
  const table: ExportTable = {
    title: lang === 'vi' ? 'Danh sách công dân' : 'People',
    columns: [
      { header: H.no[lang], width: 6 },
      { header: H.pin[lang], width: 16 },
      { header: H.name[lang], width: 28 },
      { header: H.birth[lang], width: 12 },
      { header: H.sex[lang], width: 8 },
      { header: H.status[lang], width: 10 },
      { header: H.death[lang], width: 12 },
      { header: H.unit[lang], width: 24 },
    ],
    rows: r.rows.map((p, i) => [i + 1, p.pin, p.fullName, dateText(p.birthDate), SEX[p.sex][lang], STATUS[p.status][lang], dateText(p.deathDate), p.unitCode ? (names.get(p.unitCode) ?? p.unitCode) : null]),
  };
  const file = await exportFile(table, q.format, fileStem(ctx, actor, 'cong-dan'));
  await ctx.accessLog.append(r.rows.map((p) => personEntry(actor, 'person.exported', p, q.purpose, { list: 'people', format: q.format })), ctx.clock.now());
  return file;
}

/** The unit's households as CSV or Excel: every household and head exported is access-logged with the purpose. */
export async function exportHouseholds(ctx: AppContext, actor: Actor, q: HouseholdListQuery & { format: ExportFormat; purpose: ReadPurpose; lang?: Lang | undefined }): Promise<ExportFile> {
  authorize(actor, PEOPLE_READ);
  await requireUnitInScope(ctx, actor, q.unitCode);
  const r = await lists.listHouseholds(ctx.db.pool, scopeFilter(actor), householdFilter(q), { sort: q.sort ?? 'householdNo', dir: q.dir ?? 'asc' }, { limit: EXPORT_CAP + 1, offset: 0 });
  if (r.rows.length > EXPORT_CAP) tooMany(r.total, r.totalCapped);
  const lang = q.lang ?? 'vi';
  const names = await unitNames(ctx, r.rows.map((h) => h.unitCode));
  const table: ExportTable = {
    title: lang === 'vi' ? 'Danh sách hộ gia đình' : 'Households',
    columns: [
      { header: H.no[lang], width: 6 },
      { header: H.householdNo[lang], width: 16 },
      { header: H.address[lang], width: 36 },
      { header: H.unit[lang], width: 24 },
      { header: H.head[lang], width: 28 },
      { header: H.headPin[lang], width: 16 },
      { header: H.members[lang], width: 10 },
    ],
    rows: r.rows.map((h, i) => [i + 1, h.householdNo, h.address, names.get(h.unitCode) ?? h.unitCode, h.headName ?? H.noHead[lang], h.headPin, h.members]),
  };
  const file = await exportFile(table, q.format, fileStem(ctx, actor, 'ho-gia-dinh'));
  await ctx.accessLog.append(householdEntries(actor, r.rows, 'household.exported', 'person.exported', q.purpose, { format: q.format }), ctx.clock.now());
  return file;
}

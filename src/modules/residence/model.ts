/**
 * The eligibility rules of the residence procedures (Law on Residence 2020, domain §3) as pure
 * functions: each takes the facts the registry and the form give and answers the reasons the
 * dossier cannot succeed, each with a precise code (empty: eligible). The procedures check
 * them at submission (a refusal, CT06) and again at the decision. No I/O here.
 */
export interface Reason {
  code: string;
  vi: string;
  en: string;
}

export const REASONS = {
  already_permanent_here: { vi: 'Công dân đã đăng ký thường trú tại chỗ ở này.', en: 'The person is already registered for permanent residence here.' },
  household_required: { vi: 'Cần số hộ của hộ gia đình người thân để nhập hộ.', en: 'Joining relatives needs their household number.' },
  household_not_found: { vi: 'Không có hộ gia đình với số này.', en: 'No household has this number.' },
  household_not_in_unit: { vi: 'Hộ gia đình không thuộc xã/phường nhận hồ sơ.', en: 'The household is not in the commune handling the dossier.' },
  household_headless: { vi: 'Hộ gia đình chưa có chủ hộ; cần điều chỉnh chủ hộ trước.', en: 'The household has no head; change the head first.' },
  relation_required: { vi: 'Cần quan hệ với chủ hộ.', en: 'The relationship to the household head is needed.' },
  relation_not_eligible: { vi: 'Quan hệ này không thuộc diện nhập hộ theo người thân (vợ, chồng, cha, mẹ, con, ông, bà, cháu, anh chị em…).', en: 'This relationship does not qualify for joining relatives (spouse, parent, child, grandparent, grandchild, sibling …).' },
  owner_required: { vi: 'Cần số định danh của chủ sở hữu chỗ ở để xin ý kiến đồng ý.', en: "The dwelling owner's personal ID number is needed for their consent." },
  floor_area_required: { vi: 'Cần diện tích sàn của chỗ ở thuê, mượn.', en: 'The floor area of the rented or borrowed dwelling is needed.' },
  floor_area_below_minimum: { vi: 'Diện tích sàn bình quân mỗi người thấp hơn mức tối thiểu của tỉnh.', en: "The floor area per person is below the province's minimum." },
  address_required: { vi: 'Cần địa chỉ chi tiết của chỗ ở.', en: 'The street address of the dwelling is needed.' },
  no_permanent_residence_here: { vi: 'Công dân không có nơi thường trú tại xã/phường này.', en: 'The person has no permanent residence in this commune.' },
  no_temporary_residence_here: { vi: 'Công dân không có nơi tạm trú tại xã/phường này.', en: 'The person has no temporary residence in this commune.' },
  removal_notice_missing: { vi: 'Chưa có thông báo xóa đăng ký thường trú (xóa theo thẩm quyền cần thông báo trước 7 ngày).', en: 'No removal notice was recorded (an ex-officio removal needs 7 days’ notice).' },
  ex_officio_by_officer_only: { vi: 'Chỉ cơ quan đăng ký cư trú xóa thường trú theo thẩm quyền.', en: 'Only the registration office removes a residence ex officio.' },
  temporary_too_short: { vi: 'Đăng ký tạm trú khi ở từ 30 ngày trở lên.', en: 'Temporary residence is registered for stays of 30 days or more.' },
  temporary_too_long: { vi: 'Thời hạn tạm trú tối đa 2 năm.', en: 'Temporary residence lasts at most 2 years.' },
  temporary_dates_invalid: { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end must be after the start.' },
  extension_window_closed: { vi: 'Gia hạn tạm trú trong 15 ngày trước khi hết hạn.', en: 'An extension is filed within the 15 days before the temporary residence ends.' },
  extension_not_later: { vi: 'Thời hạn mới phải sau thời hạn đang có.', en: 'The new end must be after the current one.' },
  not_household_member: { vi: 'Người này không phải thành viên hiện tại của hộ.', en: 'This person is not a current member of the household.' },
  split_leaves_empty_household: { vi: 'Phải có ít nhất một thành viên ở lại hộ cũ.', en: 'At least one member must stay in the household.' },
  split_takes_head: { vi: 'Chủ hộ ở lại hộ cũ; muốn chủ hộ tách đi, hãy thay đổi chủ hộ trước.', en: 'The head stays; to split the head off, change the head first.' },
  split_nobody_leaves: { vi: 'Cần ít nhất một người tách hộ.', en: 'Someone must leave to split a household.' },
  split_member_repeated: { vi: 'Một người được khai hai lần.', en: 'A person is listed twice.' },
  already_head: { vi: 'Người này đã là chủ hộ.', en: 'This person is already the head.' },
  new_head_required: { vi: 'Cần số định danh của chủ hộ mới.', en: "The new head's personal ID number is needed." },
  address_unchanged: { vi: 'Địa chỉ mới trùng địa chỉ đang ghi.', en: 'The new address is the one recorded.' },
  absence_period_invalid: { vi: 'Ngày kết thúc tạm vắng phải từ ngày bắt đầu trở đi.', en: 'The absence must end on or after its start.' },
  not_resident_here: { vi: 'Công dân không cư trú (thường trú hoặc tạm trú) tại xã/phường này.', en: 'The person has no permanent or temporary residence in this commune.' },
  has_residence: { vi: 'Công dân đủ điều kiện đăng ký thường trú hoặc tạm trú (đã có nơi cư trú); không khai báo thông tin cư trú.', en: 'The person has a permanent or temporary residence; a residence declaration is for people who cannot register.' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ReasonCode = keyof typeof REASONS;

export function reason(code: ReasonCode): Reason {
  return { code, ...REASONS[code] };
}
const reasons = (codes: ReasonCode[]): Reason[] => codes.map(reason);

// ───────────── dates (ISO days, no time zone: the calendar day in Vietnam) ─────────────

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The same day `n` years later (29 February becomes 28 February in a common year). */
export function addYears(day: string, n: number): string {
  const y = Number(day.slice(0, 4)) + n;
  const md = day.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ───────────── permanent residence ─────────────

export type Ground = 'own_dwelling' | 'relatives' | 'rented';
export const GROUNDS: readonly Ground[] = ['own_dwelling', 'relatives', 'rented'];

/** Relationships to the head that qualify for joining relatives (spouse, parents, children, grandparents, grandchildren, siblings, in-laws). */
export const JOIN_RELATIONS: readonly string[] = ['vo', 'chong', 'con', 'con_dau', 'con_re', 'cha', 'me', 'ong', 'ba', 'chau', 'anh_chi_em'];

/** The legal floor: no province may set a minimum below 8 m² per person. */
export const FLOOR_AREA_LEGAL_MINIMUM = 8;

export interface PermanentFacts {
  ground: Ground;
  /** The household joined (its number was given and found), or null for a new household. */
  household: { unitCode: string; hasHead: boolean; memberCount: number; isApplicantMember: boolean } | null;
  householdGiven: boolean;
  dossierUnit: string;
  address: string | null;
  relation: string | null;
  ownerPin: string | null;
  floorAreaM2: number | null;
  otherOccupants: number;
  minM2PerPerson: number;
  /** The applicant's open permanent residence, if any. */
  applicantPermanent: { unitCode: string; address: string } | null;
}

/** Who lives in the dwelling after the registration: the household joined (or the applicant alone), plus others declared. */
export function occupantsAfter(f: Pick<PermanentFacts, 'household' | 'otherOccupants'>): number {
  return (f.household ? f.household.memberCount : 0) + 1 + Math.max(0, f.otherOccupants);
}

/** Is the floor area per person at least the province's minimum (never taken below the legal 8 m²)? */
export function floorAreaSufficient(areaM2: number, occupants: number, minM2PerPerson: number): boolean {
  const min = Math.max(minM2PerPerson, FLOOR_AREA_LEGAL_MINIMUM);
  return occupants > 0 && areaM2 >= min * occupants;
}

const sameAddress = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ') === b.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Permanent residence registration: own dwelling, joining relatives, or a rented/borrowed dwelling. */
export function checkPermanentRegistration(f: PermanentFacts): Reason[] {
  const out: ReasonCode[] = [];
  if (f.householdGiven && !f.household) return reasons(['household_not_found']);
  if (f.household) {
    if (f.household.unitCode !== f.dossierUnit) out.push('household_not_in_unit');
    if (f.household.isApplicantMember) out.push('already_permanent_here');
    if (!f.household.hasHead) out.push('household_headless');
    if (!f.relation) out.push('relation_required');
  } else {
    if (!f.address || f.address.trim().length < 3) out.push('address_required');
    else if (f.applicantPermanent && f.applicantPermanent.unitCode === f.dossierUnit && sameAddress(f.applicantPermanent.address, f.address)) out.push('already_permanent_here');
  }
  if (f.ground === 'relatives') {
    if (!f.household) out.push('household_required');
    else if (f.relation && !JOIN_RELATIONS.includes(f.relation)) out.push('relation_not_eligible');
    if (!f.ownerPin) out.push('owner_required');
  }
  if (f.ground === 'rented') {
    if (!f.ownerPin) out.push('owner_required');
    if (f.floorAreaM2 === null) out.push('floor_area_required');
    else if (!floorAreaSufficient(f.floorAreaM2, occupantsAfter(f), f.minM2PerPerson)) out.push('floor_area_below_minimum');
  }
  return reasons([...new Set(out)]);
}

// ───────────── temporary residence ─────────────

export const TEMPORARY_MIN_DAYS = 30;
export const TEMPORARY_MAX_YEARS = 2;
export const EXTENSION_WINDOW_DAYS = 15;

/** Temporary residence: a stay of at least 30 days, at most 2 years. */
export function checkTemporaryRegistration(f: { validFrom: string; plannedEnd: string; permanentHere: boolean }): Reason[] {
  const out: ReasonCode[] = [];
  if (f.permanentHere) out.push('already_permanent_here');
  if (f.plannedEnd <= f.validFrom) out.push('temporary_dates_invalid');
  else if (daysBetween(f.validFrom, f.plannedEnd) < TEMPORARY_MIN_DAYS) out.push('temporary_too_short');
  else if (f.plannedEnd > addYears(f.validFrom, TEMPORARY_MAX_YEARS)) out.push('temporary_too_long');
  return reasons(out);
}

/**
 * Extension of a temporary residence: filed within the 15 days before it ends (the end day
 * included), for a new end after the current one and at most 2 years after the day it runs from.
 */
export function checkExtension(f: { filedOn: string; current: { plannedEnd: string } | null; newPlannedEnd: string; runsFrom: string }): Reason[] {
  if (!f.current) return reasons(['no_temporary_residence_here']);
  const out: ReasonCode[] = [];
  if (!extensionWindowOpen(f.filedOn, f.current.plannedEnd)) out.push('extension_window_closed');
  if (f.newPlannedEnd <= f.current.plannedEnd) out.push('extension_not_later');
  else if (f.newPlannedEnd > addYears(f.runsFrom, TEMPORARY_MAX_YEARS)) out.push('temporary_too_long');
  return reasons(out);
}

export function extensionWindowOpen(filedOn: string, plannedEnd: string): boolean {
  return filedOn <= plannedEnd && filedOn >= addDays(plannedEnd, -EXTENSION_WINDOW_DAYS);
}

// ───────────── removal ─────────────

export type RemovalGround = 'settled_abroad' | 'absent_over_12_months' | 'lost_nationality' | 'no_lawful_dwelling' | 'registration_revoked' | 'moved_elsewhere';
export const REMOVAL_GROUNDS: readonly RemovalGround[] = ['settled_abroad', 'absent_over_12_months', 'lost_nationality', 'no_lawful_dwelling', 'registration_revoked', 'moved_elsewhere'];
export const REMOVAL_NOTICE_DAYS = 7;

/** An ex-officio removal may be decided from the 7th day after the notice. */
export function removalDecidableOn(noticedOn: string): string {
  return addDays(noticedOn, REMOVAL_NOTICE_DAYS);
}

// ───────────── households ─────────────

export interface OpenMember {
  pin: string;
  relation: string;
}

/** Split: the people leaving are current members, named once, the head stays, and someone stays with the head. */
export function checkSplit(open: readonly OpenMember[], leaving: readonly string[]): Reason[] {
  const out: ReasonCode[] = [];
  if (leaving.length === 0) return reasons(['split_nobody_leaves']);
  if (new Set(leaving).size !== leaving.length) out.push('split_member_repeated');
  if (leaving.some((pin) => !open.some((m) => m.pin === pin))) out.push('not_household_member');
  const remaining = open.filter((m) => !leaving.includes(m.pin));
  if (remaining.length === 0) out.push('split_leaves_empty_household');
  else if (!remaining.some((m) => m.relation === 'chu_ho')) out.push('split_takes_head');
  return reasons(out);
}

/** Change of head: the new head is a current member other than the head. */
export function checkHeadChange(open: readonly OpenMember[], newHeadPin: string | null): Reason[] {
  if (!newHeadPin) return reasons(['new_head_required']);
  const m = open.find((x) => x.pin === newHeadPin);
  if (!m) return reasons(['not_household_member']);
  if (m.relation === 'chu_ho') return reasons(['already_head']);
  return [];
}

/** After a change of head the household has exactly one head: the new one. Pure model of the change (tested as a property). */
export function membersAfterHeadChange(open: readonly OpenMember[], newHeadPin: string, formerHeadRelation: string): OpenMember[] {
  return open.map((m) => (m.pin === newHeadPin ? { ...m, relation: 'chu_ho' } : m.relation === 'chu_ho' ? { ...m, relation: formerHeadRelation } : m));
}

// ───────────── absence, declaration ─────────────

export function checkAbsence(f: { validFrom: string; validTo: string; residentHere: boolean }): Reason[] {
  const out: ReasonCode[] = [];
  if (!f.residentHere) out.push('not_resident_here');
  if (f.validTo < f.validFrom) out.push('absence_period_invalid');
  return reasons(out);
}

/** A residence declaration is for people who have neither a permanent nor a temporary residence. */
export function checkResidenceDeclaration(f: { hasPermanent: boolean; hasTemporary: boolean; address: string }): Reason[] {
  const out: ReasonCode[] = [];
  if (f.hasPermanent || f.hasTemporary) out.push('has_residence');
  if (f.address.trim().length < 3) out.push('address_required');
  return reasons(out);
}

// ───────────── stay notification ─────────────

const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * The deadline of a stay notification: before 23:00 (Vietnam time) on the day the stay
 * starts; for an arrival from 23:00 on, before 08:00 the next day.
 */
export function stayDeadline(arrival: Date): Date {
  const local = new Date(arrival.getTime() + VN_OFFSET_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const late = local.getUTCHours() >= 23;
  const deadlineLocal = late ? day + 86_400_000 + 8 * 3_600_000 : day + 23 * 3_600_000;
  return new Date(deadlineLocal - VN_OFFSET_MS);
}

export function stayOnTime(arrival: Date, notifiedAt: Date): boolean {
  return notifiedAt.getTime() <= stayDeadline(arrival).getTime();
}

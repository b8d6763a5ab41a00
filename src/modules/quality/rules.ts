import type { Message } from '../../kernel/errors.js';
import { ageOn, parsePartialDate } from '../../kernel/partial-date.js';
import { validatePin } from '../people/index.js';

/**
 * The cleaning rules ("đúng, đủ, sạch, sống", domain §6). Each rule is a pure check of facts the
 * rule reader gathered for a batch of records (rule-data.ts); the same checks serve the
 * whole-population run and the re-check after each change, so both always agree.
 */
export const RULES = {
  pin_structure: { subject: 'person', label: { vi: 'Số định danh sai cấu trúc (năm sinh, giới tính, nơi đăng ký khai sinh)', en: 'PIN structure disagrees with birth year, sex or birth province' } },
  missing_fields: { subject: 'person', label: { vi: 'Thiếu thông tin bắt buộc', en: 'Mandatory field missing' } },
  unit_invalid: { subject: 'person', label: { vi: 'Mã đơn vị hành chính không có hoặc không còn hiệu lực vào ngày ghi', en: 'Unit code unknown or not valid on the date recorded' } },
  permanent_residence: { subject: 'person', label: { vi: 'Không có đúng một nơi thường trú', en: 'Not exactly one open permanent residence' } },
  deceased_listed: { subject: 'person', label: { vi: 'Người đã mất vẫn còn nơi cư trú hoặc trong hộ', en: 'Deceased person still in a residence or household' } },
  minor_parents: { subject: 'person', label: { vi: 'Người chưa thành niên chưa liên kết cha, mẹ', en: 'Minor with no parent linked' } },
  temporary_expired: { subject: 'person', label: { vi: 'Tạm trú đã hết hạn', en: 'Temporary residence past its end date' } },
  old_id_unlinked: { subject: 'person', label: { vi: 'Số CMND cũ chưa liên kết đúng', en: 'Old ID number not linked correctly' } },
  household_head: { subject: 'household', label: { vi: 'Hộ không có đúng một chủ hộ còn sống', en: 'Household without exactly one living head' } },
} as const satisfies Record<string, { subject: 'person' | 'household'; label: Message }>;

export type RuleCode = keyof typeof RULES;
export const RULE_CODES = Object.keys(RULES) as RuleCode[];
export const PERSON_RULES = RULE_CODES.filter((r) => RULES[r].subject === 'person');
export const HOUSEHOLD_RULES = RULE_CODES.filter((r) => RULES[r].subject === 'household');

/** Minors are under 18 (Civil Code art. 21). */
const ADULT_AGE = 18;

export interface PersonFacts {
  id: string;
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  status: 'living' | 'deceased' | 'missing';
  birthPlaceCode: string | null;
  originPlaceCode: string | null;
  unitCode: string | null;
  provinceCode: string | null;
  hasFather: boolean;
  hasMother: boolean;
  openPermanent: number;
  openResidences: number;
  inHousehold: boolean;
  /** Planned end of an open temporary residence, when one is open. */
  temporaryEnd: string | null;
  /** Unit codes of open residences that are unknown or not valid on the day they were recorded. */
  invalidUnits: string[];
  /** The person's old ID numbers also held by another record. */
  sharedOldIds: string[];
  /** Old ID numbers the registry once recorded for this person (history, merged duplicates) that the record no longer holds. */
  lostOldIds: string[];
}

export interface HouseholdFacts {
  id: string;
  householdNo: string;
  unitCode: string;
  provinceCode: string;
  openMembers: number;
  livingHeads: number;
}

export interface Defect {
  rule: RuleCode;
  detail: Record<string, unknown>;
}

export function checkPerson(p: PersonFacts, today: string): Defect[] {
  const out: Defect[] = [];
  const birth = parsePartialDate(p.birthDate);
  const province = p.birthPlaceCode && p.birthPlaceCode.length <= 3 ? p.birthPlaceCode : undefined;
  const pin = validatePin(p.pin, { ...(birth ? { birthYear: birth.year } : {}), sex: p.sex, ...(province ? { birthRegistrationProvinceCode: province } : {}) });
  if (!pin.valid) out.push({ rule: 'pin_structure', detail: { errors: pin.errors.map((e) => e.code) } });

  const missing: string[] = [];
  if (!p.birthPlaceCode) missing.push('birthPlaceCode');
  if (!p.originPlaceCode) missing.push('originPlaceCode');
  if (p.fullName.trim().split(/\s+/).length < 2) missing.push('fullName');
  if (missing.length > 0) out.push({ rule: 'missing_fields', detail: { fields: missing } });

  if (p.invalidUnits.length > 0) out.push({ rule: 'unit_invalid', detail: { units: p.invalidUnits } });

  if (p.status === 'living' && p.openPermanent !== 1) out.push({ rule: 'permanent_residence', detail: { open: p.openPermanent } });
  if (p.status === 'deceased' && (p.openResidences > 0 || p.inHousehold)) out.push({ rule: 'deceased_listed', detail: { openResidences: p.openResidences, inHousehold: p.inHousehold } });
  if (p.status === 'living' && birth && ageOn(birth, today) < ADULT_AGE && !p.hasFather && !p.hasMother) out.push({ rule: 'minor_parents', detail: {} });
  if (p.temporaryEnd !== null && p.temporaryEnd < today && p.status === 'living') out.push({ rule: 'temporary_expired', detail: { plannedEnd: p.temporaryEnd } });
  if (p.sharedOldIds.length > 0 || p.lostOldIds.length > 0) out.push({ rule: 'old_id_unlinked', detail: { sharedWithAnotherRecord: p.sharedOldIds, noLongerLinked: p.lostOldIds } });
  return out;
}

export function checkHousehold(h: HouseholdFacts): Defect[] {
  if (h.openMembers > 0 && h.livingHeads !== 1) return [{ rule: 'household_head', detail: { members: h.openMembers, livingHeads: h.livingHeads } }];
  return [];
}

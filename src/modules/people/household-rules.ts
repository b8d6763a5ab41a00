import { invalid } from '../../kernel/errors.js';
import { ageOn, parsePartialDate } from './partial-date.js';
import { isRelationCode } from './reference/relations.js';

/** Rules of households from the Law on Residence 2020 (domain §3). Pure. */
export const HEAD = 'chu_ho';
export const ADULT_AGE = 18;

export function requireRelation(code: string, field: string): void {
  if (!isRelationCode(code)) {
    throw invalid('relation_unknown', field, { vi: `Quan hệ với chủ hộ "${code}" không có trong danh mục.`, en: `Relationship to the head "${code}" is not in the code list.` });
  }
}

/**
 * The head is an adult member by default; a minor may be head only with a recorded reason
 * (e.g. orphaned siblings living alone), as the law allows by agreement of the household.
 */
export function requireHeadEligible(birthDate: string, today: string, minorHeadReason: string | undefined, field = 'headPin'): void {
  const birth = parsePartialDate(birthDate);
  if (birth && ageOn(birth, today) < ADULT_AGE && !(minorHeadReason && minorHeadReason.trim().length >= 3)) {
    throw invalid('head_not_adult', field, {
      vi: 'Chủ hộ phải là người đã thành niên; nếu không, cần ghi rõ lý do.',
      en: 'The household head must be an adult; otherwise a reason must be recorded.',
    });
  }
}

/** A newborn's relationship to the head, from the parent's. */
export function relationForChildOf(parentRelation: string | undefined): string {
  if (parentRelation === HEAD || parentRelation === 'vo' || parentRelation === 'chong') return 'con';
  if (parentRelation === 'con') return 'chau';
  return 'khac';
}

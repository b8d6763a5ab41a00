import { invalid } from '../../kernel/errors.js';
import { ageOn, parsePartialDate } from '../../kernel/partial-date.js';
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

/**
 * Who heads a household after some of its members leave (a move, a removal, a split). The
 * rule, explicit because a household without a head is a data defect the commune must fix:
 * - nobody remains: the household is `empty` (it keeps its history, it has no members);
 * - the head stays: `unchanged` (naming a new head here is refused: that is a change of head);
 * - the head leaves and a remaining member is named: that member is the `new_head`;
 * - the head leaves and nobody is named: the household is `headless` until a change of head.
 * `open` is the household's current members with their relation to the head. Pure.
 */
export type HeadOutcome = { kind: 'unchanged' } | { kind: 'new_head'; pin: string } | { kind: 'headless' } | { kind: 'empty' };

export function headAfterLeaving(open: ReadonlyArray<{ pin: string; relation: string }>, leaving: ReadonlyArray<string>, newHeadPin?: string | null): HeadOutcome {
  const remaining = open.filter((m) => !leaving.includes(m.pin));
  const headLeaves = open.some((m) => m.relation === HEAD && leaving.includes(m.pin));
  if (remaining.length === 0) return { kind: 'empty' };
  if (!headLeaves) {
    if (newHeadPin) throw invalid('head_not_leaving', 'newHeadPin', { vi: 'Chủ hộ không rời hộ; thay đổi chủ hộ là thủ tục điều chỉnh riêng.', en: 'The head is not leaving; a change of head is its own adjustment.' });
    return { kind: 'unchanged' };
  }
  if (!newHeadPin) return { kind: 'headless' };
  if (!remaining.some((m) => m.pin === newHeadPin)) {
    throw invalid('new_head_not_remaining', 'newHeadPin', { vi: 'Chủ hộ mới phải là thành viên còn ở lại trong hộ.', en: 'The new head must be a member who stays in the household.' });
  }
  return { kind: 'new_head', pin: newHeadPin };
}

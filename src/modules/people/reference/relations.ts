/**
 * Relationship to the household head (quan hệ với chủ hộ), as written on forms CT01/CT07.
 * Codes are ours (stable ASCII slugs of the Vietnamese term); the labels are what officers and
 * citizens read. In-laws and grandparents have their own codes because forms name them, and a
 * household of three generations is common.
 */
export const RELATIONS = {
  chu_ho: { vi: 'Chủ hộ', en: 'Household head' },
  vo: { vi: 'Vợ', en: 'Wife' },
  chong: { vi: 'Chồng', en: 'Husband' },
  con: { vi: 'Con', en: 'Child' },
  con_dau: { vi: 'Con dâu', en: 'Daughter-in-law' },
  con_re: { vi: 'Con rể', en: 'Son-in-law' },
  cha: { vi: 'Cha', en: 'Father' },
  me: { vi: 'Mẹ', en: 'Mother' },
  ong: { vi: 'Ông', en: 'Grandfather' },
  ba: { vi: 'Bà', en: 'Grandmother' },
  chau: { vi: 'Cháu', en: 'Grandchild, niece or nephew' },
  anh_chi_em: { vi: 'Anh, chị, em', en: 'Sibling' },
  khac: { vi: 'Khác', en: 'Other' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type RelationCode = keyof typeof RELATIONS;

export const RELATION_CODES = Object.keys(RELATIONS) as RelationCode[];

export function isRelationCode(code: string): code is RelationCode {
  return Object.hasOwn(RELATIONS, code);
}

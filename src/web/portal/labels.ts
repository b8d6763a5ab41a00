/**
 * Code-list labels for the portal. The console fetches them from /api/people/reference, which
 * is for officers; these small static lists have no imports, so the bundle takes them as they are.
 */
import { ETHNIC_GROUPS, RELATIONS, RELIGIONS } from '../contracts.js';
import type { Lang } from '../i18n/index.js';

const ethnicities = new Map(ETHNIC_GROUPS.map((g) => [g.code, g.name]));
const religions = new Map<string, { vi: string; en: string }>(RELIGIONS.map((r) => [r.code, r]));

export function ethnicityLabel(code: string | null | undefined): string {
  return code ? (ethnicities.get(code) ?? code) : '';
}

export function religionLabel(code: string | null | undefined, lang: Lang): string {
  return code ? (religions.get(code)?.[lang] ?? code) : '';
}

export function relationLabel(code: string | null | undefined, lang: Lang): string {
  if (!code) return '';
  return code in RELATIONS ? RELATIONS[code as keyof typeof RELATIONS][lang] : code;
}

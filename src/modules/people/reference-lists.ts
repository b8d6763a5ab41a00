import { nationalities } from './reference/nationalities.js';
import { ETHNIC_GROUPS } from './reference/ethnicities.js';
import { RELATIONS } from './reference/relations.js';
import { RELIGIONS } from './reference/religions.js';

/** The code lists forms need; small and static, so sent whole. */
export function referenceLists() {
  return {
    ethnicities: ETHNIC_GROUPS.map((g) => ({ code: g.code, name: g.name })),
    religions: RELIGIONS.map((r) => ({ code: r.code, vi: r.vi, en: r.en })),
    nationalities: nationalities(),
    relations: Object.entries(RELATIONS).map(([code, l]) => ({ code, vi: l.vi, en: l.en })),
  };
}

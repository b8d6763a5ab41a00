/** Who is acting. Every service function takes one and checks it through access.ts. */
export type Role = 'commune_officer' | 'province_officer' | 'national_officer' | 'admin';
export type UnitLevel = 'commune' | 'province' | 'nation';

export interface OfficerActor {
  kind: 'officer';
  id: string;
  username: string;
  role: Role;
  unitLevel: UnitLevel;
  /** 5-digit commune code, 2-digit province code, or null for the nation. */
  unitCode: string | null;
  /** Province of a commune officer's commune, resolved at login (scope checks need it). */
  provinceCode: string | null;
}

/** Jobs, the CLI and migrations act as the system, with a name for the log. */
export interface SystemActor {
  kind: 'system';
  id: string;
}

export type Actor = OfficerActor | SystemActor;

export function systemActor(name: string): SystemActor {
  return { kind: 'system', id: name };
}

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

/** A citizen logged in to the portal with their e-ID account. */
export interface CitizenActor {
  kind: 'citizen';
  /** The e-ID account id. */
  id: string;
  personId: string;
  pin: string;
  level: 1 | 2;
}

/**
 * A relying party reading a citizen's data under the consent that citizen gave (OpenID
 * Connect claims). The e-ID module builds it only after checking the grant.
 */
export interface ClientActor {
  kind: 'client';
  /** The client id. */
  id: string;
  /** The one person this client may read, by that person's consent. */
  forPersonId: string;
  forPin: string;
}

export type Actor = OfficerActor | SystemActor | CitizenActor | ClientActor;

export function systemActor(name: string): SystemActor {
  return { kind: 'system', id: name };
}

/**
 * The population registry API as the web app uses it. The shapes mirror the server's
 * response schemas in src/modules/people/schemas.ts and routes.ts.
 */
import { get, patch, post, type Message } from './api.js';
import type { ChangeReasonCode } from '../kernel/purposes.js';
import { purposeParams } from './read-purpose.js';

export type Sex = 'M' | 'F';
export type PersonStatus = 'living' | 'deceased' | 'missing';
export type ResidenceKind = 'permanent' | 'temporary' | 'current';
export type SearchMode = 'pin' | 'old_id' | 'name';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SearchHit {
  pin: string;
  fullName: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
  unitCode: string | null;
  rank: number;
  match: SearchMatch;
  /** The cancelled PIN the person was found by; `pin` is the one they hold now. */
  replacedPin?: string;
}

export interface SearchResult extends Page<SearchHit> {
  mode: SearchMode;
}

export interface SearchParams {
  q: string;
  birthYear?: number | undefined;
  unitCode?: string | undefined;
  page: number;
  pageSize?: number;
}

// The shapes the people API returns are the module's own types; type-only imports are erased
// from the bundle, so no server code reaches the browser.
import type {
  Family,
  Household,
  HouseholdMember,
  Person,
  PersonData,
  PersonBrief,
  PersonDetails,
  PersonHistory,
  PersonLinks,
  PersonVersion,
  PinHistoryEntry,
  Relative,
  Residence,
  SearchMatch,
} from '../modules/people/index.js';

export type { Family, PersonBrief, Relative };
export type { Household, HouseholdMember, Person, PersonDetails, PersonHistory, PersonVersion, Residence };
/** Fields an officer can change (PATCH) and that the history compares. */
export type PersonFields = PersonData & PersonLinks;
export type PinEntry = PinHistoryEntry;

export interface HeadlessHousehold {
  id: string;
  householdNo: string;
  unitCode: string;
  address: string;
  members: number;
}

export interface CodeName {
  code: string;
  name: string;
}

export interface CodeLabel extends Message {
  code: string;
}

export interface Reference {
  ethnicities: CodeName[];
  religions: CodeLabel[];
  nationalities: CodeLabel[];
  relations: CodeLabel[];
}

/** Reason (a code, and the officer's words) and dossier number: every change carries them into the history. */
export interface Change {
  reasonCode: ChangeReasonCode;
  reasonNote?: string;
  dossier?: string | null;
}

export type PersonPatch = Partial<PersonFields> & Change & { expectedVersion: number };

export interface BirthInput extends Omit<Change, 'reasonCode'> {
  /** birth_registration when not given. */
  reasonCode?: ChangeReasonCode;
  fullName: string;
  birthDate: string;
  sex: Sex;
  ethnicity: string;
  nationality?: string;
  religion?: string | null;
  birthPlaceCode: string;
  birthPlace?: string | null;
  /** Place of birth (nơi sinh), apart from the registration: facility, address, commune. */
  birthFacility?: string | null;
  birthAddress?: string | null;
  birthAddressUnitCode?: string | null;
  originPlaceCode?: string | null;
  fatherPin?: string | null;
  motherPin?: string | null;
  householdNo?: string;
  /** One per form: a repeated submit returns the first result instead of a second person. */
  requestId: string;
}

export interface BirthResult {
  person: Person;
  householdNo: string | null;
  relation: string | null;
}

export interface DeathInput extends Change {
  pin: string;
  deathDate: string;
  expectedVersion?: number;
}

export interface DeathResult {
  person: Person;
  closedResidences: number;
  /** Set when the deceased was the head: that household now has none. */
  headlessHouseholdNo: string | null;
}

export const PEOPLE_PAGE_SIZE = 20;

const pinPath = (pin: string) => `/api/people/${encodeURIComponent(pin)}`;

export const peopleApi = {
  search: (params: SearchParams, signal?: AbortSignal) =>
    get<SearchResult>('/api/people', { pageSize: PEOPLE_PAGE_SIZE, ...params, ...purposeParams() }, signal),
  person: (pin: string, signal?: AbortSignal) => get<PersonDetails>(pinPath(pin), purposeParams(), signal),
  /** Whom a typed PIN names (a parent on the birth form); outside the officer's area it is a 404 like an unknown PIN. */
  brief: (pin: string, purposeNote: string, signal?: AbortSignal) =>
    get<PersonBrief>(`${pinPath(pin)}/brief`, { purpose: 'identity_verification', purposeNote }, signal),
  family: (pin: string, signal?: AbortSignal) => get<Family>(`${pinPath(pin)}/family`, purposeParams(), signal),
  history: (pin: string, signal?: AbortSignal) =>
    get<PersonHistory>(`${pinPath(pin)}/history`, purposeParams(), signal),
  update: (pin: string, body: PersonPatch) => patch<Person>(pinPath(pin), body),
  birth: (body: BirthInput) => post<BirthResult>('/api/births', body),
  death: (body: DeathInput) => post<DeathResult>('/api/deaths', body),
  reference: () => get<Reference>('/api/people/reference'),
  household: (householdNo: string, signal?: AbortSignal) =>
    get<Household>(`/api/households/${encodeURIComponent(householdNo)}`, purposeParams(), signal),
  headless: (page: number, signal?: AbortSignal) =>
    get<Page<HeadlessHousehold>>(
      '/api/households',
      { headless: true, page, pageSize: PEOPLE_PAGE_SIZE },
      signal,
    ),
};

let referenceCache: Promise<Reference> | null = null;

/** The code lists, fetched once per page load (they change with a release, not by the minute). */
export function referenceLists(): Promise<Reference> {
  if (!referenceCache) {
    // The portal's session cookie is sent on the citizen paths only (as for units).
    const inPortal = typeof window !== 'undefined' && window.location.pathname.startsWith('/portal');
    const loading = inPortal ? get<Reference>('/api/citizen/reference') : peopleApi.reference();
    loading.catch(() => {
      if (referenceCache === loading) referenceCache = null;
    });
    referenceCache = loading;
  }
  return referenceCache;
}

/** `00004-00001234`: commune code and serial. */
export const HOUSEHOLD_NO = /^\d{5}-\d{8}$/;
export const PIN = /^\d{12}$/;

/** A random id for `requestId`; `crypto.randomUUID` needs a secure context, so fall back to random bytes. */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

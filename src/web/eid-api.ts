/**
 * The officers' side of e-ID: the review queue of level-1 enrolments, in-person level-2
 * verification, locking accounts, and (administrators) the relying parties. Shapes are the
 * eid module's own types (type-only imports, erased from the bundle).
 */
import { get, post } from './api.js';
import type { DevMessage } from '../kernel/notify/senders.js';
import type { AccountListItem, AccountStatus, EidAccount, Level2Input, OidcClient, RegistryScope, ReviewDetail } from '../modules/eid/index.js';
import type { Page } from './people-api.js';

export type { AccountListItem, AccountStatus, DevMessage, EidAccount, Level2Input, OidcClient, RegistryScope, ReviewDetail };

/** The scopes a relying party may be given, in the order forms list them. */
export const SCOPES: readonly RegistryScope[] = ['profile', 'pin', 'address', 'household'];

export interface NewClientInput {
  name: string;
  redirectUris: string[];
  scopes: RegistryScope[];
  minLevel: 1 | 2;
  confidential: boolean;
}

export type CreatedClient = OidcClient & { clientSecret: string | null };

export interface Level2Result {
  accountId: string;
  phoneMasked: string;
  activationExpiresAt: string;
}

export const EID_PAGE_SIZE = 20;

const id = (value: string) => encodeURIComponent(value);

export const eidApi = {
  accounts: (query: { status?: AccountStatus; pin?: string; page?: number }, signal?: AbortSignal) =>
    get<Page<AccountListItem>>('/api/eid/accounts', { pageSize: EID_PAGE_SIZE, ...query }, signal),
  photoUrl: (accountId: string, photoId?: string) => `/api/eid/accounts/${id(accountId)}/photo${photoId ? `?photoId=${id(photoId)}` : ''}`,
  /** The person's record summary, every enrolment attempt and in-person check (the record read is logged). */
  reviewFile: (accountId: string, signal?: AbortSignal) => get<ReviewDetail>(`/api/eid/accounts/${id(accountId)}/review-file`, undefined, signal),
  review: (accountId: string, decision: 'approved' | 'rejected', note: string | undefined) =>
    post<EidAccount>(`/api/eid/accounts/${id(accountId)}/review`, note ? { decision, note } : { decision }),
  level2: (body: Level2Input) => post<Level2Result>('/api/eid/level2', body),
  /** Lock or unlock with a reason code (EID_LOCK_REASONS) and an optional note. */
  setLock: (accountId: string, lock: boolean, reason: { reasonCode: string; reasonNote?: string }) =>
    post<EidAccount>(`/api/eid/accounts/${id(accountId)}/${lock ? 'lock' : 'unlock'}`, reason),
  clients: (signal?: AbortSignal) => get<OidcClient[]>('/api/eid/clients', undefined, signal),
  createClient: (body: NewClientInput) => post<CreatedClient>('/api/eid/clients', body),
  setClientActive: (clientId: string, active: boolean) =>
    post<OidcClient>(`/api/eid/clients/${id(clientId)}/active`, { active }),
};

/** The development outbox (the demo's stand-in for an SMS gateway); 404 when it is off. */
export const devApi = {
  messages: (recipient: string | undefined, signal?: AbortSignal, limit = 50) =>
    get<DevMessage[]>('/api/dev/messages', { recipient, limit }, signal),
};

/** Redirect URIs typed one per line: trimmed, blanks dropped, duplicates removed. */
export function parseRedirectUris(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
}

/**
 * The e-ID portal API as the web app uses it: the citizen's own session (cookie `dancu_cit`)
 * with its own CSRF token, kept apart from the officer console's so one browser can hold both.
 * Shapes are the eid module's own types (type-only imports, erased from the bundle).
 */
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { request, type Query, type SessionChannel } from './api.js';
import type { EidAccount } from '../modules/eid/index.js';
import type { AccessEntry, ConsentView, HouseholdEvent, IntegratedDocument, InteractionView, PasskeyView, SecondFactor, SessionView, UsageView } from '../modules/eid/index.js';
import type { Family, Household, PersonDetails } from '../modules/people/index.js';
import type { Page } from './people-api.js';
import type { ConfirmationView } from '../modules/residence/index.js';
import type { AttachmentView, DossierDetails, DossierSummary } from '../modules/dossiers/index.js';
import type { CardView } from '../modules/cards/index.js';
import type { ConsentRequestInfo, Prefill, ProcedureInfo } from './contracts.js';

export type { AccessEntry, ConsentView, EidAccount, IntegratedDocument, InteractionView, PasskeyView, SecondFactor, SessionView, UsageView };

export type CitizenAccount = EidAccount & { fullName: string };

export interface CitizenSession {
  account: CitizenAccount;
  csrfToken: string;
}

export interface LoginStarted {
  loginToken: string;
  methods: SecondFactor[];
  phoneMasked: string;
}

export type LoginVerify =
  | { loginToken: string; method: 'totp' | 'sms'; code: string }
  | { loginToken: string; method: 'passkey'; response: AuthenticationResponseJSON };

/** A fresh proof of a current second factor, asked for before second factors change. */
export type StepUpProof = { method: 'totp' | 'sms'; code: string } | { method: 'passkey'; response: AuthenticationResponseJSON };

export interface MyData {
  account: EidAccount;
  record: PersonDetails;
  household: Household | null;
  documents: IntegratedDocument[];
}

export interface EnrolmentInput {
  pin: string;
  fullName: string;
  /** ISO YYYY-MM-DD. */
  birthDate: string;
  phone: string;
  email?: string;
}

export interface EnrolmentStarted {
  enrolmentId: string;
  phoneMasked: string;
  expiresAt: string;
}

export interface ActivationInput {
  pin: string;
  code: string;
  passcode?: string;
}

const channel: SessionChannel = {
  csrfToken: null,
  onUnauthorized: null,
  // A 401 from these is an answer (wrong passcode or code, no session yet), not a lost session.
  authPaths: ['/api/citizen/login', '/api/citizen/me', '/api/citizen/enrolments', '/api/citizen/activate', '/api/citizen/step-up', '/eid/'],
};

/** The token from login-verify or /api/citizen/me; sent as `x-csrf-token` on the portal's writes. */
export function setCitizenCsrfToken(token: string | null): void {
  channel.csrfToken = token;
}

export function setCitizenUnauthorizedHandler(handler: (() => void) | null): void {
  channel.onUnauthorized = handler;
}

const get = <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal, channel });
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body, channel });
const del = (path: string) => request<void>('DELETE', path, { channel });
const id = (value: string) => encodeURIComponent(value);

export const PORTAL_PAGE_SIZE = 20;

export type { Family } from './people-api.js';

export type { HouseholdEvent };

export interface HouseholdActivity extends Page<HouseholdEvent> {
  householdNo: string | null;
}

export const citizenApi = {
  login: (pin: string, passcode: string) => post<LoginStarted>('/api/citizen/login', { pin, passcode }),
  passkeyLoginOptions: (loginToken: string) =>
    post<PublicKeyCredentialRequestOptionsJSON>('/api/citizen/login/passkey-options', { loginToken }),
  verify: (body: LoginVerify) => post<{ account: EidAccount; csrfToken: string }>('/api/citizen/login/verify', body),
  me: (signal?: AbortSignal) => get<CitizenSession>('/api/citizen/me', undefined, signal),
  /** Who is logged in, if anyone: 200 either way, so the portal's first load logs no failed request. */
  session: (signal?: AbortSignal) => get<({ signedIn: true } & CitizenSession) | { signedIn: false }>('/api/citizen/session', undefined, signal),
  logout: () => post<void>('/api/citizen/logout'),

  startEnrolment: (body: EnrolmentInput) => post<EnrolmentStarted>('/api/citizen/enrolments', body),
  confirmEnrolment: (enrolmentId: string, body: { code: string; passcode: string; photo: string }) =>
    post<EidAccount>(`/api/citizen/enrolments/${id(enrolmentId)}/confirm`, body),
  activate: (body: ActivationInput) => post<EidAccount>('/api/citizen/activate', body),

  myData: (signal?: AbortSignal) => get<MyData>('/api/citizen/my-data', undefined, signal),
  accessLog: (page: number, signal?: AbortSignal) =>
    get<Page<AccessEntry>>('/api/citizen/access-log', { page, pageSize: PORTAL_PAGE_SIZE }, signal),
  usage: (page: number, signal?: AbortSignal) =>
    get<Page<UsageView>>('/api/citizen/usage', { page, pageSize: PORTAL_PAGE_SIZE }, signal),
  consents: (signal?: AbortSignal) => get<ConsentView[]>('/api/citizen/consents', undefined, signal),
  revokeConsent: (grantId: string) => del(`/api/citizen/consents/${id(grantId)}`),

  sessions: (signal?: AbortSignal) => get<SessionView[]>('/api/citizen/sessions', undefined, signal),
  revokeSession: (sessionId: string) => del(`/api/citizen/sessions/${id(sessionId)}`),
  revokeAll: () => post<{ revoked: number }>('/api/citizen/sessions/revoke-all'),
  /** Lock my account, saying why when I want to: a reason code (EID_LOCK_REASONS) and a note. */
  lock: (reason: { reasonCode?: string; reasonNote?: string }) => post<void>('/api/citizen/lock', reason),

  stepUpSms: () => post<{ phoneMasked: string; expiresAt: string }>('/api/citizen/step-up/sms'),
  stepUpPasskeyOptions: () => post<PublicKeyCredentialRequestOptionsJSON>('/api/citizen/step-up/passkey-options'),
  stepUp: (proof: StepUpProof) => post<{ steppedUpUntil: string }>('/api/citizen/step-up', proof),

  totpSetup: () => post<{ secret: string; otpauthUrl: string }>('/api/citizen/totp/setup'),
  totpConfirm: (code: string) => post<void>('/api/citizen/totp/confirm', { code }),
  totpDisable: () => post<void>('/api/citizen/totp/disable'),

  passkeys: (signal?: AbortSignal) => get<PasskeyView[]>('/api/citizen/passkeys', undefined, signal),
  passkeyRegistrationOptions: () => post<PublicKeyCredentialCreationOptionsJSON>('/api/citizen/passkeys/options'),
  addPasskey: (name: string, response: RegistrationResponseJSON) =>
    post<PasskeyView>('/api/citizen/passkeys', { name, response }),
  removePasskey: (credentialId: string) => del(`/api/citizen/passkeys/${id(credentialId)}`),

  family: (signal?: AbortSignal) => get<Family>('/api/citizen/family', undefined, signal),
  householdActivity: (page: number, signal?: AbortSignal) =>
    get<HouseholdActivity>('/api/citizen/household-activity', { page, pageSize: PORTAL_PAGE_SIZE }, signal),
  enrolChild: (childPin: string, passcode: string) => post<EidAccount>('/api/citizen/children', { childPin, passcode }),
};

export type AbortReason = 'access_denied' | 'unmet_authentication_requirements';

/** The login and consent steps of a service's OpenID Connect request (pages at /eid/interaction/:uid). */
export const interactionApi = {
  details: (uid: string, signal?: AbortSignal) =>
    get<InteractionView>(`/eid/interaction/${id(uid)}/details`, undefined, signal),
  login: (uid: string) => post<{ redirectTo: string }>(`/eid/interaction/${id(uid)}/login`),
  consent: (uid: string) => post<{ redirectTo: string }>(`/eid/interaction/${id(uid)}/consent`),
  abort: (uid: string, reason: AbortReason) =>
    post<{ redirectTo: string }>(`/eid/interaction/${id(uid)}/abort`, { reason }),
};

/** The citizen's own CT07 confirmations (through the portal session and its CSRF token). */
export const citizenConfirmations = {
  issueOwn: () => post<ConfirmationView>('/api/citizen/confirmations', {}),
  listOwn: (signal?: AbortSignal) => get<ConfirmationView[]>('/api/citizen/confirmations', undefined, signal),
};

/** The citizen's own ID cards: the current one (with its QR payload) and the earlier ones; images are logged reads. */
export const citizenCards = {
  mine: (signal?: AbortSignal) => get<{ current: CardView | null; all: CardView[] }>('/api/citizen/cards', undefined, signal),
  photoUrl: (cardId: string) => `/api/citizen/cards/${id(cardId)}/photo`,
  faceUrl: (cardId: string, side: 'front' | 'back') => `/api/citizen/cards/${id(cardId)}/face/${side}`,
  /** The holder reports the card lost or stolen: it is revoked at once. */
  reportLost: (cardId: string, reason: 'lost' | 'stolen', note?: string) => post<CardView>(`/api/citizen/cards/${id(cardId)}/report-lost`, note ? { reason, note } : { reason }),
};

/** Online filing: procedures, the registry prefill, filing, my dossiers, attachments, consents asked of me. */
export const citizenDossiersApi = {
  procedures: (signal?: AbortSignal) => get<ProcedureInfo[]>('/api/citizen/procedures', undefined, signal),
  prefill: (signal?: AbortSignal) => get<Prefill>('/api/citizen/prefill', undefined, signal),
  file: (body: { procedure: string; unitCode: string; requestId: string; form: Record<string, unknown> }) => post<DossierDetails>('/api/citizen/dossiers', body),
  mine: (page: number, signal?: AbortSignal) => get<Page<DossierSummary>>('/api/citizen/dossiers', { page, pageSize: PORTAL_PAGE_SIZE }, signal),
  dossier: (dossierId: string, signal?: AbortSignal) => get<DossierDetails>(`/api/citizen/dossiers/${id(dossierId)}`, undefined, signal),
  act: (dossierId: string, body: { type: 'give_consent' | 'refuse_consent' | 'withdraw'; expectedSeq: number; payload?: { requestSeq?: number; note?: string; reason?: string } }) =>
    post<DossierDetails>(`/api/citizen/dossiers/${id(dossierId)}/actions`, body),
  attach: (dossierId: string, documentCode: string, file: File) =>
    request<AttachmentView>('POST', `/api/citizen/dossiers/${id(dossierId)}/attachments`, { query: { documentCode, fileName: file.name }, file, channel }),
  consentRequests: (signal?: AbortSignal) => get<ConsentRequestInfo[]>('/api/citizen/consent-requests', undefined, signal),
};

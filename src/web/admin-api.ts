/**
 * The console's administration calls: officer accounts, the officer's own TOTP, password
 * links, and the audit log. Shapes mirror the kernel's closed response schemas
 * (src/kernel/auth/routes.ts, src/kernel/audit-routes.ts).
 */
import { get, patch, post, type Officer, type Role } from './api.js';
import type { AuditVerification } from '../kernel/audit-verify.js';

export type { AuditVerification };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type OfficerStatus = 'active' | 'disabled' | 'locked';

export interface OfficerFilter {
  role?: Role | undefined;
  unitCode?: string | undefined;
  status?: OfficerStatus | undefined;
  q?: string | undefined;
  page: number;
}

export interface NewOfficerInput {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
}

export interface PasswordLink {
  token: string;
  path: string;
  expiresAt: string;
}

export const OFFICER_PAGE_SIZE = 20;
const id = (value: string) => encodeURIComponent(value);

export const officersApi = {
  list: (filter: OfficerFilter, signal?: AbortSignal) => get<Page<Officer>>('/api/officers', { ...filter, pageSize: OFFICER_PAGE_SIZE }, signal),
  create: (input: NewOfficerInput) => post<Officer>('/api/officers', input),
  update: (officerId: string, change: { displayName?: string; role?: Role; unitCode?: string | null; reason: string }) => patch<Officer>(`/api/officers/${id(officerId)}`, change),
  setActive: (officerId: string, active: boolean, reason: string) => post<Officer>(`/api/officers/${id(officerId)}/${active ? 'enable' : 'disable'}`, { reason }),
  setTotpRequired: (officerId: string, required: boolean, reason: string) => post<Officer>(`/api/officers/${id(officerId)}/totp-required`, { required, reason }),
  unlock: (officerId: string) => post<Officer>(`/api/officers/${id(officerId)}/unlock`),
  passwordLink: (officerId: string) => post<PasswordLink>(`/api/officers/${id(officerId)}/password-link`),
  /** Outside a session: the officer opening the link. */
  usePasswordLink: (token: string, password: string) => post<{ username: string }>('/api/auth/password-link', { token, password }),
};

export const myTotpApi = {
  stepUp: (proof: { password?: string; totp?: string }) => post<{ steppedUpUntil: string }>('/api/auth/step-up', proof),
  setup: () => post<{ secret: string; otpauthUrl: string }>('/api/auth/totp/setup'),
  confirm: (code: string) => post<void>('/api/auth/totp/confirm', { code }),
  disable: () => post<void>('/api/auth/totp/disable'),
};

export interface AuditEntry {
  seq: number;
  chain: 'change' | 'access';
  at: string;
  actorKind: string;
  actorId: string;
  actorName: string | null;
  targetName: string | null;
  action: string;
  targetKind: string;
  targetId: string;
  unitCode: string | null;
  purpose: string | null;
  dossier: string | null;
  detail: Record<string, string | number | boolean | null | Array<string | number | boolean | null>>;
}

export interface AuditFilter {
  unitCode?: string | undefined;
  chain?: 'change' | 'access' | undefined;
  actor?: string | undefined;
  targetKind?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
}

export const AUDIT_PAGE_SIZE = 25;

export const auditApi = {
  list: (filter: AuditFilter, signal?: AbortSignal) => get<Page<AuditEntry> & { totalCapped: boolean }>('/api/audit', { ...filter, pageSize: AUDIT_PAGE_SIZE }, signal),
  verify: () => post<AuditVerification>('/api/audit/verify'),
};

/** A full link for the administrator to hand over, from the path the server gives. */
export function absoluteLink(path: string, origin: string = window.location.origin): string {
  return `${origin}${path}`;
}

/**
 * A day (ISO, from the dd/mm/yyyy the officer typed) and an optional hh:mm, in Vietnam's time
 * (UTC+7, no daylight saving) as the log's times are shown, as an ISO instant. The end of a
 * range is exclusive on the server, so an end includes the whole chosen minute or day.
 */
export function localToIso(date: string, time: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const hasTime = /^\d{2}:\d{2}$/.test(time);
  const at = new Date(`${date}T${hasTime ? time : '00:00'}:00+07:00`);
  if (Number.isNaN(at.getTime())) return undefined;
  if (end) at.setTime(at.getTime() + (hasTime ? 60_000 : 86_400_000));
  return at.toISOString();
}

/**
 * CT07 confirmations as the web app uses them: the console issues (officer session), the
 * portal issues the citizen's own (citizen session), and the public page verifies with no
 * session at all. Shapes are the module's own types (type-only imports, erased from the bundle).
 */
import { post, request } from './api.js';
import { citizenConfirmations } from './citizen-api.js';
import type { ConfirmationView, VerificationAnswer } from '../modules/residence/index.js';

export type { ConfirmationView, VerificationAnswer };

export const ct07Api = {
  /** An officer issues a CT07 for anyone in the registry (purpose: issuing a CT07). */
  issue: (pin: string) => post<ConfirmationView>('/api/residence/confirmations', { pin, purpose: 'residence_confirmation' }),
  /** Revokes one (issued in error, or on a court's or agency's request); verification answers revoked from then on. */
  revoke: (id: string, reason: string) => post<ConfirmationView>(`/api/residence/confirmations/${encodeURIComponent(id)}/revoke`, { reason }),
  /** Public: no session, nothing but the token is sent. */
  verify: (token: string) => request<VerificationAnswer>('POST', '/api/public/ct07/verify', { body: { token } }),
  ...citizenConfirmations,
};

/** The token a verification page was opened with: the URL fragment (what the QR code holds) or `?token=`. */
export function tokenFromLocation(hash: string, search: string): string {
  const fromHash = hash.replace(/^#/, '');
  if (fromHash) return decodeURIComponent(fromHash);
  return new URLSearchParams(search).get('token') ?? '';
}

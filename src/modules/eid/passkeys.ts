import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { CitizenActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { requireStepUp } from '../../kernel/auth/session-store.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { CITIZEN_SESSIONS } from './sessions.js';
import { recordUsage } from './store.js';

/**
 * Passkeys (WebAuthn) as a second factor: registered from a logged-in portal session after a
 * step-up (step-up.ts), and removed only after one too.
 */
export function relyingParty(ctx: AppContext): { id: string; name: string; origin: string } {
  const url = new URL(ctx.config.publicUrl);
  return { id: url.hostname, name: 'dancu — Định danh điện tử', origin: url.origin };
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Registration options; the challenge is kept on the session, so only a stepped-up session can register. */
export async function passkeyRegistrationOptions(ctx: AppContext, actor: CitizenActor, session: { sessionId: string; tokenHash: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await requireStepUp(ctx.db.pool, CITIZEN_SESSIONS, session.tokenHash, ctx.clock.now());
  const rp = relyingParty(ctx);
  const existing = await ctx.db.pool.query<{ credential_id: string }>('SELECT credential_id FROM eid_passkey WHERE account_id = $1', [actor.id]);
  // The WebAuthn library is loaded on first use (about 0.4 s): most processes, every `dancu` command among them, never need it.
  const { generateRegistrationOptions } = await import('@simplewebauthn/server');
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: actor.pin,
    userID: new TextEncoder().encode(actor.id),
    attestationType: 'none',
    excludeCredentials: existing.rows.map((k) => ({ id: k.credential_id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await ctx.db.pool.query('UPDATE eid_session SET webauthn_challenge = $2 WHERE id = $1', [session.sessionId, options.challenge]);
  return options;
}

/** Registers the passkey created for the session's challenge, while the step-up that allowed it is still fresh. */
export async function registerPasskey(ctx: AppContext, actor: CitizenActor, session: { sessionId: string; tokenHash: string }, input: { name: string; response: RegistrationResponseJSON }): Promise<PasskeyView> {
  await requireStepUp(ctx.db.pool, CITIZEN_SESSIONS, session.tokenHash, ctx.clock.now());
  const sessionId = session.sessionId;
  const rp = relyingParty(ctx);
  const s = await ctx.db.pool.query<{ webauthn_challenge: string | null }>('SELECT webauthn_challenge FROM eid_session WHERE id = $1', [sessionId]);
  const challenge = s.rows[0]?.webauthn_challenge;
  const failed = () => new AppError('invalid', 'passkey_registration_failed', { vi: 'Không đăng ký được khoá truy cập; hãy thử lại.', en: 'The passkey could not be registered; try again.' }, { field: 'response' });
  if (!challenge) throw failed();
  const { verifyRegistrationResponse } = await import('@simplewebauthn/server');
  const result = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id }).catch(() => undefined);
  if (!result?.verified) throw failed();
  const cred = result.registrationInfo.credential;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE eid_session SET webauthn_challenge = NULL WHERE id = $1', [sessionId]);
    await tx.query('INSERT INTO eid_passkey (credential_id, account_id, public_key, counter, transports, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      cred.id,
      actor.id,
      Buffer.from(cred.publicKey),
      cred.counter,
      cred.transports ?? [],
      input.name,
      now,
    ]);
    await recordUsage(tx, actor.id, { kind: 'passkey_added', detail: { name: input.name } }, now);
    await recordAudit(tx, { actor, action: 'eid.passkey_added', target: { kind: 'eid_account', id: actor.id } }, now);
    return { id: cred.id, name: input.name, createdAt: now.toISOString(), lastUsedAt: null };
  });
}

export async function listPasskeys(ctx: AppContext, actor: CitizenActor): Promise<PasskeyView[]> {
  const r = await ctx.db.pool.query<{ credential_id: string; name: string; created_at: Date; last_used_at: Date | null }>(
    'SELECT credential_id, name, created_at, last_used_at FROM eid_passkey WHERE account_id = $1 ORDER BY created_at',
    [actor.id],
  );
  return r.rows.map((k) => ({ id: k.credential_id, name: k.name, createdAt: k.created_at.toISOString(), lastUsedAt: k.last_used_at?.toISOString() ?? null }));
}

/** Removes a passkey (after a step-up), audited and in the usage history. */
export async function removePasskey(ctx: AppContext, actor: CitizenActor, tokenHash: string, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await requireStepUp(tx, CITIZEN_SESSIONS, tokenHash, ctx.clock.now());
    const r = await tx.query('DELETE FROM eid_passkey WHERE account_id = $1 AND credential_id = $2', [actor.id, id]);
    if (r.rowCount !== 1) throw notFound('passkey_not_found', { vi: 'Không có khoá truy cập này.', en: 'No such passkey.' }, 'id');
    const now = ctx.clock.now();
    await recordUsage(tx, actor.id, { kind: 'passkey_removed', detail: { id } }, now);
    await recordAudit(tx, { actor, action: 'eid.passkey_removed', target: { kind: 'eid_account', id: actor.id }, detail: { id } }, now);
  });
}

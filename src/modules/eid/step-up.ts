import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordAudit } from '../../kernel/audit.js';
import { claimAttempt, releaseAttempt } from '../../kernel/auth/lockout.js';
import { markSteppedUp, revokeSession } from '../../kernel/auth/session-store.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { issueCode } from './codes.js';
import { checkSecondFactor, failureOf, passkeyAssertionOptions, recordLoginFailure, Replayed, secondFactorsOf, useFactor, wrongCode, type LoginMeta, type SecondFactor, type SecondFactorInput } from './login.js';
import { maskPhone } from './model.js';
import { CITIZEN_SESSIONS, type CitizenSession } from './sessions.js';
import { EID_ACCOUNTS, findAccount, recordUsage, type AccountRow } from './store.js';

/**
 * Step-up: before a second factor is added, replaced or removed, the citizen proves a current
 * one again in this session — the authenticator code or a passkey once either is set up, and
 * only for an account with neither an SMS code to the bound phone (so whoever holds a stolen
 * session, or only the SIM card, cannot swap the factors). The proof is good for a few minutes
 * (STEP_UP_MS); wrong proofs count towards the lockout like wrong logins.
 */
async function accountOf(ctx: AppContext, s: CitizenSession): Promise<AccountRow> {
  const row = await findAccount(ctx.db.pool, { id: s.actor.id });
  if (!row) throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
  return row;
}

function methodUnavailable(methods: SecondFactor[]): AppError {
  return new AppError('invalid', 'step_up_method_unavailable', {
    vi: `Hãy xác thực bằng ${methods.map((m) => (m === 'totp' ? 'ứng dụng xác thực' : m === 'passkey' ? 'khoá truy cập' : 'mã SMS')).join(' hoặc ')}.`,
    en: `Confirm with ${methods.map((m) => (m === 'totp' ? 'your authenticator app' : m === 'passkey' ? 'a passkey' : 'an SMS code')).join(' or ')}.`,
  }, { field: 'method' });
}

/** Texts a step-up code to the bound phone; only for an account without TOTP or passkey. */
export async function sendStepUpCode(ctx: AppContext, s: CitizenSession): Promise<{ phoneMasked: string; expiresAt: string }> {
  const row = await accountOf(ctx, s);
  const methods = secondFactorsOf(row);
  if (!methods.includes('sms')) throw methodUnavailable(methods);
  const code = await ctx.db.transaction((tx) => issueCode(tx, ctx, { purpose: 'step_up', pin: row.pin, phone: row.phone, accountId: row.id, payload: { sessionId: s.sessionId } }));
  return { phoneMasked: maskPhone(row.phone), expiresAt: code.expiresAt.toISOString() };
}

/** WebAuthn options for a step-up with a passkey; the challenge is kept on the session. */
export async function stepUpPasskeyOptions(ctx: AppContext, s: CitizenSession): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const row = await accountOf(ctx, s);
  const methods = secondFactorsOf(row);
  if (!methods.includes('passkey')) throw methodUnavailable(methods);
  const options = await passkeyAssertionOptions(ctx.db.pool, ctx, row.id);
  await ctx.db.pool.query('UPDATE eid_session SET step_up_challenge = $2 WHERE token_hash = $1', [s.tokenHash, options.challenge]);
  return options;
}

/** Checks the proof and marks the session as stepped up; the time it lasts until. */
export async function finishStepUp(ctx: AppContext, s: CitizenSession, factor: SecondFactorInput, meta: LoginMeta): Promise<{ steppedUpUntil: string }> {
  const row = await accountOf(ctx, s);
  const methods = secondFactorsOf(row);
  if (!methods.includes(factor.method)) throw methodUnavailable(methods);
  const now = ctx.clock.now();
  const claim = await claimAttempt(ctx.db.pool, EID_ACCOUNTS, row.id, now);
  if (!claim.allowed) throw failureOf(factor);
  const challenge = (await ctx.db.pool.query<{ step_up_challenge: string | null }>('SELECT step_up_challenge FROM eid_session WHERE token_hash = $1', [s.tokenHash])).rows[0]?.step_up_challenge ?? null;
  const checked = await checkSecondFactor(ctx, row, factor, {
    challenge,
    smsPurpose: 'step_up',
    smsCodeId: async () =>
      (await ctx.db.pool.query<{ id: string }>("SELECT id FROM eid_code WHERE purpose = 'step_up' AND account_id = $1 AND payload->>'sessionId' = $2 ORDER BY created_at DESC LIMIT 1", [row.id, s.sessionId])).rows[0]?.id,
  });
  if (checked instanceof AppError) {
    await recordLoginFailure(ctx, row, claim, factor.method, meta, true);
    // Whoever holds this session cannot prove a factor: when that locks the account, the session ends too.
    if (claim.lockedNow) await revokeSession(ctx.db.pool, CITIZEN_SESSIONS, s.tokenHash, now);
    throw checked;
  }
  return ctx.db.transaction(async (tx) => {
    if (!(await useFactor(tx, ctx, row, checked, now))) throw new Replayed();
    await releaseAttempt(tx, EID_ACCOUNTS, row.id, claim);
    await tx.query('UPDATE eid_session SET step_up_challenge = NULL WHERE token_hash = $1', [s.tokenHash]);
    const until = await markSteppedUp(tx, CITIZEN_SESSIONS, s.tokenHash, now);
    await recordUsage(tx, row.id, { kind: 'step_up', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { factor: factor.method } }, now);
    await recordAudit(tx, { actor: s.actor, action: 'eid.step_up', target: { kind: 'eid_account', id: row.id }, detail: { factor: factor.method } }, now);
    return { steppedUpUntil: until.toISOString() };
  }).catch(async (err: unknown) => {
    if (!(err instanceof Replayed)) throw err;
    await recordLoginFailure(ctx, row, claim, 'totp_replayed', meta, true);
    throw wrongCode();
  });
}

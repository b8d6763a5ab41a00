import { randomBytes } from 'node:crypto';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type AuthenticatorTransport, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordAudit } from '../../kernel/audit.js';
import { DUMMY_HASH, verifyPassword } from '../../kernel/auth/password.js';
import { checkTotp } from '../../kernel/auth/totp.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { consumeCode, issueCode } from './codes.js';
import { LOGIN_LOCK_MS, MAX_FAILED_LOGINS, maskPhone, type EidAccount } from './model.js';
import { relyingParty } from './passkeys.js';
import { createCitizenSession, sha256, type NewCitizenSession } from './sessions.js';
import { findAccount, recordUsage, toAccount, type AccountRow } from './store.js';

/**
 * Citizen login: PIN and passcode first, then a second factor — an authenticator-app code
 * (TOTP), a passkey, or, for an account that has set up neither yet, a code by SMS to the
 * bound phone. Wrong passcodes and wrong second factors count together towards the lockout.
 */
export type SecondFactor = 'totp' | 'passkey' | 'sms';

export interface LoginMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface LoginStarted {
  loginToken: string;
  methods: SecondFactor[];
  phoneMasked: string;
}

const LOGIN_TTL_MS = 5 * 60_000;

/** Unknown PIN and wrong passcode answer alike (and take as long), so the form does not reveal accounts. */
const loginFailed = () =>
  new AppError('unauthenticated', 'login_failed', { vi: 'Số định danh hoặc mật mã không đúng.', en: 'Wrong personal ID number or passcode.' }, { field: 'passcode' });

function lockedError(row: AccountRow, now: Date): AppError {
  if (row.status === 'locked') {
    return row.locked_by === 'citizen'
      ? new AppError('locked', 'account_locked_by_citizen', { vi: 'Tài khoản đã bị khoá theo yêu cầu của bạn. Đến Công an xã/phường để mở khoá.', en: 'The account was locked at your request. Visit commune police to unlock it.' })
      : new AppError('locked', 'account_locked_by_officer', { vi: 'Tài khoản đã bị cơ quan Công an khoá. Liên hệ Công an xã/phường.', en: 'The account was locked by the police. Contact commune police.' });
  }
  const minutes = Math.ceil((row.locked_until!.getTime() - now.getTime()) / 60_000);
  return new AppError('locked', 'account_temporarily_locked', {
    vi: `Nhập sai quá ${MAX_FAILED_LOGINS} lần; tài khoản tạm khoá ${minutes} phút.`,
    en: `More than ${MAX_FAILED_LOGINS} wrong attempts; the account is locked for ${minutes} minutes.`,
  });
}

/** Counts a failure in its own transaction (the request fails, the count must stay) and locks at the limit. */
async function registerFailure(ctx: AppContext, row: AccountRow, factor: string, meta: LoginMeta): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ failed_logins: number }>('UPDATE eid_account SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins', [row.id]);
    const failures = r.rows[0]!.failed_logins;
    if (failures >= MAX_FAILED_LOGINS) await tx.query('UPDATE eid_account SET locked_until = $2, failed_logins = 0 WHERE id = $1', [row.id, new Date(now.getTime() + LOGIN_LOCK_MS)]);
    await recordUsage(tx, row.id, { kind: 'login_failed', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { factor, locked: failures >= MAX_FAILED_LOGINS } }, now);
  });
}

function assertUsable(row: AccountRow, now: Date): void {
  if (row.status === 'locked' || (row.locked_until && row.locked_until > now)) throw lockedError(row, now);
}

export async function startLogin(ctx: AppContext, input: { pin: string; passcode: string }, meta: LoginMeta): Promise<LoginStarted> {
  const now = ctx.clock.now();
  const row = /^\d{12}$/.test(input.pin) ? await findAccount(ctx.db.pool, { pin: input.pin }) : undefined;
  if (!row || !row.passcode_hash) {
    await verifyPassword(input.passcode, DUMMY_HASH);
    throw loginFailed();
  }
  assertUsable(row, now);
  if (!(await verifyPassword(input.passcode, row.passcode_hash))) {
    await registerFailure(ctx, row, 'passcode', meta);
    throw loginFailed();
  }
  if (row.status === 'pending_verification') {
    throw new AppError('forbidden', 'account_pending_verification', { vi: 'Tài khoản đang chờ Công an phê duyệt; bạn sẽ nhận tin nhắn khi được duyệt.', en: 'The account is waiting for police approval; you will get a text message when it is approved.' });
  }
  if (row.status === 'rejected') throw new AppError('forbidden', 'account_rejected', { vi: 'Đăng ký tài khoản chưa được phê duyệt; hãy đăng ký lại.', en: 'The enrolment was not approved; please enrol again.' });
  if (row.status === 'pending_activation') throw new AppError('forbidden', 'account_pending_activation', { vi: 'Tài khoản chưa kích hoạt: nhập mã kích hoạt đã gửi tới điện thoại.', en: 'The account is not activated yet: enter the activation code sent to your phone.' });

  const methods: SecondFactor[] = [];
  if (row.totp_enabled) methods.push('totp');
  if (row.passkeys > 0) methods.push('passkey');
  if (methods.length === 0) methods.push('sms');
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    const loginId = newId();
    await tx.query('INSERT INTO eid_login (id, account_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [loginId, row.id, sha256(token), now, new Date(now.getTime() + LOGIN_TTL_MS)]);
    if (methods.includes('sms')) await issueCode(tx, ctx, { purpose: 'login', pin: row.pin, phone: row.phone, accountId: row.id, payload: { loginId } });
  });
  return { loginToken: token, methods, phoneMasked: maskPhone(row.phone) };
}

interface LoginRow {
  id: string;
  account_id: string;
  passkey_challenge: string | null;
  expires_at: Date;
  done_at: Date | null;
}

const loginExpired = () =>
  new AppError('unauthenticated', 'login_expired', { vi: 'Phiên đăng nhập đã hết hạn; hãy nhập lại mật mã.', en: 'The login has expired; enter your passcode again.' }, { field: 'loginToken' });

async function pendingLogin(ctx: AppContext, loginToken: string): Promise<{ login: LoginRow; row: AccountRow }> {
  const r = await ctx.db.pool.query<LoginRow>('SELECT id, account_id, passkey_challenge, expires_at, done_at FROM eid_login WHERE token_hash = $1', [sha256(loginToken)]);
  const login = r.rows[0];
  const now = ctx.clock.now();
  if (!login || login.done_at || login.expires_at <= now) throw loginExpired();
  const row = await findAccount(ctx.db.pool, { id: login.account_id });
  if (!row) throw loginExpired();
  assertUsable(row, now);
  return { login, row };
}

/** WebAuthn options for the passkey step: the challenge is bound to this half-done login. */
export async function passkeyLoginOptions(ctx: AppContext, loginToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { login, row } = await pendingLogin(ctx, loginToken);
  const keys = await ctx.db.pool.query<{ credential_id: string; transports: string[] }>('SELECT credential_id, transports FROM eid_passkey WHERE account_id = $1', [row.id]);
  const rp = relyingParty(ctx);
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: keys.rows.map((k) => ({ id: k.credential_id, transports: k.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
  });
  await ctx.db.pool.query('UPDATE eid_login SET passkey_challenge = $2 WHERE id = $1', [login.id, options.challenge]);
  return options;
}

export type SecondFactorInput = { method: 'totp'; code: string } | { method: 'sms'; code: string } | { method: 'passkey'; response: AuthenticationResponseJSON };

export interface LoginDone {
  account: EidAccount;
  session: NewCitizenSession;
}

const wrongCode = () => new AppError('unauthenticated', 'second_factor_failed', { vi: 'Mã xác thực không đúng hoặc đã dùng.', en: 'The verification code is wrong or already used.' }, { field: 'code' });

export async function finishLogin(ctx: AppContext, loginToken: string, factor: SecondFactorInput, meta: LoginMeta): Promise<LoginDone> {
  const { login, row } = await pendingLogin(ctx, loginToken);
  const now = ctx.clock.now();
  let totpStep: number | null = null;
  let passkeyUpdate: { id: string; counter: number } | null = null;
  if (factor.method === 'totp') {
    totpStep = row.totp_enabled && row.totp_secret ? checkTotp(row.totp_secret, factor.code, now) : null;
    if (totpStep === null || (row.totp_last_step !== null && totpStep <= row.totp_last_step)) {
      await registerFailure(ctx, row, 'totp', meta);
      throw wrongCode();
    }
  } else if (factor.method === 'sms') {
    const code = await ctx.db.pool.query<{ id: string }>("SELECT id FROM eid_code WHERE purpose = 'login' AND account_id = $1 AND payload->>'loginId' = $2 ORDER BY created_at DESC LIMIT 1", [row.id, login.id]);
    if (!code.rows[0]) throw wrongCode();
    try {
      await consumeCode(ctx, code.rows[0].id, factor.code, 'login');
    } catch (err) {
      if ((err as AppError).code === 'code_wrong') await registerFailure(ctx, row, 'sms', meta);
      throw err;
    }
  } else {
    const key = await ctx.db.pool.query<{ credential_id: string; public_key: Buffer; counter: number; transports: string[] }>(
      'SELECT credential_id, public_key, counter, transports FROM eid_passkey WHERE account_id = $1 AND credential_id = $2',
      [row.id, factor.response.id],
    );
    const stored = key.rows[0];
    let verified = false;
    if (stored && login.passkey_challenge) {
      const rp = relyingParty(ctx);
      const result = await verifyAuthenticationResponse({
        response: factor.response,
        expectedChallenge: login.passkey_challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: stored.credential_id, publicKey: new Uint8Array(stored.public_key), counter: Number(stored.counter), transports: stored.transports as AuthenticatorTransport[] },
      }).catch(() => undefined);
      if (result?.verified) {
        verified = true;
        passkeyUpdate = { id: stored.credential_id, counter: result.authenticationInfo.newCounter };
      }
    }
    if (!verified) {
      await registerFailure(ctx, row, 'passkey', meta);
      throw new AppError('unauthenticated', 'passkey_failed', { vi: 'Không xác thực được bằng khoá truy cập.', en: 'The passkey could not be verified.' }, { field: 'response' });
    }
  }
  return ctx.db.transaction(async (tx) => {
    const done = await tx.query('UPDATE eid_login SET done_at = $2 WHERE id = $1 AND done_at IS NULL', [login.id, now]);
    if (done.rowCount !== 1) throw loginExpired();
    // A TOTP code is good once: storing its step makes a replay fail (step <= last step).
    const updated = await tx.query(
      'UPDATE eid_account SET failed_logins = 0, locked_until = NULL, totp_last_step = COALESCE($2, totp_last_step) WHERE id = $1 AND ($2::bigint IS NULL OR totp_last_step IS NULL OR totp_last_step < $2)',
      [row.id, totpStep],
    );
    if (updated.rowCount !== 1) throw wrongCode();
    if (passkeyUpdate) await tx.query('UPDATE eid_passkey SET counter = $2, last_used_at = $3 WHERE credential_id = $1', [passkeyUpdate.id, passkeyUpdate.counter, now]);
    const amr = ['pwd', factor.method === 'totp' ? 'otp' : factor.method === 'sms' ? 'sms' : 'hwk'];
    const session = await createCitizenSession(tx, row.id, amr, now, meta);
    await recordUsage(tx, row.id, { kind: 'login', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { factor: factor.method, sessionId: session.id } }, now);
    await recordAudit(tx, { actor: { kind: 'citizen', id: row.id }, action: 'eid.login', target: { kind: 'eid_account', id: row.id }, detail: { factor: factor.method } }, now);
    return { account: toAccount({ ...row, failed_logins: 0, locked_until: null }), session };
  });
}

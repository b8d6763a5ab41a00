import { randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON, AuthenticatorTransport, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordAudit } from '../../kernel/audit.js';
import { claimAttempt, clearFailures, MAX_FAILED_ATTEMPTS, releaseAttempt, releaseIdentifier, throttleIdentifier, type Claim } from '../../kernel/auth/lockout.js';
import { DUMMY_HASH, verifyPassword } from '../../kernel/auth/password.js';
import { acceptTotpStep, sealIfPlain, verifyTotp } from '../../kernel/auth/totp.js';
import { VIETNAM_TIME_ZONE } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { securityNotice } from './notices.js';
import { consumeCode, issueCode, type CodePurpose } from './codes.js';
import { maskPhone, type EidAccount } from './model.js';
import { relyingParty } from './passkeys.js';
import { createCitizenSession, sha256, type NewCitizenSession } from './sessions.js';
import { EID_ACCOUNTS, findAccount, findAccountByPin, recordUsage, toAccount, type AccountRow } from './store.js';

/**
 * Citizen login: PIN and passcode first, then a second factor — an authenticator-app code
 * (TOTP), a passkey, or, for an account that has set up neither yet, a code by SMS to the
 * bound phone. Wrong passcodes and wrong second factors count together towards the lockout
 * (kernel lockout.ts: claimed before anything is compared, escalating lock times); attempts
 * are also limited per PIN, whether the PIN has an account or not.
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

/**
 * An unknown PIN, a wrong passcode and a locked account answer alike (and take as long), so
 * the form reveals neither accounts nor locks. A locked citizen is told by SMS when the lock
 * happens.
 */
const loginFailed = () =>
  new AppError('unauthenticated', 'login_failed', { vi: 'Số định danh hoặc mật mã không đúng.', en: 'Wrong personal ID number or passcode.' }, { field: 'passcode' });

/** The second factors an account logs in with: TOTP and passkeys once set up, else an SMS code. */
export function secondFactorsOf(row: Pick<AccountRow, 'totp_enabled' | 'passkeys'>): SecondFactor[] {
  const methods: SecondFactor[] = [];
  if (row.totp_enabled) methods.push('totp');
  if (row.passkeys > 0) methods.push('passkey');
  if (methods.length === 0) methods.push('sms');
  return methods;
}

const vnTime = new Intl.DateTimeFormat('vi-VN', { timeZone: VIETNAM_TIME_ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false });

/**
 * Writes down a failed attempt (its claim already counted it). When this attempt locked the
 * account, the lock is audited and the citizen is told by SMS, since the login form itself
 * says nothing about locks.
 */
export async function recordLoginFailure(ctx: AppContext, row: AccountRow, claim: Claim, factor: string, meta: LoginMeta, stepUp = false): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await recordUsage(tx, row.id, { kind: 'login_failed', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { factor, locked: claim.lockedNow, ...(stepUp ? { stepUp: true } : {}) } }, now);
    if (!claim.lockedNow) return;
    const until = claim.lockedUntil!;
    await recordUsage(tx, row.id, { kind: 'locked', detail: { by: 'system', until: until.toISOString() } }, now);
    await recordAudit(tx, { actor: { kind: 'system', id: 'eid-login' }, action: 'eid.account_temporarily_locked', target: { kind: 'eid_account', id: row.id }, detail: { until: until.toISOString(), lockouts: claim.lockouts } }, now);
    await securityNotice(tx, row.phone, 'eid.locked.attempts', `Tai khoan dinh danh dien tu cua ban tam khoa den ${vnTime.format(until)} do nhap sai mat ma hoac ma xac thuc ${MAX_FAILED_ATTEMPTS} lan. Neu khong phai ban, hay lien he Cong an xa/phuong.`, now);
  });
}

export async function startLogin(ctx: AppContext, input: { pin: string; passcode: string }, meta: LoginMeta): Promise<LoginStarted> {
  const now = ctx.clock.now();
  const identifier = `eid-pin:${input.pin}`;
  await throttleIdentifier(ctx.db.pool, identifier, now);
  const row = await findAccountByPin(ctx.db.pool, input.pin);
  const claim = row?.passcode_hash && row.status !== 'locked' ? await claimAttempt(ctx.db.pool, EID_ACCOUNTS, row.id, now) : undefined;
  if (!row?.passcode_hash || !claim?.allowed) {
    await verifyPassword(input.passcode, DUMMY_HASH);
    throw loginFailed();
  }
  if (!(await verifyPassword(input.passcode, row.passcode_hash))) {
    await recordLoginFailure(ctx, row, claim, 'passcode', meta);
    throw loginFailed();
  }
  // The passcode was right: not a failure; the second factor decides.
  await releaseAttempt(ctx.db.pool, EID_ACCOUNTS, row.id, claim);
  await releaseIdentifier(ctx.db.pool, identifier);
  if (row.status === 'pending_verification') {
    throw new AppError('forbidden', 'account_pending_verification', { vi: 'Tài khoản đang chờ Công an phê duyệt; bạn sẽ nhận tin nhắn khi được duyệt.', en: 'The account is waiting for police approval; you will get a text message when it is approved.' });
  }
  if (row.status === 'rejected') throw new AppError('forbidden', 'account_rejected', { vi: 'Đăng ký tài khoản chưa được phê duyệt; hãy đăng ký lại.', en: 'The enrolment was not approved; please enrol again.' });
  if (row.status === 'pending_activation') throw new AppError('forbidden', 'account_pending_activation', { vi: 'Tài khoản chưa kích hoạt: nhập mã kích hoạt đã gửi tới điện thoại.', en: 'The account is not activated yet: enter the activation code sent to your phone.' });

  const methods = secondFactorsOf(row);
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
  if (!row || row.status !== 'active') throw loginExpired();
  return { login, row };
}

/** WebAuthn assertion options for the account's passkeys, bound to `challenge` storage by the caller. */
export async function passkeyAssertionOptions(db: Executor, ctx: AppContext, accountId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await db.query<{ credential_id: string; transports: string[] }>('SELECT credential_id, transports FROM eid_passkey WHERE account_id = $1', [accountId]);
  const rp = relyingParty(ctx);
  // Loaded on first use, as in passkeys.ts.
  const { generateAuthenticationOptions } = await import('@simplewebauthn/server');
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: keys.rows.map((k) => ({ id: k.credential_id, transports: k.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
  });
}

/** WebAuthn options for the passkey step: the challenge is bound to this half-done login. */
export async function passkeyLoginOptions(ctx: AppContext, loginToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { login, row } = await pendingLogin(ctx, loginToken);
  const options = await passkeyAssertionOptions(ctx.db.pool, ctx, row.id);
  await ctx.db.pool.query('UPDATE eid_login SET passkey_challenge = $2 WHERE id = $1', [login.id, options.challenge]);
  return options;
}

export type SecondFactorInput = { method: 'totp'; code: string } | { method: 'sms'; code: string } | { method: 'passkey'; response: AuthenticationResponseJSON };

export interface LoginDone {
  account: EidAccount;
  session: NewCitizenSession;
}

export const wrongCode = () => new AppError('unauthenticated', 'second_factor_failed', { vi: 'Mã xác thực không đúng hoặc đã dùng.', en: 'The verification code is wrong or already used.' }, { field: 'code' });
const passkeyFailed = () => new AppError('unauthenticated', 'passkey_failed', { vi: 'Không xác thực được bằng khoá truy cập.', en: 'The passkey could not be verified.' }, { field: 'response' });

export const failureOf = (factor: SecondFactorInput): AppError => (factor.method === 'passkey' ? passkeyFailed() : wrongCode());

export interface FactorChecked {
  /** The TOTP step to accept (replay guard) in the success transaction. */
  totpStep: number | null;
  passkey: { id: string; counter: number } | null;
}

/**
 * Checks a second factor of `row` (after its attempt was claimed): the TOTP code against the
 * active secret, the SMS code `smsCodeId` of `smsPurpose`, or a passkey assertion against
 * `challenge`. Answers what the success transaction must record, or the error to answer.
 */
export async function checkSecondFactor(
  ctx: AppContext,
  row: AccountRow,
  factor: SecondFactorInput,
  opts: { challenge: string | null; smsCodeId: () => Promise<string | undefined>; smsPurpose: CodePurpose },
): Promise<FactorChecked | AppError> {
  const now = ctx.clock.now();
  if (factor.method === 'totp') {
    const step = verifyTotp(ctx.keys, EID_ACCOUNTS, row, factor.code, now);
    return step === null ? wrongCode() : { totpStep: step, passkey: null };
  }
  if (factor.method === 'sms') {
    const codeId = await opts.smsCodeId();
    if (!codeId) return wrongCode();
    try {
      await consumeCode(ctx, codeId, factor.code, opts.smsPurpose);
      return { totpStep: null, passkey: null };
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  }
  const key = await ctx.db.pool.query<{ credential_id: string; public_key: Buffer; counter: number; transports: string[] }>(
    'SELECT credential_id, public_key, counter, transports FROM eid_passkey WHERE account_id = $1 AND credential_id = $2',
    [row.id, factor.response.id],
  );
  const stored = key.rows[0];
  if (!stored || !opts.challenge) return passkeyFailed();
  const rp = relyingParty(ctx);
  const { verifyAuthenticationResponse } = await import('@simplewebauthn/server');
  const result = await verifyAuthenticationResponse({
    response: factor.response,
    expectedChallenge: opts.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: { id: stored.credential_id, publicKey: new Uint8Array(stored.public_key), counter: Number(stored.counter), transports: stored.transports as AuthenticatorTransport[] },
  }).catch(() => undefined);
  return result?.verified ? { totpStep: null, passkey: { id: stored.credential_id, counter: result.authenticationInfo.newCounter } } : passkeyFailed();
}

/** Records in the success transaction what a checked factor used up; false when its TOTP code was used meanwhile. */
export async function useFactor(tx: Executor, ctx: AppContext, row: AccountRow, checked: FactorChecked, now: Date): Promise<boolean> {
  if (checked.totpStep !== null && !(await acceptTotpStep(tx, EID_ACCOUNTS, row.id, checked.totpStep))) return false;
  await sealIfPlain(tx, ctx.keys, EID_ACCOUNTS, row.id, row.totp_secret);
  if (checked.passkey) await tx.query('UPDATE eid_passkey SET counter = $2, last_used_at = $3 WHERE credential_id = $1', [checked.passkey.id, checked.passkey.counter, now]);
  return true;
}

export async function finishLogin(ctx: AppContext, loginToken: string, factor: SecondFactorInput, meta: LoginMeta): Promise<LoginDone> {
  const { login, row } = await pendingLogin(ctx, loginToken);
  const now = ctx.clock.now();
  const claim = await claimAttempt(ctx.db.pool, EID_ACCOUNTS, row.id, now);
  if (!claim.allowed) throw failureOf(factor);
  const checked = await checkSecondFactor(ctx, row, factor, {
    challenge: login.passkey_challenge,
    smsPurpose: 'login',
    smsCodeId: async () =>
      (await ctx.db.pool.query<{ id: string }>("SELECT id FROM eid_code WHERE purpose = 'login' AND account_id = $1 AND payload->>'loginId' = $2 ORDER BY created_at DESC LIMIT 1", [row.id, login.id])).rows[0]?.id,
  });
  if (checked instanceof AppError) {
    await recordLoginFailure(ctx, row, claim, factor.method, meta);
    throw checked;
  }
  const done = await ctx.db.transaction(async (tx) => {
    const marked = await tx.query('UPDATE eid_login SET done_at = $2 WHERE id = $1 AND done_at IS NULL', [login.id, now]);
    if (marked.rowCount !== 1) throw loginExpired();
    // The replay guard runs in this transaction: two requests with one code cannot both log in.
    if (!(await useFactor(tx, ctx, row, checked, now))) throw new Replayed();
    await clearFailures(tx, EID_ACCOUNTS, row.id);
    const amr = ['pwd', factor.method === 'totp' ? 'otp' : factor.method === 'sms' ? 'sms' : 'hwk'];
    const session = await createCitizenSession(tx, row.id, amr, now, meta);
    await recordUsage(tx, row.id, { kind: 'login', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { factor: factor.method, sessionId: session.id } }, now);
    await recordAudit(tx, { actor: { kind: 'citizen', id: row.id }, action: 'eid.login', target: { kind: 'eid_account', id: row.id }, detail: { factor: factor.method } }, now);
    return { account: toAccount({ ...row, failed_logins: 0, locked_until: null }), session };
  }).catch(async (err: unknown) => {
    if (!(err instanceof Replayed)) throw err;
    await recordLoginFailure(ctx, row, claim, 'totp_replayed', meta);
    throw wrongCode();
  });
  return done;
}

/** Thrown inside a success transaction to roll it back when its TOTP code was used meanwhile. */
export class Replayed extends Error {
  constructor() {
    super('TOTP code already used');
  }
}

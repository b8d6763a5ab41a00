import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { DEFAULT_RATE_LIMIT, enqueueMessage, tooManyMessages, type RateLimit } from '../../kernel/notify/outbox.js';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MS, codeMatches, hashCode, newCode } from './model.js';

/**
 * One-time codes sent by SMS (enrolment, activation, login, and the step-up before changing
 * second factors). The code is stored hashed; it is good once, for five minutes
 * (thirty for in-person activation), and dies after five wrong tries.
 */
export type CodePurpose = 'enrol' | 'activate' | 'login' | 'step_up';

const TTL: Record<CodePurpose, number> = { enrol: CODE_TTL_MS, login: CODE_TTL_MS, step_up: CODE_TTL_MS, activate: 30 * 60_000 };
const TEXT: Record<CodePurpose, string> = {
  enrol: 'dang ky tai khoan dinh danh dien tu',
  activate: 'kich hoat tai khoan dinh danh dien tu muc 2',
  login: 'dang nhap',
  step_up: 'thay doi phuong thuc xac thuc',
};
/** Per PIN, on top of the per-phone limit of the outbox. */
const MAX_CODES_PER_PIN = 5;
/**
 * Per phone: five codes in fifteen minutes, counting codes only. A citizen whose dossier moved
 * through five steps in a quarter of an hour (five status SMS) can still sign in to see it.
 */
const CODE_LIMIT: RateLimit = { ...DEFAULT_RATE_LIMIT, templatePrefix: 'eid.code.' };
const PIN_WINDOW_MS = 15 * 60_000;

export interface IssuedCode {
  id: string;
  expiresAt: Date;
}

export async function issueCode(
  tx: Executor,
  ctx: AppContext,
  c: { purpose: CodePurpose; pin: string; phone: string; accountId?: string | null; payload?: Record<string, unknown> },
): Promise<IssuedCode> {
  const now = ctx.clock.now();
  const recent = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM eid_code WHERE pin = $1 AND created_at > $2', [c.pin, new Date(now.getTime() - PIN_WINDOW_MS)]);
  if ((recent.rows[0]?.n ?? 0) >= MAX_CODES_PER_PIN) throw tooManyMessages();
  const id = newId();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + TTL[c.purpose]);
  await tx.query(
    `INSERT INTO eid_code (id, purpose, account_id, pin, phone, code_hash, created_at, expires_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, c.purpose, c.accountId ?? null, c.pin, c.phone, hashCode(id, code), now, expiresAt, JSON.stringify(c.payload ?? {})],
  );
  // SMS without diacritics: a Vietnamese-accented SMS costs three times as many segments.
  await enqueueMessage(
    tx,
    {
      channel: 'sms',
      recipient: c.phone,
      template: `eid.code.${c.purpose}`,
      subject: 'dancu',
      body: `Ma xac thuc ${TEXT[c.purpose]}: ${code}. Hieu luc ${TTL[c.purpose] / 60_000} phut. Khong cung cap ma nay cho bat ky ai.`,
      secret: true,
    },
    now,
    CODE_LIMIT,
  );
  return { id, expiresAt };
}

export interface CodeRow {
  id: string;
  purpose: CodePurpose;
  account_id: string | null;
  pin: string;
  phone: string;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  used_at: Date | null;
  payload: Record<string, unknown>;
}

const fail = (code: string, vi: string, en: string) => new AppError('invalid', code, { vi, en }, { field: 'code' });

/**
 * Checks and uses up a code in its own transaction, so a wrong try is counted even though
 * the request fails. Validate everything else first: a used code cannot be used again.
 */
export async function consumeCode(ctx: AppContext, codeId: string, code: string, purpose: CodePurpose): Promise<CodeRow> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<CodeRow>('SELECT * FROM eid_code WHERE id = $1 FOR UPDATE', [codeId]);
    const row = r.rows[0];
    const now = ctx.clock.now();
    if (!row || row.purpose !== purpose) return fail('code_not_found', 'Không tìm thấy yêu cầu xác thực này; hãy yêu cầu mã mới.', 'No such verification request; ask for a new code.');
    if (row.used_at) return fail('code_already_used', 'Mã này đã được dùng; hãy yêu cầu mã mới.', 'This code was already used; ask for a new one.');
    if (row.expires_at <= now) return fail('code_expired', 'Mã đã hết hạn; hãy yêu cầu mã mới.', 'The code has expired; ask for a new one.');
    if (row.attempts >= CODE_MAX_ATTEMPTS) return fail('code_attempts_exceeded', 'Nhập sai quá nhiều lần; hãy yêu cầu mã mới.', 'Too many wrong tries; ask for a new code.');
    if (!/^\d{6}$/.test(code) || !codeMatches(row.id, code, row.code_hash)) {
      await tx.query('UPDATE eid_code SET attempts = attempts + 1 WHERE id = $1', [row.id]);
      const left = CODE_MAX_ATTEMPTS - row.attempts - 1;
      return fail('code_wrong', `Mã không đúng (còn ${left} lần thử).`, `Wrong code (${left} tries left).`);
    }
    await tx.query('UPDATE eid_code SET used_at = $2, attempts = attempts + 1 WHERE id = $1', [row.id, now]);
    return row;
  });
  if (outcome instanceof AppError) throw outcome;
  return outcome;
}

import type { Executor } from '../db.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';

/**
 * The notification outbox. A service that wants an SMS or e-mail sent writes it here in the
 * same transaction as the change that causes it, so a rolled-back change sends nothing and
 * a committed one is delivered (with retries) by the dispatcher even if the process dies.
 */
export type Channel = 'sms' | 'email';

export interface OutgoingMessage {
  channel: Channel;
  /** Phone number (digits, leading 0 kept) or e-mail address. */
  recipient: string;
  /** What kind of message, for the log and the rate limit: `eid.enrol_code`, … */
  template: string;
  subject: string;
  body: string;
  /** One-time codes and the like: the body is scrubbed from the table once delivered. */
  secret?: boolean;
}

export interface RateLimit {
  /** At most `max` messages to one recipient within `windowMs`. */
  max: number;
  windowMs: number;
  /**
   * Count only messages whose template starts with this (`eid.code.`): a kind of message with
   * its own budget, so a burst of other messages (a dossier's status notices) never uses it up.
   * Absent: every message to the recipient counts.
   */
  templatePrefix?: string;
}

/** Codes by SMS: five in fifteen minutes, then the recipient waits (anti-spam, anti-guessing). */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 5, windowMs: 15 * 60_000 };

export function tooManyMessages(): AppError {
  return new AppError('rate_limited', 'too_many_messages', {
    vi: 'Đã gửi quá nhiều tin tới số điện thoại/địa chỉ này. Hãy thử lại sau 15 phút.',
    en: 'Too many messages were sent to this phone number or address. Try again in 15 minutes.',
  }, { field: 'recipient' });
}

/** Queues a message; fails with `too_many_messages` when the recipient's limit is reached. */
export async function enqueueMessage(tx: Executor, message: OutgoingMessage, now: Date, limit: RateLimit = DEFAULT_RATE_LIMIT): Promise<string> {
  const since = new Date(now.getTime() - limit.windowMs);
  const recent =
    limit.templatePrefix === undefined
      ? await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notification WHERE recipient = $1 AND created_at > $2', [message.recipient, since])
      : await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notification WHERE recipient = $1 AND created_at > $2 AND starts_with(template, $3)', [message.recipient, since, limit.templatePrefix]);
  if ((recent.rows[0]?.n ?? 0) >= limit.max) throw tooManyMessages();
  const id = newId();
  await tx.query(
    `INSERT INTO notification (id, channel, recipient, template, params, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [id, message.channel, message.recipient, message.template, JSON.stringify({ subject: message.subject, body: message.body, secret: message.secret ?? false }), now],
  );
  return id;
}

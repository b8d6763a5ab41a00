import type { Executor } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import { enqueueMessage } from '../../kernel/notify/outbox.js';

/** Security notices may use a few more messages than codes before the recipient's limit stops them. */
const NOTICE_LIMIT = { max: 10, windowMs: 15 * 60_000 };

/**
 * Texts a security notice (a lock, a changed phone number) in the caller's transaction. A
 * notice never makes the change it reports fail: beyond the recipient's limit it is dropped
 * (the change stays in the usage history and the audit log), so a flood cannot block a lock
 * or reveal through a different error that one happened.
 */
export async function securityNotice(tx: Executor, phone: string, template: string, body: string, now: Date): Promise<void> {
  try {
    await enqueueMessage(tx, { channel: 'sms', recipient: phone, template, subject: 'dancu', body }, now, NOTICE_LIMIT);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'too_many_messages')) throw err;
  }
}

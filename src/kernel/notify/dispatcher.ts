import type { Logger } from 'pino';
import type { Database, Executor } from '../db.js';
import type { Clock } from '../clock.js';
import type { Channel } from './outbox.js';

/** A message as a sender receives it. */
export interface Delivery {
  id: string;
  channel: Channel;
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

/**
 * Delivers messages of one channel. `send` runs inside the dispatcher's transaction (the row
 * is locked, so two processes never send the same message); throw to have it retried.
 */
export interface Sender {
  channel: Channel;
  send(message: Delivery, tx: Executor): Promise<void>;
}

export const MAX_ATTEMPTS = 6;
/** 30 s, 1 min, 2 min, … between attempts. */
export const retryDelayMs = (attempts: number) => 30_000 * 2 ** Math.max(0, attempts - 1);

interface Row {
  id: string;
  channel: Channel;
  recipient: string;
  template: string;
  params: { subject: string; body: string; secret: boolean };
  attempts: number;
}

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends the due messages of the outbox through the registered senders, a batch per call.
 * Failures are retried with exponential backoff and marked `failed` after MAX_ATTEMPTS.
 */
export class NotificationDispatcher {
  private readonly senders = new Map<Channel, Sender>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  register(sender: Sender): this {
    this.senders.set(sender.channel, sender);
    return this;
  }

  async dispatchDue(batch = 50): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, failed: 0 };
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const due = await tx.query<Row>(
        `SELECT id, channel, recipient, template, params, attempts FROM notification
          WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batch],
      );
      for (const row of due.rows) {
        const sender = this.senders.get(row.channel);
        const attempts = row.attempts + 1;
        try {
          if (!sender) throw new Error(`no sender for channel ${row.channel}`);
          await tx.query('SAVEPOINT send');
          await sender.send({ id: row.id, channel: row.channel, recipient: row.recipient, template: row.template, subject: row.params.subject, body: row.params.body }, tx);
          await tx.query('RELEASE SAVEPOINT send');
          const params = row.params.secret ? { ...row.params, body: '[delivered; one-time content removed]' } : row.params;
          await tx.query("UPDATE notification SET status = 'sent', attempts = $2, sent_at = $3, params = $4, last_error = NULL WHERE id = $1", [row.id, attempts, now, JSON.stringify(params)]);
          result.sent++;
        } catch (err) {
          if (sender) await tx.query('ROLLBACK TO SAVEPOINT send').catch(() => undefined);
          const message = err instanceof Error ? err.message : String(err);
          const failed = attempts >= MAX_ATTEMPTS;
          await tx.query('UPDATE notification SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1', [
            row.id,
            failed ? 'failed' : 'pending',
            attempts,
            new Date(now.getTime() + retryDelayMs(attempts)),
            message.slice(0, 500),
          ]);
          this.log.warn({ notification: row.id, template: row.template, attempts, err: message }, failed ? 'notification failed for good' : 'notification will be retried');
          if (failed) result.failed++;
          else result.retried++;
        }
      }
    });
    return result;
  }

  /** Polls every `intervalMs` until stopped. */
  start(intervalMs = 1000): void {
    const tick = () => {
      this.running = this.dispatchDue()
        .catch((err: unknown) => this.log.error({ err }, 'notification dispatch failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    if (t) clearTimeout(t);
    await this.running;
  }
}

import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Executor } from '../db.js';
import { newId } from '../ids.js';
import type { Channel } from './outbox.js';
import type { Delivery, Sender } from './dispatcher.js';

/**
 * Development sender: instead of an SMS gateway it writes the message to the log and to the
 * `dev_message` table, which developers (and the browser tests) read on /dev/messages.
 * Never enabled in production: the server registers it only with DANCU_DEV_MESSAGES=1 or the demo.
 */
export function devSender(channel: Channel, log: Logger, now: () => Date): Sender {
  return {
    channel,
    async send(m: Delivery, tx: Executor) {
      await tx.query('INSERT INTO dev_message (id, channel, recipient, subject, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6)', [newId(), m.channel, m.recipient, m.subject, m.body, now()]);
      log.info({ channel: m.channel, recipient: m.recipient, template: m.template, body: m.body }, 'development message (not really sent)');
    },
  };
}

/** E-mail through an SMTP server (`DANCU_SMTP_URL`, e.g. smtp://user:pass@mail.example:587). */
export function smtpSender(url: string, from: string): Sender {
  const transport = nodemailer.createTransport(url);
  return {
    channel: 'email',
    async send(m: Delivery) {
      await transport.sendMail({ from, to: m.recipient, subject: m.subject, text: m.body });
    },
  };
}

export interface DevMessage {
  id: string;
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  sentAt: string;
}

export async function listDevMessages(db: Executor, recipient: string | undefined, limit: number): Promise<DevMessage[]> {
  const r = await db.query<{ id: string; channel: Channel; recipient: string; subject: string; body: string; sent_at: Date }>(
    `SELECT id, channel, recipient, subject, body, sent_at FROM dev_message
      WHERE ($1::text IS NULL OR recipient = $1) ORDER BY sent_at DESC, id DESC LIMIT $2`,
    [recipient ?? null, limit],
  );
  return r.rows.map((x) => ({ id: x.id, channel: x.channel, recipient: x.recipient, subject: x.subject, body: x.body, sentAt: x.sent_at.toISOString() }));
}

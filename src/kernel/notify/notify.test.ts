import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { NotificationDispatcher, MAX_ATTEMPTS, type Delivery, type Sender } from './dispatcher.js';
import { enqueueMessage } from './outbox.js';
import { devSender, listDevMessages, smtpSender } from './senders.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

const status = async (id: string) =>
  (await t.db.pool.query<{ status: string; attempts: number; params: { body: string }; last_error: string | null }>('SELECT status, attempts, params, last_error FROM notification WHERE id = $1', [id])).rows[0]!;

async function enqueue(recipient: string, body = 'Ma xac thuc: 123456', secret = true, channel: 'sms' | 'email' = 'sms'): Promise<string> {
  return t.db.transaction((tx) => enqueueMessage(tx, { channel, recipient, template: 'test', subject: 'dancu', body, secret }, t.clock.now()));
}

describe('notification outbox', () => {
  it('delivers through the development sender, which writes the page developers read, and scrubs one-time content', async () => {
    const id = await enqueue('0911000001');
    const d = new NotificationDispatcher(t.db, t.clock, t.ctx.log).register(devSender('sms', t.ctx.log, () => t.clock.now()));
    expect(await d.dispatchDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const row = await status(id);
    expect(row.status).toBe('sent');
    expect(row.params.body).not.toContain('123456');
    const messages = await listDevMessages(t.db.pool, '0911000001', 10);
    expect(messages[0]!.body).toBe('Ma xac thuc: 123456');
    expect(await d.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries a failing sender with growing delays and gives up after the last attempt', async () => {
    const id = await enqueue('0911000002');
    let calls = 0;
    const flaky: Sender = {
      channel: 'sms',
      async send() {
        calls++;
        throw new Error('gateway timeout');
      },
    };
    const d = new NotificationDispatcher(t.db, t.clock, t.ctx.log).register(flaky);
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await d.dispatchDue();
      expect((await status(id)).attempts).toBe(i);
      // Not due again before its delay.
      await d.dispatchDue();
      expect(calls).toBe(i);
      t.clock.advance(60 * 60_000);
    }
    const row = await status(id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'gateway timeout' });
  });

  it('a send that fails after writing rolls its writes back but keeps the retry bookkeeping', async () => {
    const id = await enqueue('0911000003');
    const halfway: Sender = {
      channel: 'sms',
      async send(m: Delivery, tx) {
        await tx.query("INSERT INTO dev_message (id, channel, recipient, subject, body, sent_at) VALUES (gen_random_uuid(), 'sms', $1, 's', 'b', now())", [m.recipient]);
        throw new Error('broken pipe');
      },
    };
    await new NotificationDispatcher(t.db, t.clock, t.ctx.log).register(halfway).dispatchDue();
    expect((await status(id)).status).toBe('pending');
    expect(await listDevMessages(t.db.pool, '0911000003', 10)).toHaveLength(0);
  });

  it('limits messages per recipient to five in fifteen minutes', async () => {
    for (let i = 0; i < 5; i++) await enqueue('0911000004', 'x', false);
    await expect(enqueue('0911000004', 'x', false)).rejects.toMatchObject({ code: 'too_many_messages', kind: 'rate_limited' });
    t.clock.advance(16 * 60_000);
    await expect(enqueue('0911000004', 'x', false)).resolves.toBeTypeOf('string');
  });

  it('a limit with a template prefix counts only those messages: status notices leave the codes their budget', async () => {
    const codes = { max: 5, windowMs: 15 * 60_000, templatePrefix: 'eid.code.' };
    const msg = (template: string) => ({ channel: 'sms' as const, recipient: '0911000005', template, subject: 's', body: 'b' });
    for (let i = 0; i < 6; i++) await t.db.transaction((tx) => enqueueMessage(tx, msg('dossier.received'), t.clock.now(), { max: 20, windowMs: 15 * 60_000 }));
    for (let i = 0; i < 5; i++) await t.db.transaction((tx) => enqueueMessage(tx, msg('eid.code.login'), t.clock.now(), codes));
    await expect(t.db.transaction((tx) => enqueueMessage(tx, msg('eid.code.login'), t.clock.now(), codes))).rejects.toMatchObject({ code: 'too_many_messages' });
    // Without a prefix every message counts, as before.
    await expect(t.db.transaction((tx) => enqueueMessage(tx, msg('eid.review.approved'), t.clock.now()))).rejects.toMatchObject({ code: 'too_many_messages' });
  });

  it('sends e-mail over SMTP', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const id = await enqueue('lan@example.vn', 'Tai khoan cua ban da duoc phe duyet.', false, 'email');
      const d = new NotificationDispatcher(t.db, t.clock, t.ctx.log).register(smtpSender(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'dancu <no-reply@dancu.test>'));
      expect((await d.dispatchDue()).sent).toBe(1);
      expect((await status(id)).status).toBe('sent');
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('To: lan@example.vn');
      expect(received[0]).toContain('Tai khoan cua ban da duoc phe duyet.');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

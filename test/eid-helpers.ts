import type { AppContext } from '../src/kernel/context.js';
import type { App } from '../src/kernel/http.js';
import { notificationDispatcher } from '../src/server.js';

/** e-ID test helpers that go through the real routes and the real notification outbox. */

/** A JPEG-looking photo above the minimum size (the server checks magic bytes and size). */
export function facePhoto(): string {
  const bytes = Buffer.alloc(4096, 7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes.toString('base64');
}

/** Delivers the outbox through the development sender and returns the last code texted to `phone`. */
export async function lastCode(ctx: AppContext, phone: string): Promise<string> {
  await notificationDispatcher(ctx).dispatchDue();
  // Only messages that carry a code: an approval SMS delivered in the same batch (same clock
  // instant, ids in random order within a millisecond) must not hide the code.
  const r = await ctx.db.pool.query<{ body: string }>("SELECT body FROM dev_message WHERE recipient = $1 AND body ~ '[0-9]{6}' ORDER BY sent_at DESC, id DESC LIMIT 1", [phone]);
  const code = /(\d{6})/.exec(r.rows[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no code was texted to ${phone}`);
  return code;
}

export interface CitizenLogin {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** PIN + passcode, then the SMS code (accounts without TOTP or passkey). */
export async function citizenLogin(app: App, ctx: AppContext, pin: string, passcode: string, phone: string): Promise<CitizenLogin> {
  const start = await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin, passcode } });
  if (start.statusCode !== 200) throw new Error(`citizen login failed: ${start.statusCode} ${start.body}`);
  const { loginToken } = start.json() as { loginToken: string };
  const verify = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken, method: 'sms', code: await lastCode(ctx, phone) } });
  if (verify.statusCode !== 200) throw new Error(`citizen login verify failed: ${verify.statusCode} ${verify.body}`);
  const cookie = cookieOf(verify);
  const csrf = (verify.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Level-1 enrolment through the portal API and approval by an officer (the system actor here). */
export async function enrolLevel1(app: App, ctx: AppContext, p: { pin: string; fullName: string; birthDate: string }, phone: string, passcode = '482916'): Promise<string> {
  const start = await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...p, phone } });
  if (start.statusCode !== 201) throw new Error(`enrolment failed: ${start.statusCode} ${start.body}`);
  const { enrolmentId } = start.json() as { enrolmentId: string };
  const confirm = await app.inject({ method: 'POST', url: `/api/citizen/enrolments/${enrolmentId}/confirm`, payload: { code: await lastCode(ctx, phone), passcode, photo: facePhoto() } });
  if (confirm.statusCode !== 201) throw new Error(`enrolment confirm failed: ${confirm.statusCode} ${confirm.body}`);
  return (confirm.json() as { id: string }).id;
}

/** A step-up by SMS code (accounts without TOTP or passkey), so the session may change second factors. */
export async function stepUpBySms(app: App, ctx: AppContext, s: CitizenLogin, phone: string): Promise<void> {
  const sent = await app.inject({ method: 'POST', url: '/api/citizen/step-up/sms', headers: s.headers });
  if (sent.statusCode !== 200) throw new Error(`step-up code failed: ${sent.statusCode} ${sent.body}`);
  const done = await app.inject({ method: 'POST', url: '/api/citizen/step-up', headers: s.headers, payload: { method: 'sms', code: await lastCode(ctx, phone) } });
  if (done.statusCode !== 200) throw new Error(`step-up failed: ${done.statusCode} ${done.body}`);
}

/** Sets up an authenticator app on an account that has no second factor yet; the TOTP secret. */
export async function enableTotp(app: App, ctx: AppContext, s: CitizenLogin, phone: string, totpAt: (secret: string) => string): Promise<string> {
  await stepUpBySms(app, ctx, s, phone);
  const setup = await app.inject({ method: 'POST', url: '/api/citizen/totp/setup', headers: s.headers });
  if (setup.statusCode !== 200) throw new Error(`totp setup failed: ${setup.statusCode} ${setup.body}`);
  const { secret } = setup.json() as { secret: string };
  const confirm = await app.inject({ method: 'POST', url: '/api/citizen/totp/confirm', headers: s.headers, payload: { code: totpAt(secret) } });
  if (confirm.statusCode !== 204) throw new Error(`totp confirm failed: ${confirm.statusCode} ${confirm.body}`);
  return secret;
}

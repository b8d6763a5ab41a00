import type { App } from '../src/kernel/http.js';

export interface LoggedIn {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Logs in through the real route and returns what a browser would hold. */
export async function login(app: App, username: string, password = 'demo-password-2026', totp?: string): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

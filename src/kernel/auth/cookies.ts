import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config.js';

/**
 * Session cookies are `Secure` whenever browsers reach the server over https (the public URL
 * says so), and on request (`DANCU_SECURE_COOKIES=1`, e.g. TLS ended by a proxy that rewrites
 * the address). Plain http on localhost (the demo) keeps them usable.
 */
export function cookiesSecure(config: Pick<Config, 'secureCookies' | 'publicUrl'>): boolean {
  return config.secureCookies || config.publicUrl.toLowerCase().startsWith('https:');
}

/** Options for a session cookie: HTTP-only, on `/`, ending with the session. */
export function sessionCookie(config: Pick<Config, 'secureCookies' | 'publicUrl'>, sameSite: 'strict' | 'lax', expires?: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite, secure: cookiesSecure(config), path: '/', ...(expires ? { expires } : {}) };
}

import { Secret, TOTP } from 'otpauth';

/** RFC 6238 codes (SHA-1, 6 digits, 30 s), as every authenticator app reads them. */
export function totpFor(secret: string, label = 'dancu'): TOTP {
  return new TOTP({ issuer: 'dancu', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step of a valid code (±1 step of clock drift), or null. */
export function checkTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

export function totpCode(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}


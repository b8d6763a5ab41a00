/** Pure helpers of the citizen portal and the e-ID pages: no React, no I/O, unit-tested. */

export const PASSCODE = /^\d{6}$/;
export const CODE = /^\d{6}$/;
/** The server's limits (src/modules/eid/model.ts): a smaller file holds no recognisable face. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MIN_BYTES = 2 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;

/** Where to go after login: only a path inside this site, else the portal's home. */
export function safeNext(next: string | null | undefined, fallback = '/portal'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : fallback;
}

/** A face photo the server will take: JPEG or PNG, 2 KB to 2 MB (the server also checks the bytes). */
export function photoProblem(file: { type: string; size: number }): 'photoType' | 'photoTooLarge' | 'photoTooSmall' | undefined {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'photoType';
  if (file.size > PHOTO_MAX_BYTES) return 'photoTooLarge';
  if (file.size < PHOTO_MIN_BYTES) return 'photoTooSmall';
  return undefined;
}

/** 2048 → "2 KB", 2097152 → "2 MB", 350000 → "342 KB" (binary units, as the limits are). */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** `data:image/png;base64,iVBOR…` → `iVBOR…` (the API takes bare base64). */
export function stripDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  return dataUrl.startsWith('data:') && comma >= 0 ? dataUrl.slice(comma + 1) : dataUrl;
}

/** A TOTP secret as people copy it: groups of four, `JBSW Y3DP EHPK 3PXP`. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** Registry scopes with a label in `portal.scopes.*`; `openid` and unknown ones are left out or shown as is. */
export const KNOWN_SCOPES = ['profile', 'pin', 'address', 'household'] as const;
export type KnownScope = (typeof KNOWN_SCOPES)[number];

export function isKnownScope(scope: string): scope is KnownScope {
  return (KNOWN_SCOPES as readonly string[]).includes(scope);
}

/** Kinds of e-ID usage with a label in `portal.usage.kinds.*`. */
export const USAGE_KINDS = [
  'enrolled',
  'activated',
  'login',
  'login_failed',
  'logout',
  'session_revoked',
  'consent',
  'consent_revoked',
  'token_issued',
  'locked',
  'unlocked',
  'level2_verified',
  'totp_enabled',
  'totp_disabled',
  'step_up',
  'phone_changed',
  'passkey_added',
  'passkey_removed',
  'sessions_revoked',
  'guardian_created_child',
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export function isUsageKind(kind: string): kind is UsageKind {
  return (USAGE_KINDS as readonly string[]).includes(kind);
}

/** Logged reads of a record with a label in `portal.access.actions.*` (the key is the action with `_` for `.`). */
export const ACCESS_ACTIONS = [
  'person_read',
  'person_history_read',
  'person_search_hit',
  'person_identity_checked',
  'household_read',
  'eid_account_listed',
  'eid_photo_read',
  'eid_token_issued',
  'person_pin_issued_answered',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export function accessActionKey(action: string): AccessAction | undefined {
  const key = action.replace(/\./g, '_');
  return (ACCESS_ACTIONS as readonly string[]).includes(key) ? (key as AccessAction) : undefined;
}

/** "Chrome · Linux" from a user-agent string, for lists of sessions and logins; '' when unknown. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return '';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : '';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : userAgent.slice(0, 60);
}

/** Passcode fields: 6 digits, typed twice the same. */
export function passcodeProblems(passcode: string, repeat: string): Array<{ field: string; key: 'passcode' | 'passcodeMismatch' }> {
  if (!PASSCODE.test(passcode)) return [{ field: 'passcode', key: 'passcode' }];
  if (passcode !== repeat) return [{ field: 'passcodeRepeat', key: 'passcodeMismatch' }];
  return [];
}

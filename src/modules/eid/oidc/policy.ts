import type { interactionPolicy, KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../../kernel/clock.js';
import { levelOfAcr, type Level } from '../model.js';

/**
 * When the provider must send the citizen through our login step before it issues a code.
 * oidc-provider evaluates this policy on every authorization request and again when an
 * interaction resumes, so these checks hold whenever a code is about to be issued, whether or
 * not the browser already has a provider session:
 * - the session's level (its `acr`) must meet what the service demands — its registered minimum,
 *   `acr_values`, or an essential `acr` claim; a level-1 session is sent back to the login step
 *   (a step-up), never through consent to a code;
 * - `max_age` is measured on our clock against the time of the portal login (the session's
 *   `auth_time`), not the provider's own clock and not the time of the last interaction.
 * The provider's own `max_age` and essential-acr checks are replaced: ours read levels as a
 * minimum (a level-2 login satisfies a level-1 request) and use the application clock.
 */
export const MIN_LEVEL_METADATA = 'dancu_min_level';

/** The strictest of: the client's registered minimum, and any acr the request asked for (acr_values or an essential acr claim). */
export function requiredLevel(minLevel: unknown, acrValues: unknown, claims: unknown): Level {
  let level: Level = minLevel === 2 ? 2 : 1;
  const asked = typeof acrValues === 'string' ? acrValues.split(' ').map(levelOfAcr).filter((l): l is Level => l !== undefined) : [];
  // acr_values lists acceptable values: the request needs level 2 only if level 1 is not among them.
  if (asked.length && !asked.includes(1)) level = 2;
  try {
    const parsed = typeof claims === 'string' ? (JSON.parse(claims) as { id_token?: { acr?: { essential?: boolean; value?: string; values?: string[] } } }) : undefined;
    const acr = parsed?.id_token?.acr;
    if (acr?.essential) {
      const values = (acr.values ?? (acr.value ? [acr.value] : [])).map(levelOfAcr);
      if (values.length && !values.includes(1)) level = 2;
    }
  } catch {
    // a malformed claims parameter is the provider's to reject
  }
  return level;
}

/** What the authorization request in `ctx` demands of the login. */
export function requestedLevel(ctx: KoaContextWithOIDC): Level {
  const { client, params } = ctx.oidc;
  return requiredLevel(client?.[MIN_LEVEL_METADATA], params?.acr_values, params?.claims);
}

/** `max_age` of the request in seconds, if it has one. */
export function maxAgeOf(params: Record<string, unknown> | undefined): number | undefined {
  const v = params?.max_age;
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Whether the request asked for a fresh login (`prompt=login`). */
export function loginPrompted(params: Record<string, unknown> | undefined): boolean {
  return typeof params?.prompt === 'string' && params.prompt.split(' ').includes('login');
}

/** Detail recorded on a login interaction: when it started, on our clock (ms), so "log in again" can be told from "still logged in". */
export const STARTED_AT = 'dancu_started_at';

/** `policies` is oidc-provider's `interactionPolicy`, which provider.ts loads on first use. */
export function buildPolicy(clock: Clock, policies: typeof interactionPolicy): interactionPolicy.DefaultPolicy {
  const { Check, base } = policies;
  const policy = base();
  const login = policy.get('login')!;
  for (const reason of ['max_age', 'essential_acr', 'essential_acrs']) login.checks.remove(reason);

  login.checks.add(
    new Check('auth_too_old', 'the last login is older than max_age', (ctx) => {
      const { session, params, result } = ctx.oidc;
      const maxAge = maxAgeOf(params);
      if (maxAge === undefined || !session?.accountId || result?.login) return Check.NO_NEED_TO_PROMPT;
      const loginTs = session.authTime();
      return loginTs === undefined || Math.floor(clock.now().getTime() / 1000) - loginTs > maxAge;
    }),
  );
  login.checks.add(
    new Check(
      'level_insufficient',
      'the service requires a higher e-ID level than this login',
      (ctx) => {
        const { session } = ctx.oidc;
        if (!session?.accountId) return Check.NO_NEED_TO_PROMPT;
        return (levelOfAcr(session.acr) ?? 0) < requestedLevel(ctx);
      },
      (ctx) => ({ requiredLevel: requestedLevel(ctx) }),
    ),
  );

  const loginDetails = login.details;
  login.details = async (ctx) => ({ ...(await loginDetails(ctx)), [STARTED_AT]: clock.now().getTime() });
  return policy;
}

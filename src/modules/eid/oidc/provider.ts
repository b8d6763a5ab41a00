import type { ReadPurpose } from '../../../kernel/purposes.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as OidcLibrary from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC, default as Provider } from 'oidc-provider';
import type { ClientActor } from '../../../kernel/actor.js';
import type { AppContext } from '../../../kernel/context.js';
import { getHousehold, getPerson, type PersonDetails } from '../../people/index.js';
import { ACR_VALUES } from '../model.js';
import { findAccount as findAccountRow } from '../store.js';
import { adapterFactory } from './adapter.js';
import { clientSecretMatches } from './clients.js';
import { KEY_REFRESH_MS, keysFingerprint, loadKeys, type ProviderKeys } from './keys.js';
import { errorPage, logoutPage, loggedOutPage } from './pages.js';
import { buildPolicy, MIN_LEVEL_METADATA } from './policy.js';

/**
 * The OpenID Connect provider public services log citizens in with: panva's certified
 * oidc-provider, configured for authorization code + PKCE only, `acr` values for the two
 * e-ID levels, and scopes that map to registry claims. Login and consent happen on our own
 * pages (`/eid/interaction/:uid`, see interactions.ts).
 */
export const SCOPE_CLAIMS = {
  profile: ['name', 'family_name', 'given_name', 'birthdate', 'gender'],
  pin: ['pin'],
  address: ['address', 'current_address'],
  household: ['household'],
} as const;
export type RegistryScope = keyof typeof SCOPE_CLAIMS;
export const REGISTRY_SCOPES = Object.keys(SCOPE_CLAIMS) as RegistryScope[];
export { MIN_LEVEL_METADATA };

export function issuerUrl(ctx: AppContext): string {
  return `${ctx.config.publicUrl}/oidc`;
}

/** OIDC `birthdate` is YYYY or YYYY-MM-DD: a month-precision registry date is given as its year. */
function oidcBirthdate(d: string): string {
  return d.length === 7 ? d.slice(0, 4) : d;
}

function addressClaim(r: PersonDetails['residences'][number] | undefined): Record<string, string> | null {
  if (!r) return null;
  return { formatted: r.unitName ? `${r.address}, ${r.unitName}` : r.address, street_address: r.address, country: 'VN', ...(r.unitName ? { locality: r.unitName } : {}) };
}

/** The claims a relying party receives, read from the registry through the people module (and so logged). */
export async function registryClaims(app: AppContext, actor: ClientActor, scope: Set<string>): Promise<Record<string, unknown>> {
  const wanted = REGISTRY_SCOPES.filter((s) => scope.has(s));
  if (wanted.length === 0) return {};
  const purpose: ReadPurpose = { code: 'eid_service_login', note: wanted.join(', ') };
  const d = await getPerson(app, actor, actor.forPin, purpose);
  const claims: Record<string, unknown> = {};
  if (scope.has('profile')) {
    const words = d.person.fullName.split(' ');
    Object.assign(claims, {
      name: d.person.fullName,
      family_name: words[0],
      given_name: words[words.length - 1],
      birthdate: oidcBirthdate(d.person.birthDate),
      gender: d.person.sex === 'M' ? 'male' : 'female',
    });
  }
  if (scope.has('pin')) claims.pin = d.person.pin;
  if (scope.has('address')) {
    const open = d.residences.filter((r) => r.validTo === null);
    claims.address = addressClaim(open.find((r) => r.kind === 'permanent'));
    claims.current_address = addressClaim(open.find((r) => r.kind === 'temporary') ?? open.find((r) => r.kind === 'permanent'));
  }
  if (scope.has('household')) {
    if (d.household) {
      const h = await getHousehold(app, actor, d.household.householdNo, purpose);
      claims.household = { household_no: h.householdNo, relation_to_head: d.household.relation, head: h.headPin === d.person.pin, members: h.members.filter((m) => m.validTo === null).length };
    } else {
      claims.household = null;
    }
  }
  return claims;
}

function buildProvider(app: AppContext, keys: ProviderKeys, oidc: typeof OidcLibrary): Provider {
  const configuration: Configuration = {
    adapter: adapterFactory(app),
    jwks: { keys: keys.jwks as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: keys.cookieKeys },
    acrValues: ACR_VALUES,
    scopes: ['openid', 'offline_access', ...REGISTRY_SCOPES],
    // acr, amr and auth_time ride on openid: every relying party should see how the citizen logged in.
    claims: { sid: null, openid: ['sub', 'acr', 'amr', 'auth_time'], ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([k, v]) => [k, [...v]])) },
    // Scope claims go into the ID token too: the relying parties here want them at login.
    conformIdTokenClaims: false,
    extraClientMetadata: { properties: [MIN_LEVEL_METADATA] },
    pkce: { required: () => true },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = loggedOutPage(ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId);
        },
      },
    },
    interactions: { policy: buildPolicy(app.clock, oidc.interactionPolicy), url: (_ctx, interaction) => `/eid/interaction/${interaction.uid}` },
    // Only what our clients use: a stored hash cannot serve as an HMAC key (client_secret_jwt).
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, RefreshToken: 14 * 24 * 3600, Interaction: 3600, Session: 8 * 3600, Grant: 365 * 24 * 3600 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    async findAccount(ctx: KoaContextWithOIDC, sub: string) {
      const row = /^[0-9a-f-]{36}$/.test(sub) ? await findAccountRow(app.db.pool, { id: sub }) : undefined;
      if (!row || row.status !== 'active') return undefined;
      const clientId = ctx.oidc.client?.clientId;
      return {
        accountId: row.id,
        async claims(_use, scope) {
          const scopes = new Set((scope ?? '').split(' ').filter(Boolean));
          if (!clientId) return { sub: row.id };
          return { sub: row.id, ...(await registryClaims(app, { kind: 'client', id: clientId, forPersonId: row.person_id, forPin: row.pin }, scopes)) };
        },
      };
    },
  };
  const provider = new oidc.default(issuerUrl(app), configuration);
  provider.proxy = app.config.trustProxy;
  // The database holds only a hash of each client secret (oidc-provider's maintainer points to
  // this prototype method for hashed secrets: panva/node-oidc-provider#631).
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, presented: string) {
    return clientSecretMatches(this.clientSecret, presented);
  };
  // Every URL the provider writes (discovery, redirects, form actions) starts with the configured
  // public address, never with the Host header a request happened to carry.
  const publicOrigin = new URL(app.config.publicUrl);
  provider.use(async (ctx, next) => {
    Object.defineProperties(ctx.request, {
      host: { value: publicOrigin.host },
      hostname: { value: publicOrigin.hostname },
      protocol: { value: publicOrigin.protocol.replace(/:$/, '') },
    });
    await next();
  });
  provider.on('server_error', (_ctx, err) => app.log.error({ err }, 'oidc provider error'));
  return provider;
}

/**
 * The running provider, rebuilt when its keys change: oidc-provider reads its keys once, at
 * construction, so a rotated key is picked up by building a new instance (sessions, codes and
 * tokens live in the database, so nothing is lost). The keys are looked at, without decryption,
 * at most every `KEY_REFRESH_MS` of the application clock, on the next request that needs the
 * provider.
 */
export interface OidcProvider {
  /** The provider with the current keys. */
  current(): Promise<Provider>;
  /** A Node request handler for the provider's endpoints (mounted under /oidc). */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}

export async function createProvider(app: AppContext): Promise<OidcProvider> {
  // oidc-provider (with Koa) takes about 0.5 s to load: it is loaded with the first provider, so
  // processes that never build one (every `dancu` command but `start`) do not pay for it.
  const oidc = await import('oidc-provider');
  let keys = await loadKeys(app.db.pool, app.keys, app.clock.now());
  let provider = buildProvider(app, keys, oidc);
  let handler = provider.callback();
  let checkedAt = app.clock.now().getTime();
  let refreshing: Promise<void> | undefined;

  const refresh = async () => {
    const now = app.clock.now();
    checkedAt = now.getTime();
    if ((await keysFingerprint(app.db.pool, now)) === keys.fingerprint) return;
    keys = await loadKeys(app.db.pool, app.keys, now);
    provider = buildProvider(app, keys, oidc);
    handler = provider.callback();
    app.log.info({ fingerprint: keys.fingerprint }, 'oidc provider keys reloaded');
  };
  const current = async () => {
    const elapsed = app.clock.now().getTime() - checkedAt;
    // A clock set back (NTP, or a test) must not postpone the next look for as long as it went back.
    if (elapsed >= KEY_REFRESH_MS || elapsed < 0) {
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      await refreshing;
    }
    return provider;
  };
  return {
    current,
    callback: () => (req, res) => {
      current().then(
        () => handler(req, res),
        (err: unknown) => {
          app.log.error({ err }, 'oidc provider keys could not be loaded');
          res.statusCode = 503;
          res.end();
        },
      );
    },
  };
}

import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { ClientActor } from '../../../kernel/actor.js';
import type { AppContext } from '../../../kernel/context.js';
import { getHousehold, getPerson, type PersonDetails } from '../../people/index.js';
import { ACR_VALUES } from '../model.js';
import { findAccount as findAccountRow } from '../store.js';
import { adapterFactory } from './adapter.js';
import { loadKeys } from './keys.js';
import { errorPage, logoutPage, loggedOutPage } from './pages.js';

/**
 * The OpenID Connect provider public services log citizens in with: panva's certified
 * oidc-provider, configured for authorization code + PKCE only, `acr` values for the two
 * e-ID levels, and scopes that map to registry claims. Login and consent happen on our own
 * pages (`/eid/interaction/:uid`, see interaction-routes.ts).
 */
export const SCOPE_CLAIMS = {
  profile: ['name', 'family_name', 'given_name', 'birthdate', 'gender'],
  pin: ['pin'],
  address: ['address', 'current_address'],
  household: ['household'],
} as const;
export type RegistryScope = keyof typeof SCOPE_CLAIMS;
export const REGISTRY_SCOPES = Object.keys(SCOPE_CLAIMS) as RegistryScope[];
export const MIN_LEVEL_METADATA = 'dancu_min_level';

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
  const purpose = `Cung cấp thông tin cho dịch vụ đăng nhập bằng định danh điện tử (${wanted.join(', ')}), theo đồng ý của công dân`;
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

export async function createProvider(app: AppContext): Promise<Provider> {
  const keys = await loadKeys(app.db.pool, app.clock.now());
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
    interactions: { url: (_ctx, interaction) => `/eid/interaction/${interaction.uid}` },
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
  const provider = new Provider(issuerUrl(app), configuration);
  provider.proxy = app.config.trustProxy;
  provider.on('server_error', (_ctx, err) => app.log.error({ err }, 'oidc provider error'));
  return provider;
}

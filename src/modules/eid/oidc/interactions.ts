import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { CitizenActor } from '../../../kernel/actor.js';
import { recordAudit } from '../../../kernel/audit.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError, notFound } from '../../../kernel/errors.js';
import { ACR, levelOfAcr, type Level } from '../model.js';
import { findAccount, recordUsage } from '../store.js';
import { loginPrompted, maxAgeOf, MIN_LEVEL_METADATA, requiredLevel, STARTED_AT } from './policy.js';

/**
 * The login and consent steps of an authorization request, on our pages: the citizen logs in
 * to the portal (passcode + second factor), the level is checked against what the service
 * demands, then the citizen consents to the scopes the service asked for. The login step hands
 * the provider the portal login's own time as `auth_time`, and refuses a portal login that is
 * older than the request's `max_age` or, under `prompt=login`, older than the request.
 */
export interface InteractionView {
  uid: string;
  prompt: 'login' | 'consent';
  client: { id: string; name: string };
  /** Registry scopes asked for (profile, pin, address, household). */
  scopes: string[];
  requiredLevel: Level;
  /** The logged-in citizen, if any, whether their level suffices, and whether the service wants a fresh login first. */
  citizen: { level: Level; pin: string; levelSufficient: boolean; reauthenticate: boolean } | null;
}

/** The portal login behind the request: who, and when they entered passcode and second factor. */
export interface PortalLogin {
  actor: CitizenActor;
  authTime: Date;
  amr: string[];
}

type Raw = { req: IncomingMessage; res: ServerResponse };

const interactionGone = () =>
  new AppError('not_found', 'interaction_not_found', { vi: 'Yêu cầu đăng nhập đã hết hạn; hãy quay lại dịch vụ và thử lại.', en: 'The login request has expired; go back to the service and try again.' });

async function details(provider: Provider, raw: Raw) {
  try {
    return await provider.interactionDetails(raw.req, raw.res);
  } catch {
    throw interactionGone();
  }
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Whether this portal login is too old for the request: `max_age` exceeded, or `prompt=login` and it predates the request. */
function needsFreshLogin(ctx: AppContext, d: Details, login: PortalLogin): boolean {
  if (d.prompt.name !== 'login') return false;
  const maxAge = maxAgeOf(d.params);
  if (maxAge !== undefined && ctx.clock.now().getTime() - login.authTime.getTime() > maxAge * 1000) return true;
  const startedAt = (d.prompt.details as Record<string, unknown>)[STARTED_AT];
  return loginPrompted(d.params) && typeof startedAt === 'number' && login.authTime.getTime() < startedAt;
}

export async function describeInteraction(ctx: AppContext, provider: Provider, raw: Raw, login: PortalLogin | undefined): Promise<InteractionView> {
  const d = await details(provider, raw);
  const client = await provider.Client.find(String(d.params.client_id));
  if (!client) throw interactionGone();
  const needed = requiredLevel(client[MIN_LEVEL_METADATA], d.params.acr_values, d.params.claims);
  const account = login ? await findAccount(ctx.db.pool, { id: login.actor.id }) : undefined;
  return {
    uid: d.uid,
    prompt: d.prompt.name === 'consent' ? 'consent' : 'login',
    client: { id: client.clientId, name: client.clientName ?? client.clientId },
    scopes: String(d.params.scope ?? '').split(' ').filter((s) => s && s !== 'openid'),
    requiredLevel: needed,
    citizen: account && login ? { level: account.level, pin: account.pin, levelSufficient: account.level >= needed, reauthenticate: needsFreshLogin(ctx, d, login) } : null,
  };
}

function levelTooLow(): AppError {
  return new AppError('forbidden', 'level2_required', {
    vi: 'Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2. Hãy mang thẻ căn cước đến Công an xã/phường để nâng mức, rồi đăng nhập lại.',
    en: 'This service requires a level-2 e-ID account. Bring your ID card to commune police to upgrade, then log in again.',
  });
}

function reauthenticationRequired(): AppError {
  return new AppError('unauthenticated', 'reauthentication_required', {
    vi: 'Dịch vụ yêu cầu bạn đăng nhập lại (mã đăng nhập và yếu tố xác thực thứ hai) trước khi tiếp tục.',
    en: 'The service asks you to log in again (passcode and second factor) before continuing.',
  });
}

/**
 * Completes the login step with the portal login: refused when the level is below what the
 * service demands, or when the login is older than the request allows (`max_age`,
 * `prompt=login`). The provider records the portal login's time as `auth_time`.
 */
export async function finishLoginStep(ctx: AppContext, provider: Provider, raw: Raw, login: PortalLogin): Promise<string> {
  const d = await details(provider, raw);
  if (d.prompt.name !== 'login') throw interactionGone();
  const client = await provider.Client.find(String(d.params.client_id));
  if (!client) throw interactionGone();
  const account = await findAccount(ctx.db.pool, { id: login.actor.id });
  if (!account || account.status !== 'active') throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
  if (account.level < requiredLevel(client[MIN_LEVEL_METADATA], d.params.acr_values, d.params.claims)) throw levelTooLow();
  if (needsFreshLogin(ctx, d, login)) throw reauthenticationRequired();
  const result: InteractionResults = {
    login: { accountId: account.id, acr: ACR[account.level], amr: login.amr, remember: false, ts: Math.floor(login.authTime.getTime() / 1000) },
  };
  return provider.interactionResult(raw.req, raw.res, result, { mergeWithLastSubmission: false });
}

/** Records the citizen's consent to the scopes asked for, as a grant the service keeps until revoked. */
export async function finishConsentStep(ctx: AppContext, provider: Provider, raw: Raw, citizen: CitizenActor, meta: { ip?: string; userAgent?: string }): Promise<string> {
  const d = await details(provider, raw);
  if (d.prompt.name !== 'consent' || d.session?.accountId !== citizen.id) throw interactionGone();
  const clientId = String(d.params.client_id);
  // The provider's policy already puts the login step first; this keeps consent from ever
  // completing a request over a provider session whose level is below what the service demands.
  const client = await provider.Client.find(clientId);
  if (!client) throw interactionGone();
  if ((levelOfAcr(d.session.acr) ?? 0) < requiredLevel(client[MIN_LEVEL_METADATA], d.params.acr_values, d.params.claims)) throw levelTooLow();
  const grant = d.grantId ? await provider.Grant.find(d.grantId) : new provider.Grant({ accountId: citizen.id, clientId });
  if (!grant) throw interactionGone();
  const missing = d.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await recordUsage(tx, citizen.id, { kind: 'consent', clientId, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { scopes: missing.missingOIDCScope ?? [], grantId } }, now);
    await recordAudit(tx, { actor: citizen, action: 'eid.consent_given', target: { kind: 'oidc_client', id: clientId }, detail: { scopes: missing.missingOIDCScope ?? [], grantId } }, now);
  });
  return provider.interactionResult(raw.req, raw.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function abortInteraction(provider: Provider, raw: Raw, reason: 'access_denied' | 'unmet_authentication_requirements'): Promise<string> {
  await details(provider, raw);
  const description = reason === 'access_denied' ? 'the citizen declined' : 'the service requires a level-2 e-ID account';
  return provider.interactionResult(raw.req, raw.res, { error: reason, error_description: description }, { mergeWithLastSubmission: false });
}

export interface ConsentView {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  expiresAt: string | null;
}

/** The services the citizen has consented to, with what each may read. */
export async function listConsents(ctx: AppContext, citizen: CitizenActor): Promise<ConsentView[]> {
  const r = await ctx.db.pool.query<{ id: string; payload: { clientId: string; openid?: { scope?: string } }; expires_at: Date | null; name: string | null }>(
    `SELECT g.id, g.payload, g.expires_at, c.name FROM oidc_payload g LEFT JOIN oidc_client c ON c.client_id = g.payload->>'clientId'
      WHERE g.kind = 'Grant' AND g.payload->>'accountId' = $1 AND (g.expires_at IS NULL OR g.expires_at > $2) ORDER BY g.expires_at DESC`,
    [citizen.id, ctx.clock.now()],
  );
  return r.rows.map((g) => ({
    grantId: g.id,
    clientId: g.payload.clientId,
    clientName: g.name ?? g.payload.clientId,
    scopes: (g.payload.openid?.scope ?? '').split(' ').filter((s) => s && s !== 'openid'),
    expiresAt: g.expires_at?.toISOString() ?? null,
  }));
}

/** Withdraws a consent: the grant and every token issued under it are deleted. */
export async function revokeConsent(ctx: AppContext, citizen: CitizenActor, grantId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const g = await tx.query<{ payload: { clientId: string } }>("SELECT payload FROM oidc_payload WHERE kind = 'Grant' AND id = $1 AND payload->>'accountId' = $2", [grantId, citizen.id]);
    const grant = g.rows[0];
    if (!grant) throw notFound('consent_not_found', { vi: 'Không có sự đồng ý này.', en: 'No such consent.' }, 'grantId');
    await tx.query("DELETE FROM oidc_payload WHERE grant_id = $1 OR (kind = 'Grant' AND id = $1)", [grantId]);
    const now = ctx.clock.now();
    await recordUsage(tx, citizen.id, { kind: 'consent_revoked', clientId: grant.payload.clientId, detail: { grantId } }, now);
    await recordAudit(tx, { actor: citizen, action: 'eid.consent_revoked', target: { kind: 'oidc_client', id: grant.payload.clientId }, detail: { grantId } }, now);
  });
}

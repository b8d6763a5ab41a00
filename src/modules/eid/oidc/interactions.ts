import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { CitizenActor } from '../../../kernel/actor.js';
import { recordAudit } from '../../../kernel/audit.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError, notFound } from '../../../kernel/errors.js';
import { ACR, levelOfAcr, type Level } from '../model.js';
import { findAccount, recordUsage } from '../store.js';
import { MIN_LEVEL_METADATA } from './provider.js';

/**
 * The login and consent steps of an authorization request, on our pages: the citizen logs in
 * to the portal (passcode + second factor), the level is checked against what the service
 * demands, then the citizen consents to the scopes the service asked for.
 */
export interface InteractionView {
  uid: string;
  prompt: 'login' | 'consent';
  client: { id: string; name: string };
  /** Registry scopes asked for (profile, pin, address, household). */
  scopes: string[];
  requiredLevel: Level;
  /** The logged-in citizen, if any, and whether their level suffices. */
  citizen: { level: Level; pin: string; levelSufficient: boolean } | null;
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

export async function describeInteraction(ctx: AppContext, provider: Provider, raw: Raw, citizen: CitizenActor | undefined): Promise<InteractionView> {
  const d = await details(provider, raw);
  const client = await provider.Client.find(String(d.params.client_id));
  if (!client) throw interactionGone();
  const needed = requiredLevel(client[MIN_LEVEL_METADATA], d.params.acr_values, d.params.claims);
  const account = citizen ? await findAccount(ctx.db.pool, { id: citizen.id }) : undefined;
  return {
    uid: d.uid,
    prompt: d.prompt.name === 'consent' ? 'consent' : 'login',
    client: { id: client.clientId, name: client.clientName ?? client.clientId },
    scopes: String(d.params.scope ?? '').split(' ').filter((s) => s && s !== 'openid'),
    requiredLevel: needed,
    citizen: account ? { level: account.level, pin: account.pin, levelSufficient: account.level >= needed } : null,
  };
}

function levelTooLow(): AppError {
  return new AppError('forbidden', 'level2_required', {
    vi: 'Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2. Hãy mang thẻ căn cước đến Công an xã/phường để nâng mức, rồi đăng nhập lại.',
    en: 'This service requires a level-2 e-ID account. Bring your ID card to commune police to upgrade, then log in again.',
  });
}

/** Completes the login step with the portal session: refused when the level is below what the service demands. */
export async function finishLoginStep(ctx: AppContext, provider: Provider, raw: Raw, citizen: CitizenActor, amr: string[]): Promise<string> {
  const d = await details(provider, raw);
  const client = await provider.Client.find(String(d.params.client_id));
  if (!client) throw interactionGone();
  const account = await findAccount(ctx.db.pool, { id: citizen.id });
  if (!account || account.status !== 'active') throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
  if (account.level < requiredLevel(client[MIN_LEVEL_METADATA], d.params.acr_values, d.params.claims)) throw levelTooLow();
  const result: InteractionResults = { login: { accountId: account.id, acr: ACR[account.level], amr, remember: false } };
  return provider.interactionResult(raw.req, raw.res, result, { mergeWithLastSubmission: false });
}

/** Records the citizen's consent to the scopes asked for, as a grant the service keeps until revoked. */
export async function finishConsentStep(ctx: AppContext, provider: Provider, raw: Raw, citizen: CitizenActor, meta: { ip?: string; userAgent?: string }): Promise<string> {
  const d = await details(provider, raw);
  if (d.prompt.name !== 'consent' || d.session?.accountId !== citizen.id) throw interactionGone();
  const clientId = String(d.params.client_id);
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

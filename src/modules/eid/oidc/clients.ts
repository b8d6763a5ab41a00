import { randomBytes, timingSafeEqual } from 'node:crypto';
import { authorize } from '../../../kernel/access.js';
import type { Actor } from '../../../kernel/actor.js';
import { recordAudit } from '../../../kernel/audit.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError, invalid, notFound } from '../../../kernel/errors.js';
import { sha256Hex, type ClientRow } from './adapter.js';
import { REGISTRY_SCOPES, type RegistryScope } from './provider.js';
import { EID_CLIENTS } from '../permissions.js';

/** Relying parties, registered by administrators in the console. */
export interface OidcClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: RegistryScope[];
  minLevel: 1 | 2;
  confidential: boolean;
  active: boolean;
  createdAt: string;
}

export interface NewClient {
  clientId?: string | undefined;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[] | undefined;
  scopes: RegistryScope[];
  minLevel: 1 | 2;
  /** A server-side application that can keep a secret; otherwise a public client (PKCE only). */
  confidential: boolean;
}

function toClient(r: ClientRow & { created_at: Date }): OidcClient {
  return {
    clientId: r.client_id,
    name: r.name,
    redirectUris: r.redirect_uris,
    postLogoutRedirectUris: r.post_logout_redirect_uris,
    scopes: r.scopes as RegistryScope[],
    minLevel: r.min_level as 1 | 2,
    confidential: r.secret_hash !== null,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Client secrets are stored as `sha256:<hex>`: a secret is 256 random bits, out of reach of
 * guessing, so a slow password hash would only cost time at every token request.
 */
export function hashClientSecret(secret: string): string {
  return `sha256:${sha256Hex(secret)}`;
}

/** Whether `presented` is the secret whose hash is `stored` (constant time). */
export function clientSecretMatches(stored: string | undefined, presented: string): boolean {
  if (!stored?.startsWith('sha256:')) return false;
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(hashClientSecret(presented), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Redirect URIs must be absolute https (http only on loopback, for development) and carry no fragment. */
export function redirectUriProblem(uri: string): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return 'not an absolute URL';
  }
  if (u.hash) return 'has a fragment';
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return 'must use https (http only on localhost)';
  return undefined;
}

export async function createClient(ctx: AppContext, actor: Actor, input: NewClient): Promise<OidcClient & { clientSecret: string | null }> {
  authorize(actor, EID_CLIENTS);
  for (const [field, list] of [['redirectUris', input.redirectUris], ['postLogoutRedirectUris', input.postLogoutRedirectUris ?? []]] as const) {
    for (const uri of list) {
      const problem = redirectUriProblem(uri);
      if (problem) throw invalid('redirect_uri_invalid', field, { vi: `Địa chỉ chuyển hướng không hợp lệ (${uri}): phải là https, không có phần #.`, en: `Invalid redirect URI (${uri}): ${problem}.` });
    }
  }
  const unknown = input.scopes.filter((s) => !REGISTRY_SCOPES.includes(s));
  if (unknown.length) throw invalid('scope_unknown', 'scopes', { vi: `Phạm vi không có: ${unknown.join(', ')}.`, en: `Unknown scopes: ${unknown.join(', ')}.` });
  const clientId = input.clientId ?? `svc_${randomBytes(9).toString('base64url')}`;
  const secret = input.confidential ? randomBytes(32).toString('base64url') : null;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM oidc_client WHERE client_id = $1', [clientId]);
    if (exists.rowCount) throw new AppError('duplicate', 'client_exists', { vi: 'Mã ứng dụng đã tồn tại.', en: 'This client id already exists.' }, { field: 'clientId' });
    await tx.query(
      `INSERT INTO oidc_client (client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, scopes, min_level, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [clientId, input.name, secret && hashClientSecret(secret), input.redirectUris, input.postLogoutRedirectUris ?? [], input.scopes, input.minLevel, actor.id, now],
    );
    await recordAudit(tx, { actor, action: 'eid.client_registered', target: { kind: 'oidc_client', id: clientId }, detail: { name: input.name, scopes: input.scopes, minLevel: input.minLevel, redirectUris: input.redirectUris } }, now);
  });
  return { ...(await getClient(ctx, actor, clientId)), clientSecret: secret };
}

export async function getClient(ctx: AppContext, actor: Actor, clientId: string): Promise<OidcClient> {
  authorize(actor, EID_CLIENTS);
  const r = await ctx.db.pool.query<ClientRow & { created_at: Date }>('SELECT * FROM oidc_client WHERE client_id = $1', [clientId]);
  if (!r.rows[0]) throw notFound('client_not_found', { vi: 'Không có ứng dụng này.', en: 'No such client.' }, 'clientId');
  return toClient(r.rows[0]);
}

export async function listClients(ctx: AppContext, actor: Actor): Promise<OidcClient[]> {
  authorize(actor, EID_CLIENTS);
  const r = await ctx.db.pool.query<ClientRow & { created_at: Date }>('SELECT * FROM oidc_client ORDER BY created_at, client_id');
  return r.rows.map(toClient);
}

/** Deactivating a client stops new logins at once; its tokens expire on their own (ten minutes). */
export async function setClientActive(ctx: AppContext, actor: Actor, clientId: string, active: boolean): Promise<OidcClient> {
  authorize(actor, EID_CLIENTS);
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query('UPDATE oidc_client SET active = $2 WHERE client_id = $1', [clientId, active]);
    if (r.rowCount !== 1) throw notFound('client_not_found', { vi: 'Không có ứng dụng này.', en: 'No such client.' }, 'clientId');
    await recordAudit(tx, { actor, action: active ? 'eid.client_activated' : 'eid.client_deactivated', target: { kind: 'oidc_client', id: clientId } }, ctx.clock.now());
  });
  return getClient(ctx, actor, clientId);
}

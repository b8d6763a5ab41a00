import { createHash } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { recordAccess } from '../../../kernel/audit.js';
import { textFault } from '../../../kernel/text-input.js';
import type { AppContext } from '../../../kernel/context.js';
import { unloggedPersonById } from '../../people/index.js';
import { findAccount, recordUsage } from '../store.js';

/**
 * oidc-provider's storage on our database (its default store is memory-only). Every model
 * (sessions, interactions, grants, codes, tokens) is a row of `oidc_payload`; clients come
 * from the `oidc_client` table the administrators maintain. Saving an access token also
 * writes the access log and the citizen's usage history, in the same transaction.
 *
 * Every kind but Grant is a bearer value (an authorization code, an access or refresh token,
 * the session cookie, an interaction id): its row is keyed by the SHA-256 of the value and the
 * payload is stored without it, so reading the table gives nothing to present. The value comes
 * back into the payload on `find`, which is always called with it.
 */
export interface ClientRow {
  client_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  scopes: string[];
  min_level: number;
  active: boolean;
}

export function clientMetadata(c: ClientRow): AdapterPayload {
  return {
    client_id: c.client_id,
    client_name: c.name,
    // The provider gets the hash as client_secret and compares presented secrets by hashing them
    // (Client#compareClientSecret, replaced in provider.ts).
    ...(c.secret_hash ? { client_secret: c.secret_hash, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: ['openid', 'offline_access', ...c.scopes].join(' '),
    dancu_min_level: c.min_level,
  };
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Kinds whose id is a reference rather than a credential, kept as they are. */
const CLEAR_ID_KINDS = new Set(['Grant']);
const UID_PLACEHOLDER = '{uid}';

/** The stored form of a payload: no value of its own, and for an interaction neither its id (in returnTo) nor the session cookie. */
function storedPayload(kind: string, id: string, payload: AdapterPayload): AdapterPayload {
  if (CLEAR_ID_KINDS.has(kind)) return payload;
  const { jti: _jti, ...rest } = payload;
  if (kind !== 'Interaction') return rest;
  const out: AdapterPayload = { ...rest };
  if (typeof out.returnTo === 'string') out.returnTo = out.returnTo.split(id).join(UID_PLACEHOLDER);
  const session = out.session as (AdapterPayload['session'] & { cookie?: string }) | undefined;
  // Nothing reads session.cookie back; keeping only its hash still ties the interaction to the session row.
  if (session?.cookie) out.session = { ...session, cookie: sha256Hex(session.cookie) };
  return out;
}

function restoredPayload(kind: string, id: string | undefined, stored: AdapterPayload): AdapterPayload {
  if (CLEAR_ID_KINDS.has(kind) || id === undefined) return stored;
  const out: AdapterPayload = { ...stored, jti: id };
  if (kind === 'Interaction' && typeof out.returnTo === 'string') out.returnTo = out.returnTo.split(UID_PLACEHOLDER).join(id);
  return out;
}

export function storedId(kind: string, id: string): string {
  return CLEAR_ID_KINDS.has(kind) ? id : sha256Hex(id);
}

export function adapterFactory(ctx: AppContext): new (name: string) => Adapter {
  const db = ctx.db;
  return class PgAdapter implements Adapter {
    constructor(private readonly name: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(ctx.clock.now().getTime() + expiresIn * 1000) : null;
      const stored = storedPayload(this.name, id, payload);
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO oidc_payload (kind, id, payload, grant_id, user_code, uid, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
             uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
          [this.name, storedId(this.name, id), JSON.stringify(stored), payload.grantId ?? null, payload.userCode ? sha256Hex(payload.userCode) : null, payload.uid ?? null, expiresAt],
        );
        if (this.name === 'AccessToken' && payload.accountId && payload.clientId) {
          const account = await findAccount(tx, { id: payload.accountId });
          const who = account && (await unloggedPersonById(tx, account.person_id));
          if (who) {
            const now = ctx.clock.now();
            await recordAccess(tx, {
              actor: { kind: 'client', id: payload.clientId },
              action: 'eid.token_issued',
              target: { kind: 'person', id: who.pin },
              unitCode: who.unitCode,
              purpose: `Đăng nhập dịch vụ bằng định danh điện tử (phạm vi: ${payload.scope ?? 'openid'})`,
              detail: { scope: payload.scope ?? null, grantId: payload.grantId ?? null },
            }, now);
            await recordUsage(tx, payload.accountId, { kind: 'token_issued', clientId: payload.clientId, detail: { scope: payload.scope ?? null } }, now);
          }
        }
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      // The provider parses its own form bodies, past the kernel's edge check: a code, token or
      // client id PostgreSQL cannot hold (a NUL) is simply one that does not exist.
      if (textFault(id)) return undefined;
      if (this.name === 'Client') {
        const r = await db.pool.query<ClientRow>('SELECT * FROM oidc_client WHERE client_id = $1 AND active', [id]);
        return r.rows[0] && clientMetadata(r.rows[0]);
      }
      return this.findBy('id', storedId(this.name, id), id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (textFault(userCode)) return undefined;
      return this.findBy('user_code', sha256Hex(userCode));
    }

    /** Sessions by uid: the payload comes back without its cookie value, which only the browser holds (the provider only reads such a session). */
    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (textFault(uid)) return undefined;
      return this.findBy('uid', uid);
    }

    private async findBy(column: 'id' | 'user_code' | 'uid', value: string, clearId?: string): Promise<AdapterPayload | undefined> {
      const r = await db.pool.query<{ payload: AdapterPayload; consumed_at: Date | null; expires_at: Date | null }>(
        `SELECT payload, consumed_at, expires_at FROM oidc_payload WHERE kind = $1 AND ${column} = $2`,
        [this.name, value],
      );
      const row = r.rows[0];
      if (!row || (row.expires_at && row.expires_at <= ctx.clock.now())) return undefined;
      const payload = restoredPayload(this.name, clearId, row.payload);
      return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
    }

    async consume(id: string): Promise<void> {
      if (textFault(id)) return;
      await db.pool.query('UPDATE oidc_payload SET consumed_at = $3 WHERE kind = $1 AND id = $2', [this.name, storedId(this.name, id), ctx.clock.now()]);
    }

    async destroy(id: string): Promise<void> {
      if (textFault(id)) return;
      await db.pool.query('DELETE FROM oidc_payload WHERE kind = $1 AND id = $2', [this.name, storedId(this.name, id)]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (textFault(grantId)) return;
      await db.pool.query('DELETE FROM oidc_payload WHERE kind = $1 AND grant_id = $2', [this.name, grantId]);
    }
  };
}

/** Removes expired rows (run by the server's housekeeping timer). */
export async function purgeExpired(ctx: AppContext): Promise<number> {
  const r = await ctx.db.pool.query('DELETE FROM oidc_payload WHERE expires_at < $1', [ctx.clock.now()]);
  return r.rowCount ?? 0;
}

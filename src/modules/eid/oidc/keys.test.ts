import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../../test/context.js';
import { KEY_PUBLISH_MS, loadKeys, rotateSigningKeys } from './keys.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('provider keys', () => {
  it('persists keys sealed, publishes a rotated key at once and signs with it once published long enough, keeps the old one verifying, then retires it', async () => {
    const first = await loadKeys(t.db.pool, t.ctx.keys, t.clock.now());
    expect(first.jwks).toHaveLength(1);
    expect(first.jwks[0]!.d).toBeDefined();
    expect(await loadKeys(t.db.pool, t.ctx.keys, t.clock.now())).toEqual(first);

    t.clock.advance(86_400_000);
    const r1 = await rotateSigningKeys(t.db.pool, t.ctx.keys, t.clock.now(), 30 * 86_400_000);
    expect(r1.retired).toBe(0);
    const published = await loadKeys(t.db.pool, t.ctx.keys, t.clock.now());
    // Published (in the JWKS) but the old key still signs: other processes may not have loaded it yet.
    expect(published.jwks.map((k) => k.kid)).toEqual([first.jwks[0]!.kid, r1.kid]);
    expect(published.fingerprint).not.toBe(first.fingerprint);
    t.clock.advance(KEY_PUBLISH_MS);
    const second = await loadKeys(t.db.pool, t.ctx.keys, t.clock.now());
    expect(second.jwks.map((k) => k.kid)).toEqual([r1.kid, first.jwks[0]!.kid]);
    expect(second.cookieKeys).toEqual(first.cookieKeys);

    t.clock.advance(31 * 86_400_000);
    const r2 = await rotateSigningKeys(t.db.pool, t.ctx.keys, t.clock.now(), 30 * 86_400_000);
    expect(r2.retired).toBe(1);
    t.clock.advance(KEY_PUBLISH_MS);
    expect((await loadKeys(t.db.pool, t.ctx.keys, t.clock.now())).jwks.map((k) => k.kid)).toEqual([r2.kid, r1.kid]);
  });

  it('keeps no private key or cookie secret in clear, and seals rows written by older versions at the next load', async () => {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const legacy = { ...(await exportJWK(privateKey)), kid: 'legacy-key', alg: 'RS256', use: 'sig' };
    // The way keys were stored before they were sealed: the private JWK in the jwk column.
    await t.db.pool.query("INSERT INTO oidc_key (kid, kind, jwk, created_at) VALUES ('legacy-key', 'signing', $1, $2), ('legacy-cookie', 'cookie', $3, $2)", [
      JSON.stringify(legacy),
      new Date(t.clock.now().getTime() - 2 * KEY_PUBLISH_MS),
      JSON.stringify({ k: 'legacy-cookie-secret-0123456789abcdef' }),
    ]);

    const loaded = await loadKeys(t.db.pool, t.ctx.keys, t.clock.now());
    expect(loaded.jwks.find((k) => k.kid === 'legacy-key')).toMatchObject({ d: legacy.d, n: legacy.n });
    expect(loaded.cookieKeys).toContain('legacy-cookie-secret-0123456789abcdef');

    const rows = await t.db.pool.query<{ kid: string; kind: string; jwk: Record<string, unknown> | null; sealed: string | null }>('SELECT kid, kind, jwk, sealed FROM oidc_key');
    expect(rows.rows.length).toBeGreaterThan(2);
    for (const r of rows.rows) {
      expect(r.sealed).toMatch(/^sealed:v1:/);
      if (r.kind === 'cookie') expect(r.jwk).toBeNull();
      else expect(Object.keys(r.jwk!).filter((k) => ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].includes(k))).toEqual([]);
    }
    const text = JSON.stringify(rows.rows);
    expect(text).not.toContain(legacy.d);
    expect(text).not.toContain('legacy-cookie-secret');
    for (const k of loaded.jwks) expect(text).not.toContain(k.d);
    for (const c of loaded.cookieKeys) expect(text).not.toContain(c);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../../test/context.js';
import { loadKeys, rotateSigningKeys } from './keys.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('provider keys', () => {
  it('persists keys, signs with the newest after rotation, keeps the old one verifying, then retires it', async () => {
    const first = await loadKeys(t.db.pool, t.clock.now());
    expect(first.jwks).toHaveLength(1);
    expect(first.jwks[0]!.d).toBeDefined();
    expect(await loadKeys(t.db.pool, t.clock.now())).toEqual(first);

    t.clock.advance(86_400_000);
    const r1 = await rotateSigningKeys(t.db.pool, t.clock.now(), 30 * 86_400_000);
    expect(r1.retired).toBe(0);
    const second = await loadKeys(t.db.pool, t.clock.now());
    expect(second.jwks.map((k) => k.kid)).toEqual([r1.kid, first.jwks[0]!.kid]);
    expect(second.cookieKeys).toEqual(first.cookieKeys);

    t.clock.advance(31 * 86_400_000);
    const r2 = await rotateSigningKeys(t.db.pool, t.clock.now(), 30 * 86_400_000);
    expect(r2.retired).toBe(1);
    expect((await loadKeys(t.db.pool, t.clock.now())).jwks.map((k) => k.kid)).toEqual([r2.kid, r1.kid]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('client address', () => {
  it('ignores X-Forwarded-For unless told it sits behind a proxy, so the login rate limit cannot be dodged', async () => {
    const app = await t.app();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      // A different PIN each time: the per-PIN limit (10 in 15 minutes) is not what is tested here.
      const pin = `0010990${String(i).padStart(5, '0')}`;
      const res = await app.inject({ method: 'POST', url: '/api/citizen/login', headers: { 'x-forwarded-for': `10.0.0.${i}` }, payload: { pin, passcode: '000000' } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

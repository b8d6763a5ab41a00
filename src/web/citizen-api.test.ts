import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken, setUnauthorizedHandler } from './api.js';
import { citizenApi, interactionApi, setCitizenCsrfToken, setCitizenUnauthorizedHandler } from './citizen-api.js';
import { eidApi } from './eid-api.js';

const problem = (code: string) => ({
  type: 'about:blank',
  title: 'Unauthorized',
  status: 401,
  code,
  detail: code,
  message: { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' },
});

function respond(status: number, body?: unknown) {
  return vi.fn(
    async () =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  );
}

const headersOf = (fetch: ReturnType<typeof respond>, call: number) =>
  ((fetch.mock.calls as unknown as Array<[string, RequestInit]>)[call]?.[1].headers ?? {}) as Record<string, string>;

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setCitizenCsrfToken(null);
  setUnauthorizedHandler(null);
  setCitizenUnauthorizedHandler(null);
});

describe('two sessions in one browser', () => {
  it('sends the citizen token to the portal and the officer token to the console', async () => {
    const fetch = respond(200, {});
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('officer-token');
    setCitizenCsrfToken('citizen-token');
    await citizenApi.revokeAll();
    await interactionApi.consent('abc');
    await eidApi.setClientActive('svc_1', false);
    expect(headersOf(fetch, 0)['x-csrf-token']).toBe('citizen-token');
    expect(headersOf(fetch, 1)['x-csrf-token']).toBe('citizen-token');
    expect(headersOf(fetch, 2)['x-csrf-token']).toBe('officer-token');
  });

  it('tells only the portal that the citizen session is gone, never on a wrong passcode', async () => {
    const officer = vi.fn();
    const citizen = vi.fn();
    setUnauthorizedHandler(officer);
    setCitizenUnauthorizedHandler(citizen);
    vi.stubGlobal('fetch', respond(401, problem('login_required')));
    await citizenApi.sessions().catch(() => undefined);
    await citizenApi.login('001095654080', '111111').catch(() => undefined);
    await citizenApi.me().catch(() => undefined);
    await interactionApi.details('abc').catch(() => undefined);
    expect(citizen).toHaveBeenCalledTimes(1);
    expect(officer).not.toHaveBeenCalled();
  });
});

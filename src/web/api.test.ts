import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  errorMessage,
  isRetryable,
  post,
  request,
  setCsrfToken,
  setUnauthorizedHandler,
  withQuery,
} from './api.js';
import { i18nReady, loadLang } from './i18n/index.js';

beforeAll(async () => {
  await i18nReady;
  await loadLang('en');
});

function respond(status: number, body?: unknown, type = 'application/json') {
  return vi.fn(
    async () =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': type },
      }),
  );
}

const problem = {
  type: 'about:blank',
  title: 'Unauthorized',
  status: 401,
  code: 'login_failed',
  detail: 'Wrong username or password.',
  message: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
};

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('api client', () => {
  it('sends the CSRF token on writes only, with same-origin credentials', async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await request('GET', '/api/x');
    await post('/api/y', { a: 1 });
    const [getCall, postCall] = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
    expect(getCall?.[1].credentials).toBe('same-origin');
    expect((getCall?.[1].headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((postCall?.[1].headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(postCall?.[1].body).toBe('{"a":1}');
  });

  it('turns problem+json into an ApiError with both messages', async () => {
    vi.stubGlobal('fetch', respond(401, problem, 'application/problem+json'));
    const error = await post('/api/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('login_failed');
    expect(errorMessage(error, 'vi')).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(errorMessage(error, 'en')).toBe('Wrong username or password.');
    expect(isRetryable(error)).toBe(false);
  });

  it('never shows raw text: a proxy error page becomes a generic server message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })),
    );
    const error = await request('GET', '/api/x').catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('server_error');
    expect(errorMessage(error, 'vi')).toBe('Máy chủ đang gặp sự cố. Vui lòng thử lại sau.');
    expect(errorMessage(error, 'en')).toBe('The server is having trouble. Please try again later.');
    expect(isRetryable(error)).toBe(true);
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await request('GET', '/api/x').catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('network');
  });

  it('calls the unauthorized handler on 401 outside /api/auth/', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    vi.stubGlobal('fetch', respond(401, { ...problem, code: 'login_required' }));
    await request('GET', '/api/units/provinces').catch(() => undefined);
    await request('GET', '/api/auth/me').catch(() => undefined);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('returns nothing for 204', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    expect(await post('/api/auth/logout')).toBeUndefined();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/units/search', { q: 'ba đình', page: 2, tree: undefined, level: '' })).toBe(
      '/api/units/search?q=ba+%C4%91%C3%ACnh&page=2',
    );
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });
});

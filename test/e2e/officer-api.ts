/** The API as an officer, from Node: for setting up data and for reads the browser test then checks. */
export const DEMO_PASSWORD = 'demo-password-2026';

export interface Api {
  call<T>(method: string, url: string, body?: unknown): Promise<T>;
}

export async function apiAs(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Api> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async call<T>(method: string, url: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json: unknown = await res.json();
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json as T;
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';

/**
 * A tiny relying-party web app, separate from dancu, that logs citizens in with panva's
 * openid-client (authorization code + PKCE): /login starts, /callback finishes and shows the
 * ID token claims and userinfo as JSON (or the error the provider sent back).
 */
export interface RelyingParty {
  url: string;
  redirectUri: string;
  /** The client id and secret the provider's administrator registered for `redirectUri`. */
  useClient(clientId: string, clientSecret: string | null): void;
  close(): Promise<void>;
}

export interface RelyingPartyOptions {
  issuer: string;
  scope: string;
  /** Sent as acr_values, e.g. the level-2 URN. */
  acrValues?: string;
  /** Sent as prompt (offline_access needs prompt=consent; login asks for a fresh login). */
  prompt?: string;
  /** Sent as max_age (seconds); openid-client then checks the ID token's auth_time against it. */
  maxAge?: number;
  /** Sent as the claims parameter (JSON), e.g. an essential acr. */
  claims?: string;
}

export async function startRelyingParty(o: RelyingPartyOptions): Promise<RelyingParty> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  let config: client.Configuration | undefined;
  let registered: { id: string; secret: string | null } | undefined;
  const getConfig = async () => {
    if (!registered) throw new Error('relying party has no client registration yet');
    return (config ??= await client.discovery(new URL(o.issuer), registered.id, undefined, registered.secret ? client.ClientSecretBasic(registered.secret) : client.None(), {
      execute: [client.allowInsecureRequests],
    }));
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/login') {
        const cfg = await getConfig();
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = client.buildAuthorizationUrl(cfg, {
          redirect_uri: `${base}/callback`,
          scope: o.scope,
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(o.acrValues ? { acr_values: o.acrValues } : {}),
          ...(o.prompt ? { prompt: o.prompt } : {}),
          ...(o.maxAge !== undefined ? { max_age: String(o.maxAge) } : {}),
          ...(o.claims ? { claims: o.claims } : {}),
        });
        res.writeHead(302, { location: target.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const p = pending.get(state);
        if (url.searchParams.get('error')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error: url.searchParams.get('error'), error_description: url.searchParams.get('error_description') }));
          return;
        }
        if (!p) {
          res.writeHead(400).end('unknown state');
          return;
        }
        pending.delete(state);
        const cfg = await getConfig();
        const tokens = await client.authorizationCodeGrant(cfg, url, { pkceCodeVerifier: p.verifier, expectedState: state, expectedNonce: p.nonce, ...(o.maxAge !== undefined ? { maxAge: o.maxAge } : {}) });
        const claims = tokens.claims()!;
        const userinfo = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
        // With offline_access the provider gives a refresh token: use it once, as a real app would later.
        const second = tokens.refresh_token ? await client.refreshTokenGrant(cfg, tokens.refresh_token) : undefined;
        const idTokenKid = (JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString('utf8')) as { kid?: string }).kid;
        // The raw values too, so a test can look for them where they must not be (the provider's tables).
        const issued = { code: url.searchParams.get('code'), accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null, idToken: tokens.id_token, refreshedAccessToken: second?.access_token ?? null, refreshedRefreshToken: second?.refresh_token ?? null };
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ idToken: claims, idTokenKid, userinfo, refreshed: Boolean(second?.access_token), issued }));
        return;
      }
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ rpError: err instanceof Error ? err.message : String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    redirectUri: `${base}/callback`,
    useClient(id, secret) {
      registered = { id, secret };
      config = undefined;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The one way the web app talks to the server: same-origin `fetch` with the session cookie,
 * the CSRF token on every non-GET request, and errors turned into `ApiError` carrying the
 * server's problem+json (code, field, Vietnamese and English message). The user only ever
 * sees `messages[lang]`, never a stack trace or raw response text.
 */
import i18next from 'i18next';
import { currentLang } from './i18n/index.js';

export interface Message {
  vi: string;
  en: string;
}

export interface FieldProblem {
  field: string;
  code: string;
  message: Message;
}

/** application/problem+json as the server sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  field?: string;
  detail: string;
  message: Message;
  errors?: FieldProblem[];
}

/** Codes made up on this side for failures that never reached a problem+json answer. */
export type ClientErrorCode = 'network' | 'timeout' | 'server_error' | 'bad_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly messages: Message;
  readonly errors: FieldProblem[];

  constructor(status: number, code: string, messages: Message, field?: string, errors: FieldProblem[] = []) {
    super(messages.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.field = field;
    this.errors = errors;
  }

  static fromProblem(problem: Problem): ApiError {
    return new ApiError(problem.status, problem.code, problem.message, problem.field, problem.errors ?? []);
  }
}

/**
 * The client's own messages, read from the translations when shown: only the language in use
 * is downloaded (i18n/index.ts), and it is the one an error is shown in, also after a switch.
 */
function translated(key: 'errors.network' | 'errors.server' | 'errors.unexpected'): Message {
  return {
    get vi() {
      return i18next.t(key, { lng: 'vi' });
    },
    get en() {
      return i18next.t(key, { lng: 'en' });
    },
  };
}

const CLIENT_MESSAGES: Record<ClientErrorCode, Message> = {
  network: translated('errors.network'),
  timeout: translated('errors.network'),
  server_error: translated('errors.server'),
  bad_response: translated('errors.unexpected'),
};

function clientError(status: number, code: ClientErrorCode): ApiError {
  return new ApiError(status, code, CLIENT_MESSAGES[code]);
}

/** What to show the user for any error thrown by this module (or anything else). */
export function errorMessage(error: unknown, lang: keyof Message = currentLang()): string {
  const known = error instanceof ApiError ? error : clientError(0, 'bad_response');
  return known.messages[lang];
}

/** Worth trying again: the server was not reached or failed, as opposed to answering no. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.vi === 'string' && typeof m.en === 'string';
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.code === 'string' && isMessage(p.message);
}

/**
 * One signed-in party and its CSRF token. The officer console and the citizen portal have
 * separate cookies and tokens, so a browser holding both sessions sends each its own.
 */
export interface SessionChannel {
  csrfToken: string | null;
  /** Called on a 401 outside `authPaths`: the session is gone. */
  onUnauthorized: (() => void) | null;
  /** Where a 401 is an answer (wrong password), not a lost session. */
  authPaths: readonly string[];
}

const officerChannel: SessionChannel = { csrfToken: null, onUnauthorized: null, authPaths: ['/api/auth/'] };

/** The token from the login or /api/auth/me answer; sent as `x-csrf-token` on writes. */
export function setCsrfToken(token: string | null): void {
  officerChannel.csrfToken = token;
}

/** Called when the session is gone (401 outside /api/auth/*), so the app can return to login. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  officerChannel.onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as it is (an attachment), instead of a JSON body. */
  file?: Blob;
  signal?: AbortSignal;
  /** Whose session the request rides on; the officer console's by default. */
  channel?: SessionChannel;
}

const TIMEOUT_MS = 30_000;

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readProblem(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isProblem(body)) return ApiError.fromProblem({ ...body, status: response.status });
  return clientError(response.status, response.status >= 500 ? 'server_error' : 'bad_response');
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const channel = options.channel ?? officerChannel;
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  if (method !== 'GET' && method !== 'HEAD' && channel.csrfToken) headers['x-csrf-token'] = channel.csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // The server tells the type by the bytes; the declared one only has to be one it accepts.
  if (options.file) headers['content-type'] = ['application/pdf', 'image/jpeg', 'image/png'].includes(options.file.type) ? options.file.type : 'application/octet-stream';

  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error; // the caller cancelled: not an error to show
    if (timeout.aborted) throw clientError(0, 'timeout');
    throw clientError(0, 'network');
  }

  if (!response.ok) {
    const error = await readProblem(response);
    if (response.status === 401 && !channel.authPaths.some((prefix) => path.startsWith(prefix))) {
      channel.onUnauthorized?.();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  try {
    // The server's response schemas are the contract; the shapes below mirror them.
    return (await response.json()) as T;
  } catch {
    throw clientError(response.status, 'bad_response');
  }
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
  request<T>('GET', path, { query, signal });

export const post = <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, { body });

export const patch = <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, { body });

export const del = <T = void>(path: string): Promise<T> => request<T>('DELETE', path);

// ---- auth -------------------------------------------------------------------------------

export type Role = 'commune_officer' | 'province_officer' | 'national_officer' | 'admin';
export type UnitLevel = 'commune' | 'province' | 'nation';

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  unitName: string | null;
  unitLevel: UnitLevel;
  totpEnabled: boolean;
  /** An administrator requires TOTP; until it is on, the console leads only to enrolling it. */
  totpRequired: boolean;
  active: boolean;
  disabledReason: string | null;
  lockedUntil: string | null;
}

export interface Session {
  officer: Officer;
  csrfToken: string;
  /** What the role may do (the server's permission table): the menu and "not permitted" read it. */
  permissions: string[];
}

export interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

/** The session probe: 200 whether or not anyone is signed in. */
export type SessionProbe = ({ signedIn: true } & Session) | { signedIn: false };

export const auth = {
  session: (signal?: AbortSignal): Promise<SessionProbe> => get<SessionProbe>('/api/auth/session', undefined, signal),
  login: (credentials: Credentials): Promise<Session> => post<Session>('/api/auth/login', credentials),
  me: (signal?: AbortSignal): Promise<Session> => get<Session>('/api/auth/me', undefined, signal),
  logout: (): Promise<void> => post<void>('/api/auth/logout'),
};

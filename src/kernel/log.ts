import pino, { type Logger } from 'pino';

/**
 * The server's log. Machines get JSON (one object per line, for a log collector); a person
 * running `npm start` in a terminal gets one short line per request instead of two JSON
 * objects, so the banner with the URL and the logins stays readable.
 */
export type LogFormat = 'compact' | 'json';

/** JSON unless the output is a terminal; LOG_FORMAT=json or =compact forces one. */
export function chooseLogFormat(env: string | undefined, isTTY: boolean | undefined): LogFormat {
  if (env === 'json' || env === 'compact') return env;
  return isTTY ? 'compact' : 'json';
}

/** Never in a log line: session cookies, CSRF tokens, passwords, PINs given as fields. */
export const LOG_REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password', '*.pin'];

export interface Writer {
  write(text: string): unknown;
}

/** A logger writing `format` to `out` (stderr by default). */
export function createLogger(options: { level: string; format: LogFormat; out?: Writer }): Logger {
  const out = options.out ?? process.stderr;
  if (options.format === 'json') {
    return options.out ? pino({ level: options.level, redact: LOG_REDACT }, options.out) : pino({ level: options.level, redact: LOG_REDACT }, pino.destination(2));
  }
  return pino(
    { level: options.level, redact: LOG_REDACT },
    {
      write(line: string) {
        const text = compactLine(JSON.parse(line) as LogRecord);
        if (text !== null) out.write(`${text}\n`);
      },
    },
  );
}

/** What a request writes when it ends (kernel/http.ts): the one line per request. */
export interface RequestLog {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export interface LogRecord {
  level?: number;
  time?: number;
  msg?: string;
  http?: RequestLog;
  err?: { message?: string; type?: string };
  [key: string]: unknown;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'reqId', 'http', 'err', 'v']);

/**
 * One short line for a log record, or null for one not worth a line in a terminal (a static
 * file served fine: a page load fetches dozens).
 */
export function compactLine(r: LogRecord): string | null {
  const time = typeof r.time === 'number' ? clockTime(r.time) : '--:--:--';
  if (r.http) {
    const h = r.http;
    if (h.status < 400 && isStaticFile(h.path)) return null;
    return `${time} ${h.method.padEnd(6)} ${h.path} ${h.status} ${h.ms} ms`;
  }
  const level = LEVEL_NAMES[r.level ?? 30] ?? 'INFO';
  const extra = Object.entries(r)
    .filter(([k]) => !QUIET_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = r.err?.message ? ` — ${r.err.message}` : '';
  return `${time} ${level.padEnd(6)} ${r.msg ?? ''}${err}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `/assets/index-3f2a.js`, `/fonts/x.woff2`: a path ending in a file name with an extension. */
function isStaticFile(path: string): boolean {
  return /\/[^/]+\.[a-z0-9]{1,6}$/i.test(path) && !path.startsWith('/api/');
}

/**
 * The path a request line shows: no query string (it may hold a searched name), and each
 * 12-digit number (a PIN) cut to its first 3 and last 2 digits.
 */
export function loggedPath(url: string): string {
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  return path.replace(/(?<![0-9])([0-9]{3})[0-9]{7}([0-9]{2})(?![0-9])/g, '$1*******$2');
}

/**
 * Text PostgreSQL cannot store. A `text` or `jsonb` value may not hold NUL (U+0000), and
 * `jsonb` refuses an unpaired UTF-16 surrogate (`\ud800` alone), which `text` would silently
 * turn into U+FFFD. Either one reaching a query fails the statement halfway through a service
 * (a 500) or changes what was sent, so the HTTP edge refuses them first.
 */
export type TextFault = 'nul_character' | 'invalid_unicode';

export interface UnstorableText {
  /** Where it sits: object keys and array indexes from the root, e.g. ['members', '0', 'pin']. */
  path: string[];
  fault: TextFault;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textFault(s: string): TextFault | undefined {
  if (s.includes('\u0000')) return 'nul_character';
  if (LONE_SURROGATE.test(s)) return 'invalid_unicode';
  return undefined;
}

/**
 * The first string (value or object key) in a parsed JSON document, query string or set of
 * path parameters that PostgreSQL could not store. Iterative, so a deeply nested body (which
 * JSON.parse accepts) cannot overflow the stack. Values that are not plain data (an upload
 * stream) are not looked into.
 */
export function findUnstorableText(root: unknown): UnstorableText | undefined {
  // Each entry points at its parent instead of carrying its whole path: copying paths would
  // cost the square of the depth, seconds for a 40 kB body of nested brackets.
  interface Entry { value: unknown; key: string | undefined; parent: Entry | undefined }
  const pathOf = (e: Entry | undefined, last?: string): string[] => {
    const path = last === undefined ? [] : [last];
    for (let at = e; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Entry[] = [{ value: root, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault) return { path: pathOf(entry), fault };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: entry });
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      for (const key of keys) {
        const fault = textFault(key);
        if (fault) return { path: pathOf(entry, key), fault };
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]!], key: keys[i]!, parent: entry });
    }
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  // JSON.parse gives Object.prototype; Fastify's query-string parser an object whose
  // prototype has none (fast-querystring's `Empty`). A stream or a Buffer is neither.
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

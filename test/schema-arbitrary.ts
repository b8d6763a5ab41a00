import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document: values shaped like
 * the schema (so requests get past validation and reach the services), with hostile values
 * mixed in at every level — NUL, quotes, very long text, unicode and unpaired surrogates,
 * numbers out of range, wrong types, extra fields and nested junk.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  examples?: unknown[];
}

/** Real values of this test's database (PINs, household numbers, ids), offered where a schema's pattern or format fits. */
export type Known = string[];

export const hostileStrings = [
  '\u0000',
  'a\u0000b',
  'Nguyễn\u0000',
  '\ud800',
  'x\udc00y',
  "'; DROP TABLE person; --",
  '"',
  '\\',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '',
  ' ',
  'x'.repeat(5_000),
  'ệ'.repeat(2_000),
  '😀𝕏\u200d\u202e',
  '０１２３４５６７８９０１', // full-width digits
  '١٢٣٤٥', // Arabic-Indic digits
  '9999-99-99',
  '0000-00-00',
  '2024-02-30',
  '99999999999999999999',
  '-1',
  'NaN',
  'null',
  '{}',
];

export const hostileNumbers = [-1, 0, 1.5, -0, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 99999999999];

const hostileString = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

/** Anything at all where a value was expected: wrong types and nested junk. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

function typesOf(s: JsonSchema): string[] {
  return s.type === undefined ? [] : [s.type].flat();
}

/** A value shaped like the schema (before hostile mixing). */
function shaped(s: JsonSchema, known: Known, hostility: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => value(a, known, hostility)));
  if (s.allOf) return shaped(Object.assign({}, ...s.allOf) as JsonSchema, known, hostility);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((t) => shaped({ ...s, type: t }, known, hostility)));
  switch (types[0]) {
    case 'string':
      return stringFor(s, known);
    case 'integer': {
      const range = fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
      // Small numbers are the likely ones (a record's version, a page).
      const low = Math.max(s.minimum ?? 1, 0);
      return fc.oneof(range, fc.integer({ min: low, max: Math.min(s.maximum ?? low + 3, low + 3) }));
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(value(s.items ?? {}, known, hostility), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
      return objectFor(s, known, hostility);
    default:
      return junk;
  }
}

function stringFor(s: JsonSchema, known: Known): fc.Arbitrary<string> {
  const options: Array<fc.WeightedArbitrary<string>> = [];
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern).test(v));
  const examples = (s.examples ?? []).filter((e): e is string => typeof e === 'string' && fits(e));
  if (examples.length) options.push({ weight: 2, arbitrary: fc.constantFrom(...examples) });
  const fitting = known.filter((k) => fits(k) && (s.format !== 'uuid' || /^[0-9a-f-]{36}$/.test(k)));
  if (fitting.length && (s.pattern || s.format)) options.push({ weight: 4, arbitrary: fc.constantFrom(...fitting) });
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    options.push({ weight: 2, arbitrary: fc.stringMatching(re).filter((v) => s.maxLength === undefined || v.length <= s.maxLength) });
    // Dates that exist, where the pattern takes dates (a random match is mostly 2024-87-45).
    const dates = fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).chain((d) => fc.constantFrom(...[10, 7, 4].map((n) => d.toISOString().slice(0, n)).filter((v) => re.test(v))));
    if (['2000-01-01', '2000-01', '2000'].some((v) => re.test(v))) options.push({ weight: 3, arbitrary: dates });
  } else if (s.format === 'uuid') {
    options.push({ weight: 2, arbitrary: fc.uuid() });
  } else {
    const maxLength = Math.min(s.maxLength ?? 60, 60);
    const minLength = Math.min(s.minLength ?? 0, maxLength);
    options.push({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }).filter(fits) });
    if (fitting.length) options.push({ weight: 1, arbitrary: fc.constantFrom(...fitting) });
  }
  return fc.oneof(...options);
}

function objectFor(s: JsonSchema, known: Known, hostility: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, sub] of props) model[k] = value(sub, known, hostility);
  const base = fc.record(model, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k) || k === 'expectedVersion') });
  if (hostility === 0) return base;
  const extra = fc.dictionary(fc.oneof(hostileString, fc.constantFrom('isAdmin', '__proto__', 'constructor', 'id')), junk, { minKeys: 1, maxKeys: 2 });
  return fc.oneof(
    { weight: 8, arbitrary: base },
    // A required field missing, or an unknown one added.
    { weight: 1, arbitrary: base.map((o) => Object.fromEntries(Object.entries(o).slice(1))) },
    { weight: 1, arbitrary: fc.tuple(base, extra).map(([o, e]) => ({ ...o, ...e })) },
  );
}

/** A value for the schema: hostile with probability 1/(hostility+1) at each node; hostility 0 means never. */
export function value(s: JsonSchema, known: Known, hostility = 6): fc.Arbitrary<unknown> {
  if (hostility === 0) return shaped(s, known, 0);
  return fc.oneof({ weight: hostility, arbitrary: shaped(s, known, hostility) }, { weight: 1, arbitrary: junk });
}

/** A query-string or path value: text, as it travels. */
export function textValue(s: JsonSchema, known: Known, hostility = 6): fc.Arbitrary<string> {
  const asText = shaped(s, known, hostility).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  if (hostility === 0) return asText;
  const hostileText = fc.oneof(hostileString, fc.constantFrom(...hostileNumbers.map(String)));
  return fc.oneof({ weight: hostility, arbitrary: asText }, { weight: 1, arbitrary: hostileText });
}

/**
 * Percent-encodes the UTF-8 of a string as Node sends it (an unpaired surrogate becomes
 * U+FFFD on the wire; encodeURIComponent would throw instead).
 */
export function encodeText(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

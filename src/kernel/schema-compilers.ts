import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import { Problem, PROBLEM_SCHEMA_ID } from './schemas.js';

/**
 * The compilers that turn route schemas into request validators and response serializers,
 * shared by every app this process builds and remembered by the schema's JSON text: most route
 * schemas are written inside the route plugins, so each app has new objects with the same
 * content. An app built after the first (each test file and each browser-test server builds
 * its own) takes the compiled functions from here instead of compiling some 270 validators and
 * 1,500 serializers again. An app in production is built once, and compiles exactly as before.
 */

// ajv-formats is CommonJS with `exports.default`; under NodeNext the callable sits on `.default`.
const addFormats = ajvFormats.default as unknown as (ajv: Ajv) => Ajv;

/**
 * Bodies are validated strictly (no coercion, unknown fields rejected, nothing removed);
 * query strings and path parameters are coerced, since they arrive as text.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * What a compiled function is remembered by: the schema as JSON, which drops TypeBox's symbol
 * keys (nothing ajv or fast-json-stringify reads). A value JSON cannot write (a RegExp would
 * become `{}`) would let two different schemas share a function, so it is refused.
 */
export function schemaKey(schema: unknown): string {
  return JSON.stringify(schema, (_key, value: unknown) => {
    if (value instanceof RegExp || typeof value === 'function' || typeof value === 'bigint') throw new Error(`a route schema holds a ${typeof value === 'object' ? 'RegExp' : typeof value}, which its compiled function cannot be remembered by`);
    return value;
  });
}

const strict = makeAjv(false);
const coercing = makeAjv(true);
const validators = new Map<string, ValidateFunction>();

export function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }): ValidateFunction {
  const ajv = httpPart === 'body' ? strict : coercing;
  const key = `${ajv === strict ? 'strict' : 'coercing'} ${schemaKey(schema)}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/** The schemas routes refer to by `$ref` (http.ts registers the same ones with Fastify for the API document). */
export const SHARED_SCHEMAS = { [PROBLEM_SCHEMA_ID]: { ...Problem, $id: PROBLEM_SCHEMA_ID } } as const;

type Serializer = (data: unknown) => string;
// TypeBox schemas are JSON Schema, but not of fast-json-stringify's own Schema type.
const EXTERNAL = { schema: SHARED_SCHEMAS as unknown as Record<string, fastJsonStringify.Schema> };
const serializers = new Map<string, Serializer>();

/** As Fastify's own serializer compiler: fast-json-stringify with the shared schemas. */
export function compileSerializer({ schema }: { schema: object }): Serializer {
  const key = schemaKey(schema);
  let serialize = serializers.get(key);
  if (!serialize) {
    // A shared schema given as a route's own is compiled without its registered twin, as Fastify does.
    const own = (schema as { $id?: unknown }).$id === PROBLEM_SCHEMA_ID;
    serialize = fastJsonStringify(schema as fastJsonStringify.Schema, own ? {} : EXTERNAL) as Serializer;
    serializers.set(key, serialize);
  }
  return serialize;
}

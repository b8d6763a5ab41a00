import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { compileSerializer, compileValidator, schemaKey } from './schema-compilers.js';

describe('route schema compilers shared by the apps of a process', () => {
  const count = () => Type.Object({ n: Type.Integer() }, { additionalProperties: false });

  it('gives one validator to schemas of the same content, and keeps bodies strict while query strings are coerced', () => {
    const body = compileValidator({ schema: count(), httpPart: 'body' });
    expect(compileValidator({ schema: count(), httpPart: 'body' })).toBe(body);
    expect(body({ n: '5' })).toBe(false);
    expect(body({ n: 5, extra: 1 })).toBe(false);

    const query = compileValidator({ schema: count(), httpPart: 'querystring' });
    expect(query).not.toBe(body);
    const input: Record<string, unknown> = { n: '5' };
    expect(query(input)).toBe(true);
    expect(input.n).toBe(5);
  });

  it('does not mistake schemas that differ only in a limit', () => {
    const short = compileValidator({ schema: Type.Object({ s: Type.String({ maxLength: 2 }) }), httpPart: 'body' });
    const long = compileValidator({ schema: Type.Object({ s: Type.String({ maxLength: 3 }) }), httpPart: 'body' });
    expect(short).not.toBe(long);
    expect(short({ s: 'abc' })).toBe(false);
    expect(long({ s: 'abc' })).toBe(true);
  });

  it('gives one serializer to schemas of the same content, which writes only the declared fields and resolves the shared Problem', () => {
    const serialize = compileSerializer({ schema: Type.Object({ a: Type.String() }) });
    expect(compileSerializer({ schema: Type.Object({ a: Type.String() }) })).toBe(serialize);
    expect(serialize({ a: 'x', secret: 'y' })).toBe('{"a":"x"}');

    const problem = compileSerializer({ schema: { $ref: 'Problem#' } });
    const written = JSON.parse(problem({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found', detail: 'd', message: { vi: 'v', en: 'e' }, stack: 'hidden' })) as Record<string, unknown>;
    expect(written).toMatchObject({ status: 404, code: 'not_found', message: { vi: 'v', en: 'e' } });
    expect(written).not.toHaveProperty('stack');
  });

  it('refuses a schema JSON cannot write, which would share a function with another', () => {
    expect(() => schemaKey({ type: 'string', pattern: /a/ })).toThrow(/RegExp/);
    expect(() => schemaKey({ type: 'string', default: () => 'x' })).toThrow(/function/);
    expect(schemaKey(Type.String())).toBe('{"type":"string"}');
  });
});

import { Type } from '@sinclair/typebox';
import { DEFAULT_READ_PURPOSE, READ_PURPOSE_CODES, type ReadPurpose, type ReadPurposeCode } from './purposes.js';

/**
 * The query parameters every logged read takes: why the data is read, as a code from the
 * closed list (shown to the citizen in their language), and the officer's own words, when
 * any, apart in `purposeNote`.
 */
export const PurposeQuery = {
  purpose: Type.Optional(Type.Union(READ_PURPOSE_CODES.map((c) => Type.Literal(c)), { description: 'Why the data is read (kept in the access log the citizen sees); default official_lookup', examples: ['official_lookup'] })),
  purposeNote: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Optional detail in the officer\'s words, e.g. the request it answers', examples: ['đơn đề nghị số 15/2026'] })),
};

export function readPurpose(q: { purpose?: ReadPurposeCode | undefined; purposeNote?: string | undefined }, fallback: ReadPurpose = DEFAULT_READ_PURPOSE): ReadPurpose {
  return { code: q.purpose ?? fallback.code, note: q.purposeNote?.trim() || null };
}

import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Shared TypeBox shapes for every route's responses. Objects are closed
 * (`additionalProperties: false`) so the OpenAPI document says all that leaves the server.
 */
export const Closed = { additionalProperties: false } as const;
const Message = Type.Object({ vi: Type.String(), en: Type.String() }, Closed);

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    field: Type.Optional(Type.String()),
    detail: Type.String(),
    message: Message,
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Message }, Closed))),
  },
  { $id: undefined, description: 'application/problem+json', ...Closed },
);

/** The id `Problem` is registered under (createHttp): routes' error answers refer to it. */
export const PROBLEM_SCHEMA_ID = 'Problem';

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }, Closed);
}

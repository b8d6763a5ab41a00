import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';

/**
 * Form fields in the shape the generic form component renders (docs/procedure-forms.md): a
 * Vietnamese `title`, an English `x-label-en`, an optional `x-widget`, `x-prefill` and `x-help`.
 */
export const closed = { additionalProperties: false } as const;
type Help = { vi: string; en: string };
interface Extra {
  prefill?: string;
  help?: Help;
}
const label = (vi: string, en: string, extra: Extra = {}) => ({
  title: vi,
  'x-label-en': en,
  ...(extra.prefill ? { 'x-prefill': extra.prefill } : {}),
  ...(extra.help ? { 'x-help': extra.help } : {}),
});

export const pinField = (vi: string, en: string, extra?: Extra) => Type.String({ pattern: '^[0-9]{12}$', maxLength: 12, 'x-widget': 'pin', ...label(vi, en, extra) });
export const dateField = (vi: string, en: string, extra?: Extra) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10, 'x-widget': 'date', ...label(vi, en, extra) });
export const textField = (vi: string, en: string, extra?: Extra & { max?: number }) => Type.String({ minLength: 1, maxLength: extra?.max ?? 500, 'x-widget': 'textarea', ...label(vi, en, extra) });
export const householdField = (vi: string, en: string, extra?: Extra) => Type.String({ pattern: '^[0-9]{5}-[0-9]{8}$', maxLength: 14, 'x-widget': 'household', ...label(vi, en, extra) });
export const relationField = (vi: string, en: string, extra?: Extra) => Type.String({ pattern: '^[a-z_]{2,20}$', maxLength: 20, 'x-widget': 'relation', ...label(vi, en, extra) });
export const numberField = (vi: string, en: string, extra?: Extra & { min?: number; max?: number; integer?: boolean }) =>
  (extra?.integer ? Type.Integer : Type.Number)({ minimum: extra?.min ?? 0, maximum: extra?.max ?? 100_000, 'x-widget': 'number', ...label(vi, en, extra) });

/** An enum with labels for each option. */
export function choiceField<T extends string>(vi: string, en: string, options: Record<T, Help>, extra?: Extra): TUnion<Array<TLiteral<T>>> {
  const keys = Object.keys(options) as T[];
  return Type.Union(
    keys.map((k) => Type.Literal(k)),
    { 'x-option-labels': options, ...label(vi, en, extra) },
  );
}

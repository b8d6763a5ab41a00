/**
 * A procedure form's JSON Schema (with the x- annotations of docs/procedure-forms.md) read into
 * the fields one generic component renders, and the values typed into them turned back into
 * the form the API takes. Pure: no React, no I/O (procedure-form.test.ts).
 */
import type { FormWidget, Label, Prefill, PrefillPath } from './contracts.js';

/** Exactly the server's lists (dossiers/contracts.ts): a name missing or extra fails to compile. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const FORM_WIDGETS = ['pin', 'unit', 'date', 'textarea', 'relation', 'household', 'number'] as const;
const PREFILL_PATHS = [
  'applicant.pin',
  'applicant.permanent.unitCode',
  'applicant.permanent.address',
  'applicant.householdNo',
  'applicant.temporary.unitCode',
  'applicant.temporary.address',
  'applicant.temporary.plannedEnd',
  'applicant.head.pin',
] as const;
export const FORM_LISTS_MATCH_SERVER: [Same<(typeof FORM_WIDGETS)[number], FormWidget>, Same<(typeof PREFILL_PATHS)[number], PrefillPath>] = [true, true];

export type { Label, Prefill, PrefillPath };

type Json = Record<string, unknown>;

/** How a field is shown: an annotated widget, or what its type says. */
export type FieldKind = FormWidget | 'text' | 'select' | 'checkbox' | 'list';

export interface FieldSpec {
  /** The property name (the API's `form.<name>`). */
  name: string;
  label: Label;
  help: Label | null;
  kind: FieldKind;
  required: boolean;
  /** Enum options with their labels, in the schema's order. */
  options: Array<{ value: string; label: Label }>;
  prefill: PrefillPath | null;
  integer: boolean;
  minimum: number | null;
  maximum: number | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
  /** The fields of one item of a list of flat objects. */
  itemFields: FieldSpec[];
  maxItems: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isLabel = (v: unknown): v is Label => !!v && typeof v === 'object' && typeof (v as Json).vi === 'string' && typeof (v as Json).en === 'string';

function typesOf(s: Json): string[] {
  const t = s.type;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

/** The options of an enum: `anyOf` of string literals (or a JSON `enum`), labelled by x-option-labels. */
function optionsOf(s: Json): Array<{ value: string; label: Label }> {
  const values: string[] = [];
  if (Array.isArray(s.anyOf)) for (const branch of s.anyOf as Json[]) if (typeof branch?.const === 'string') values.push(branch.const);
  if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v === 'string') values.push(v);
  if (typeof s.const === 'string') values.push(s.const);
  const labels = (s['x-option-labels'] ?? {}) as Record<string, unknown>;
  return values.map((value) => {
    const l = labels[value];
    return { value, label: isLabel(l) ? l : { vi: value, en: value } };
  });
}

function fieldOf(name: string, s: Json, required: boolean): FieldSpec {
  const widget = str(s['x-widget']);
  const prefill = str(s['x-prefill']);
  const types = typesOf(s);
  const options = optionsOf(s);
  const items = s.items as Json | undefined;
  const itemProps = items && typeof items.properties === 'object' ? (items.properties as Record<string, Json>) : null;
  let kind: FieldKind;
  if (types.includes('array') && itemProps) kind = 'list';
  else if (widget && (FORM_WIDGETS as readonly string[]).includes(widget)) kind = widget as FormWidget;
  else if (options.length > 0) kind = 'select';
  else if (types.includes('boolean')) kind = 'checkbox';
  else if (types.includes('integer') || types.includes('number')) kind = 'number';
  else kind = 'text';
  const title = str(s.title) ?? name;
  const itemRequired = new Set(Array.isArray(items?.required) ? (items.required as string[]) : []);
  return {
    name,
    label: { vi: title, en: str(s['x-label-en']) ?? title },
    help: isLabel(s['x-help']) ? s['x-help'] : null,
    kind,
    required,
    options,
    prefill: prefill && (PREFILL_PATHS as readonly string[]).includes(prefill) ? (prefill as PrefillPath) : null,
    integer: types.includes('integer'),
    minimum: num(s.minimum),
    maximum: num(s.maximum),
    minLength: num(s.minLength),
    maxLength: num(s.maxLength),
    pattern: str(s.pattern),
    itemFields: itemProps ? Object.entries(itemProps).map(([k, v]) => fieldOf(k, v, itemRequired.has(k))) : [],
    maxItems: num(s.maxItems),
  };
}

/** The fields of a procedure form, in the schema's order. */
export function formFields(schema: Json): FieldSpec[] {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([name, s]) => fieldOf(name, s, required.has(name)));
}

/** What is typed: text per scalar field, a list of such records per list field. */
export type ItemValues = Record<string, string>;
export type FormValues = Record<string, string | ItemValues[]>;

/** Empty values, with those the registry holds filled in (a field without a registry value stays empty). */
export function initialValues(fields: FieldSpec[], prefill: Prefill | null): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    if (f.kind === 'list') out[f.name] = [];
    else out[f.name] = (f.prefill && prefill?.values[f.prefill]) || '';
  }
  return out;
}

/** The fields whose value came from the registry (shown read-only, "from the registry"). */
export function prefilledNames(fields: FieldSpec[], prefill: Prefill | null): Set<string> {
  return new Set(fields.filter((f) => f.prefill && prefill?.values[f.prefill]).map((f) => f.name));
}

export function emptyItem(f: FieldSpec): ItemValues {
  return Object.fromEntries(f.itemFields.map((x) => [x.name, '']));
}

function scalarOf(f: FieldSpec, text: string): string | number | boolean | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  if (f.kind === 'checkbox') return v === 'true';
  if (f.kind === 'number' && (f.integer || f.minimum !== null || f.maximum !== null || /^-?\d+(\.\d+)?$/.test(v))) {
    const n = Number(v.replace(',', '.'));
    // Not a number: sent as typed, so the server names the field.
    return Number.isFinite(n) ? n : v;
  }
  return v;
}

/** The form the API takes: numbers as numbers, empty optional values left out, lists of records. */
export function toFormData(fields: FieldSpec[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'list') {
      const items = (Array.isArray(v) ? v : []).map((item) => {
        const o: Record<string, unknown> = {};
        for (const x of f.itemFields) {
          const s = scalarOf(x, item[x.name] ?? '');
          if (s !== undefined) o[x.name] = s;
        }
        return o;
      });
      if (items.length > 0 || f.required) out[f.name] = items;
      continue;
    }
    const s = scalarOf(f, typeof v === 'string' ? v : '');
    if (s !== undefined) out[f.name] = s;
  }
  return out;
}

/** Required fields left empty, by the field key `problemKey` gives (checked before sending). */
export function missingRequired(fields: FieldSpec[], values: FormValues): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'list') {
      (Array.isArray(v) ? v : []).forEach((item, i) => {
        for (const x of f.itemFields) if (x.required && (item[x.name] ?? '').trim() === '') out.push(problemKey(f.name, i, x.name));
      });
      continue;
    }
    if (f.required && (typeof v !== 'string' || v.trim() === '')) out.push(problemKey(f.name));
  }
  return out;
}

/** The key a field's problems are filed under: `form.<name>`, or `form.<list>.<i>.<name>` in a list. */
export function problemKey(name: string, index?: number, item?: string): string {
  return index === undefined ? `form.${name}` : `form.${name}.${index}.${item}`;
}

/**
 * Where a server error about the form belongs: `form.months` → `form.months`,
 * `form.members.1.pin` → itself, `form.members.1` → the list; anything else → the whole form.
 */
export function fieldOfError(field: string | undefined, fields: FieldSpec[]): string | undefined {
  if (!field) return undefined;
  const parts = field.split('.');
  if (parts[0] !== 'form' || parts.length < 2) return undefined;
  const f = fields.find((x) => x.name === parts[1]);
  if (!f) return undefined;
  if (f.kind === 'list' && parts.length >= 4 && /^\d+$/.test(parts[2]!) && f.itemFields.some((x) => x.name === parts[3])) return problemKey(f.name, Number(parts[2]), parts[3]);
  return problemKey(f.name);
}

/** A label in the UI language. */
export const inLang = (l: Label, lang: 'vi' | 'en') => l[lang];

import type { Static, TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { declaredPermissions, type Permission } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { notFound, type Message } from '../../kernel/errors.js';
import { MAX_WORKING_DAYS } from '../../kernel/calendar/working-days.js';
import type { Channel, ConsentRole, EffectSummary, Reason } from './model.js';
import { CHANNELS } from './model.js';
import { FORM_WIDGETS, PREFILL_PATHS } from './contracts.js';

/**
 * An administrative procedure, declared once as data in a small file of the module that owns
 * it (residence, cards …): its official code, names, documents, fee, statutory time limit in
 * working days, who decides, the channels it may be filed through, the shape of its form, and
 * the registry change an approval makes (`effect`, run inside the decision's transaction).
 */
export interface ProcedureDocument {
  /** Stable code of the document, e.g. `CT01` (the declaration form) or `proof_of_dwelling`. */
  code: string;
  name: Message;
  required: boolean;
  /**
   * The registry or another sector database already holds it: it must not be asked for again
   * (the law says so), so it never counts as missing.
   */
  heldByRegistry?: boolean;
}

/** The dossier as the effect of an approval sees it. */
export interface DossierForEffect<F> {
  id: string;
  code: string;
  procedure: string;
  unitCode: string;
  provinceCode: string;
  channel: Channel;
  /** ISO instant of the filing (a deadline counted from the application, not the decision, uses it). */
  submittedAt: string;
  applicant: { personId: string; pin: string };
  form: F;
  /** Consents given (person and role), for procedures that need them. */
  consents: Array<{ personId: string; pin: string; role: string }>;
}

/** The dossier as the submission checks see it (before any officer acted on it). */
export type DossierForCheck<F> = Omit<DossierForEffect<F>, 'id' | 'consents'>;

/** A person whose consent the law requires for a dossier, by PIN, and in which role. */
export interface ConsentNeed {
  pin: string;
  role: ConsentRole;
  note?: string | undefined;
}

export interface ProcedureSpec<F extends TObject> {
  code: string;
  name: Message;
  documents: ProcedureDocument[];
  fee: { counterVnd: number; onlineVnd: number };
  workingDays: number;
  /** The permission a decision needs (declared with definePermission by the owning module). */
  decidedBy: Permission;
  channels: Channel[];
  /**
   * The e-ID level a citizen needs to file it online (default 2). Level 2 by default because a
   * residence declaration filed online stands in for the signed CT01 handed over at the counter
   * and changes the registry in the applicant's name: only a level-2 account (identity checked
   * in person against the chip card, Decree 59/2022 art. 12) may stand for that. A procedure that
   * changes nothing of the applicant's own record may declare 1.
   */
  minEidLevel?: 1 | 2;
  /** The form the applicant fills in: a closed TypeBox object (flat values, or lists of flat objects). */
  form: F;
  /**
   * Who must consent to this dossier (the household head, the dwelling's owner …). The engine
   * asks each of them at submission, as the system, in the submission's transaction; the
   * dossier then waits (no reception, no decision) until they answer. The applicant is never
   * asked to consent to their own dossier. Takes the transaction because the head is read
   * from the registry, not from the form.
   */
  consentsNeeded?: (tx: Executor, ctx: AppContext, dossier: DossierForCheck<Static<F>>) => Promise<ConsentNeed[]>;
  /**
   * The reasons the dossier cannot succeed that the registry shows already (empty: none
   * found). At submission a non-empty answer refuses the dossier at once (CT06, by the
   * system, with these reasons); the procedure's `effect` checks again at the decision.
   */
  eligibility?: (tx: Executor, ctx: AppContext, dossier: DossierForCheck<Static<F>>) => Promise<Reason[]>;
  /**
   * The registry change an approval makes, inside the decision's transaction: call other
   * modules' `…InTx` services with `tx` (scope and audit included), never a transaction of
   * your own. Throwing rolls the decision back. What it returns is kept on the decision.
   */
  effect?: (tx: Executor, ctx: AppContext, actor: Actor, dossier: DossierForEffect<Static<F>>) => Promise<EffectSummary | void>;
}

export interface Procedure<F extends TObject = TObject> extends ProcedureSpec<F> {
  readonly formCheck: TypeCheck<F>;
}

/** The e-ID level online filing of a procedure needs. */
export const minEidLevelOf = (p: Pick<ProcedureSpec<TObject>, 'minEidLevel'>): 1 | 2 => p.minEidLevel ?? 2;

/** A typo in an `x-widget` or `x-prefill` would silently show a plain field: refuse it at declaration. */
function checkFormAnnotations(form: TObject): string | undefined {
  const check = (name: string, s: Record<string, unknown>): string | undefined => {
    const widget = s['x-widget'];
    if (widget !== undefined && !(FORM_WIDGETS as readonly unknown[]).includes(widget)) return `form field ${name}: x-widget ${String(widget)} is not one of ${FORM_WIDGETS.join(', ')}`;
    const prefill = s['x-prefill'];
    if (prefill !== undefined && !(PREFILL_PATHS as readonly unknown[]).includes(prefill)) return `form field ${name}: x-prefill ${String(prefill)} is not one of ${PREFILL_PATHS.join(', ')}`;
    const items = s.items as Record<string, unknown> | undefined;
    const inner = items?.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [k, v] of Object.entries(inner ?? {})) {
      const e = check(`${name}.${k}`, v);
      if (e) return e;
    }
    return undefined;
  };
  for (const [k, v] of Object.entries(form.properties as Record<string, Record<string, unknown>>)) {
    const e = check(k, v);
    if (e) return e;
  }
  return undefined;
}

/** A procedure's form as JSON Schema, its x- annotations kept (TypeBox's symbol keys dropped). */
export function formJsonSchema(p: Pick<Procedure, 'form'>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(p.form)) as Record<string, unknown>;
}

const registry = new Map<string, Procedure>();

/** Declares a procedure; the code is the official one and may be declared once. */
export function defineProcedure<F extends TObject>(spec: ProcedureSpec<F>): Procedure<F> {
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(spec.code)) throw new Error(`procedure code ${spec.code} is not 1–64 letters, digits, '.', '_' or '-'`);
  if (registry.has(spec.code)) throw new Error(`procedure ${spec.code} is declared twice`);
  if (!Number.isInteger(spec.workingDays) || spec.workingDays < 0 || spec.workingDays > MAX_WORKING_DAYS) throw new Error(`procedure ${spec.code}: workingDays must be a whole number 0–${MAX_WORKING_DAYS}`);
  for (const v of [spec.fee.counterVnd, spec.fee.onlineVnd]) if (!Number.isSafeInteger(v) || v < 0) throw new Error(`procedure ${spec.code}: fees are whole VND amounts, not negative`);
  if (spec.channels.length === 0 || spec.channels.some((c) => !CHANNELS.includes(c))) throw new Error(`procedure ${spec.code}: channels must be some of ${CHANNELS.join(', ')}`);
  const codes = spec.documents.map((d) => d.code);
  if (new Set(codes).size !== codes.length || codes.some((c) => !/^[0-9A-Za-z_.-]{1,64}$/.test(c))) throw new Error(`procedure ${spec.code}: document codes must be unique, 1–64 letters, digits, '_', '.', '-'`);
  if (!declaredPermissions().some((p) => p.name === spec.decidedBy)) throw new Error(`procedure ${spec.code}: decidedBy ${spec.decidedBy} is not a declared permission`);
  if (spec.form.additionalProperties !== false) throw new Error(`procedure ${spec.code}: the form must be a closed object (additionalProperties: false)`);
  if (spec.minEidLevel !== undefined && spec.minEidLevel !== 1 && spec.minEidLevel !== 2) throw new Error(`procedure ${spec.code}: minEidLevel is 1 or 2`);
  const annotationError = checkFormAnnotations(spec.form);
  if (annotationError) throw new Error(`procedure ${spec.code}: ${annotationError}`);
  const procedure: Procedure<F> = { ...spec, formCheck: TypeCompiler.Compile(spec.form) };
  registry.set(spec.code, procedure as unknown as Procedure);
  return procedure;
}

export function findProcedure(code: string): Procedure | undefined {
  return registry.get(code);
}

export function getProcedure(code: string, field = 'procedure'): Procedure {
  const p = registry.get(code);
  if (!p) throw notFound('procedure_not_found', { vi: 'Không có thủ tục hành chính với mã này.', en: 'No administrative procedure has this code.' }, field);
  return p;
}

/** Every declared procedure, by code. */
export function listProcedures(): Procedure[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Documents that count as missing when not attached: required and not already held by the registry. */
export function documentsToAttach(p: Procedure): ProcedureDocument[] {
  return p.documents.filter((d) => d.required && !d.heldByRegistry);
}

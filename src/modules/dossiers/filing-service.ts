import type { Actor, CitizenActor } from '../../kernel/actor.js';
import type { AuditEntry } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError, forbidden, invalid } from '../../kernel/errors.js';
import { enqueueMessage } from '../../kernel/notify/outbox.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { activeAccountPhone } from '../eid/index.js';
import { getHousehold, getPerson } from '../people/index.js';
import type { ConsentRequestInfo, Prefill, PrefillPath, ProcedureInfo } from './contracts.js';
import { PREFILL_PATHS } from './contracts.js';
import { eidLevelTooLow, submitDossierInTx, type DossierDetails } from './dossier-service.js';
import * as filingStore from './filing-store.js';
import { FINAL_STATUSES, stateOf, type FormData } from './model.js';
import { findProcedure, formJsonSchema, getProcedure, listProcedures, minEidLevelOf, type Procedure } from './procedures.js';
import * as store from './store.js';

/**
 * Online filing and what goes with it: the procedures a citizen may file, the registry values
 * a form is prefilled with, filing itself (e-ID level checked), the consent inbox of a person
 * asked to consent, and the reminder of consents left unanswered.
 */

/** A procedure as the filing screens see it, its form as JSON Schema with the x- annotations. */
export function procedureInfo(p: Procedure): ProcedureInfo {
  return {
    code: p.code,
    name: p.name,
    documents: p.documents.map((d) => ({ code: d.code, name: d.name, required: d.required, heldByRegistry: d.heldByRegistry ?? false })),
    fee: p.fee,
    workingDays: p.workingDays,
    decidedBy: p.decidedBy,
    channels: p.channels,
    minEidLevel: minEidLevelOf(p),
    form: formJsonSchema(p),
  };
}

/** Every declared procedure (officers), or those filed through the portal (citizens). */
export function proceduresFor(channel: 'any' | 'portal'): ProcedureInfo[] {
  return listProcedures()
    .filter((p) => channel === 'any' || p.channels.includes('portal'))
    .map(procedureInfo);
}

export interface OnlineFilingInput {
  procedure: string;
  unitCode: string;
  requestId: string;
  form: FormData;
}

/** Files a dossier through the portal for the signed-in citizen (idempotent by request id); the e-ID level the procedure needs is checked first. */
export async function fileOnline(ctx: AppContext, actor: CitizenActor, input: OnlineFilingInput): Promise<DossierDetails> {
  const p = findProcedure(input.procedure);
  if (!p) throw invalid('procedure_unknown', 'procedure', { vi: 'Không có thủ tục hành chính với mã này.', en: 'No administrative procedure has this code.' });
  if (actor.level < minEidLevelOf(p)) throw eidLevelTooLow();
  return ctx.db.transaction((tx) => submitDossierInTx(tx, ctx, actor, { ...input, applicantPin: actor.pin, channel: 'portal' }));
}

/**
 * The registry values a procedure form may be prefilled with (forms.md `x-prefill`), for the
 * signed-in citizen or, at the counter, an applicant the officer may read. The person and
 * household reads go to the access log with the purpose, like any read.
 */
export async function getPrefill(ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose): Promise<Prefill> {
  if (actor.kind === 'citizen' && pin !== actor.pin) throw forbidden('permission_denied');
  if (actor.kind !== 'citizen' && actor.kind !== 'officer') throw forbidden('permission_denied');
  const record = await getPerson(ctx, actor, pin, purpose);
  const values = Object.fromEntries(PREFILL_PATHS.map((k) => [k, null])) as Record<PrefillPath, string | null>;
  values['applicant.pin'] = record.person.pin;
  const open = (kind: 'permanent' | 'temporary') => record.residences.filter((r) => r.kind === kind && r.validTo === null).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
  const permanent = open('permanent');
  if (permanent) {
    values['applicant.permanent.unitCode'] = permanent.unitCode;
    values['applicant.permanent.address'] = permanent.address;
  }
  const temporary = open('temporary');
  if (temporary) {
    values['applicant.temporary.unitCode'] = temporary.unitCode;
    values['applicant.temporary.address'] = temporary.address;
    values['applicant.temporary.plannedEnd'] = temporary.plannedEnd;
  }
  if (record.household) {
    values['applicant.householdNo'] = record.household.householdNo;
    const household = await getHousehold(ctx, actor, record.household.householdNo, purpose);
    values['applicant.head.pin'] = household.headless ? null : household.headPin;
  }
  return { person: { pin: record.person.pin, fullName: record.person.fullName }, values };
}

const CONSENT_PURPOSE: ReadPurpose = { code: 'dossier_consent' };

/** The address a dossier concerns, for the person asked to consent: the form's address fields and the commune's name. */
async function addressConcerned(ctx: AppContext, p: Procedure | undefined, d: store.DossierRow): Promise<string | null> {
  const parts: string[] = [];
  const props = (p?.form.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, schema] of Object.entries(props)) {
    const v = d.form[key];
    // A value prefilled from the applicant's record (their own permanent address) is not the place concerned.
    if (typeof v !== 'string' || v.trim() === '' || schema['x-prefill'] !== undefined) continue;
    if (/address$/i.test(key)) parts.push(v.trim());
    else if (schema['x-widget'] === 'unit' && /^\d{5}$/.test(v)) parts.push((await ctx.units.unitName('commune', v)) ?? v);
  }
  if (!parts.some((x) => !/^\d+$/.test(x))) parts.push((await ctx.units.unitName('commune', d.unitCode)) ?? d.unitCode);
  return parts.length ? parts.join(', ') : null;
}

/** The consents waiting for the signed-in citizen, oldest first, with what a consenter needs to decide and no more; each applicant shown is access-logged. */
export async function listConsentRequests(ctx: AppContext, actor: CitizenActor): Promise<ConsentRequestInfo[]> {
  const ids = await filingStore.dossiersAskingConsentOf(ctx.db.pool, actor.personId, FINAL_STATUSES);
  const out: ConsentRequestInfo[] = [];
  const logged: AuditEntry[] = [];
  for (const id of ids) {
    const d = await store.findDossier(ctx.db.pool, id);
    const p = d && findProcedure(d.procedureCode);
    if (!d || !p) continue;
    const actions = await store.listActions(ctx.db.pool, d.id);
    const state = stateOf(p, actions);
    const address = await addressConcerned(ctx, p, d);
    for (const c of state.consents) {
      if (c.personId !== actor.personId || c.status !== 'requested') continue;
      const request = actions.find((a) => a.seq === c.requestSeq);
      out.push({
        dossierId: d.id,
        code: d.code,
        procedure: { code: p.code, name: p.name },
        applicantName: d.applicantName,
        address,
        role: c.role,
        requestSeq: c.requestSeq,
        requestedAt: request?.at ?? d.submittedAt,
        note: request?.type === 'request_consent' ? request.payload.note : null,
        lastSeq: d.lastSeq,
      });
      logged.push({ actor, action: 'dossier.consent_request.read', target: { kind: 'person', id: d.applicantPin }, unitCode: d.unitCode, purpose: CONSENT_PURPOSE.code, purposeNote: null, dossier: d.code });
    }
  }
  await ctx.accessLog.append(logged, ctx.clock.now());
  return out.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** Reminders may use a few messages, but never block the next code a person needs to log in. */
const REMINDER_LIMIT = { max: 4, windowMs: 15 * 60_000 };

/**
 * Texts a reminder to everyone asked to consent who has not answered for `olderThanDays` days
 * since the request or the last reminder, through the notification outbox. Returns how many
 * were reminded and how many could not be (no active e-ID account, or the recipient's limit).
 */
export async function remindPendingConsents(ctx: AppContext, opts: { olderThanDays: number }): Promise<{ reminded: number; skipped: number }> {
  if (!Number.isFinite(opts.olderThanDays) || opts.olderThanDays < 0) throw new Error('olderThanDays must be a number of days ≥ 0');
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - opts.olderThanDays * 86_400_000);
  const due = await filingStore.consentRequestsToRemind(ctx.db.pool, before, FINAL_STATUSES);
  let reminded = 0;
  let skipped = 0;
  for (const r of due) {
    const sent = await ctx.db.transaction(async (tx) => {
      const d = await store.findDossier(tx, r.dossierId, { lock: true });
      const p = d && findProcedure(d.procedureCode);
      if (!d || !p) return false;
      // Still waiting? (answered or finished since the list was read: nothing to remind of)
      const c = stateOf(p, await store.listActions(tx, d.id)).consents.find((x) => x.requestSeq === r.requestSeq);
      if (!c || c.status !== 'requested' || FINAL_STATUSES.includes(d.state)) return false;
      const phone = await activeAccountPhone(tx, c.personId);
      if (!phone) return false;
      const body = `dancu: Hồ sơ ${d.code} (${getProcedure(d.procedureCode).name.vi}) đang chờ bạn đồng ý. Vào Cổng dịch vụ công, mục "Yêu cầu đồng ý", để trả lời.`;
      try {
        await enqueueMessage(tx, { channel: 'sms', recipient: phone, template: 'dossier.consent_reminder', subject: 'dancu', body }, now, REMINDER_LIMIT);
      } catch (err) {
        if (err instanceof AppError && err.code === 'too_many_messages') return false;
        throw err;
      }
      await filingStore.markReminded(tx, d.id, r.requestSeq, now);
      return true;
    });
    if (sent) reminded++;
    else skipped++;
  }
  return { reminded, skipped };
}

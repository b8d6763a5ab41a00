import { authorize } from '../../kernel/access.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { getPersonInTx, placeName, referenceLists, type PersonDetails } from '../people/index.js';
import { encodeDg1, encodeDg13, encodeDg2, signSod, type Dg13Fields } from './chip/index.js';
import { buildMrz } from './documents/mrz.js';
import { buildQr } from './documents/qr.js';
import { cardExpiry } from './documents/validity.js';
import { CardIssued } from './events.js';
import { intakePhoto } from './intake.js';
import { currentDocumentSigner } from './keys.js';
import { batchNumber } from './model.js';
import { CARDS_PRODUCE } from './permissions.js';
import * as store from './store.js';

/**
 * Production at the card centre: a day's batch takes the approved cards of the officer's scope
 * (a province, or the country), oldest first, and for each one makes what is printed and what
 * goes on the chip — card number = PIN, issue date = the batch's day, expiry from the renewal
 * ages, the MRZ, the QR payload, DG1/DG2/DG13 and the SOD signed by the current Document
 * Signer — in one transaction with its audit rows and `card.issued` events. The registry is read
 * again at production, so the card carries the record as it is on the day it is made.
 */
export const BATCH_MAX = 5000;

function placeOfResidence(d: PersonDetails): string | null {
  const open = d.residences.filter((r) => r.validTo === null);
  const r = open.find((x) => x.kind === 'permanent') ?? open.find((x) => x.kind === 'current') ?? open[0];
  if (!r) return null;
  return r.unitName ? `${r.address}, ${r.unitName}` : r.address;
}

async function nameOf(tx: Executor, ctx: AppContext, actor: OfficerActor, pin: string | null, authority: { dossier: string; procedure: string }): Promise<string | null> {
  if (!pin) return null;
  try {
    return (await getPersonInTx(tx, ctx, actor, pin, { code: 'card_issuance', note: authority.dossier }, authority)).person.fullName;
  } catch {
    // A parent or spouse recorded by PIN but missing from the registry prints as blank, as on paper cards.
    return null;
  }
}

export interface BatchResult {
  id: string | null;
  number: string | null;
  producedOn: string;
  cards: Array<{ id: string; pin: string; fullName: string; expiryDate: string | null }>;
}

/** Produces a batch of up to `limit` approved cards; an empty batch is not recorded. */
export async function produceBatch(ctx: AppContext, actor: OfficerActor, opts: { limit?: number } = {}): Promise<BatchResult> {
  authorize(actor, CARDS_PRODUCE);
  const limit = opts.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > BATCH_MAX) throw invalid('batch_limit', 'limit', { vi: `Mỗi lô từ 1 đến ${BATCH_MAX} thẻ.`, en: `A batch holds 1 to ${BATCH_MAX} cards.` });
  const province = actor.unitLevel === 'nation' ? null : actor.unitLevel === 'province' ? actor.unitCode : actor.provinceCode;
  const refs = referenceLists();
  const ethnicity = (code: string) => refs.ethnicities.find((e) => e.code === code)?.name ?? code;
  const religion = (code: string | null) => (code === null ? null : (refs.religions.find((r) => r.code === code)?.vi ?? code));
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const today = todayInVietnam(ctx.clock);
    const approved = await store.approvedForProduction(tx, province, limit);
    if (approved.length === 0) return { id: null, number: null, producedOn: today, cards: [] };
    const signer = await currentDocumentSigner(tx, ctx.keys, now);
    const batchId = newId();
    const number = batchNumber(Number(today.slice(0, 4)), await store.nextBatchSerial(tx, Number(today.slice(0, 4))));
    await store.insertBatch(tx, { id: batchId, number, producedOn: today, at: now, by: actor.id, count: approved.length, signerSerial: signer.serial });
    const made: BatchResult['cards'] = [];
    for (const card of approved) {
      const authority = { dossier: card.dossierCode, procedure: card.procedureCode };
      const details = await getPersonInTx(tx, ctx, actor, card.pin, { code: 'card_issuance', note: card.dossierCode }, authority);
      const p = details.person;
      if (p.status !== 'living') throw conflict('person_not_living', { vi: `${p.fullName} (${p.pin}) đã mất hoặc mất tích: thu hồi thẻ trước khi sản xuất lô.`, en: `${p.fullName} (${p.pin}) is deceased or missing: revoke the card before producing the batch.` }, 'cards');
      const expiryDate = cardExpiry(p.birthDate, today);
      const mrz = buildMrz({ pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, expiryDate });
      const residence = placeOfResidence(details);
      const qr = buildQr({ pin: p.pin, oldId: p.oldId9 ?? p.oldId12 ?? null, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, address: residence ?? '', issueDate: today });
      const dg13: Dg13Fields = {
        pin: p.pin,
        fullName: p.fullName,
        birthDate: p.birthDate,
        sex: p.sex,
        nationality: p.nationality === 'VN' ? 'Việt Nam' : p.nationality,
        ethnicity: ethnicity(p.ethnicity),
        religion: religion(p.religion),
        originPlace: p.originPlace ?? (p.originPlaceCode ? ((await placeName(ctx, tx, p.originPlaceCode)) ?? p.originPlaceCode) : null),
        residencePlace: residence,
        identifyingMarks: p.identifyingMarks,
        issueDate: today,
        expiryDate,
        fatherName: await nameOf(tx, ctx, actor, p.fatherPin, authority),
        motherName: await nameOf(tx, ctx, actor, p.motherPin, authority),
        spouseName: await nameOf(tx, ctx, actor, p.spousePin, authority),
        oldId: p.oldId9 ?? p.oldId12 ?? null,
      };
      const photo = await intakePhoto(ctx, tx, card.dossierId);
      const groups = { dg1: encodeDg1(mrz), dg2: photo ? encodeDg2(photo.bytes) : null, dg13: encodeDg13(dg13) };
      const sod = await signSod({ 1: groups.dg1, ...(groups.dg2 ? { 2: groups.dg2 } : {}), 13: groups.dg13 }, signer);
      await store.markProduced(tx, card.id, {
        issueDate: today,
        expiryDate,
        batchId,
        mrz,
        qr,
        dg1: groups.dg1,
        dg2Sealed: groups.dg2 ? ctx.keys.seal(Buffer.from(groups.dg2), `card-dg2:${card.id}`) : null,
        dg13: groups.dg13,
        sod,
        signerSerial: signer.serial,
        at: now,
      });
      await recordAudit(tx, { actor, action: 'card.produce', target: { kind: 'person', id: p.pin }, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: card.id, batch: number, expiryDate, signer: signer.serial } }, now);
      await publish(tx, { type: CardIssued, subject: p.pin, payload: { cardId: card.id, pin: p.pin, issueDate: today, expiryDate, batch: number, case: card.applicationCase, dossier: card.dossierCode }, actorId: actor.id }, now);
      made.push({ id: card.id, pin: p.pin, fullName: p.fullName, expiryDate });
    }
    return { id: batchId, number, producedOn: today, cards: made };
  });
}

import { authorize, inScope, scopeFilter } from '../../kernel/access.js';
import type { CitizenActor, OfficerActor } from '../../kernel/actor.js';
import { recordAccess } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Message } from '../../kernel/errors.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { getPersonInTx } from '../people/index.js';
import { decodeDg13, decodeDg2 } from './chip/index.js';
import { renderBack, renderFront } from './render.js';
import { cardNotFound } from './delivery.js';
import { cardStatus, deliveryRate, STAGE_NAMES, STATUS_NAMES, type CardStage, type CardStatus } from './model.js';
import { CARDS_READ } from './permissions.js';
import * as store from './store.js';

/** A card as officers and its holder see it (no chip bytes; the photo is a separate, logged read). */
export interface CardView {
  id: string;
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  applicationCase: string;
  dossier: { id: string; code: string; procedure: string };
  unitCode: string;
  stage: CardStage;
  stageName: Message;
  status: CardStatus;
  statusName: Message;
  issueDate: string | null;
  expiryDate: string | null;
  batchNumber: string | null;
  mrz: string | null;
  qr: string | null;
  hasPhoto: boolean;
  deliveryMethod: 'office' | 'post';
  deliveryAddress: string | null;
  approvedAt: string;
  producedAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  replacedBy: string | null;
  version: number;
}

export function viewOf(c: store.CardRow, today: string): CardView {
  const status = cardStatus(c, today);
  return {
    id: c.id,
    pin: c.pin,
    fullName: c.fullName,
    birthDate: c.birthDate,
    sex: c.sex,
    applicationCase: c.applicationCase,
    dossier: { id: c.dossierId, code: c.dossierCode, procedure: c.procedureCode },
    unitCode: c.unitCode,
    stage: c.stage,
    stageName: STAGE_NAMES[c.stage],
    status,
    statusName: STATUS_NAMES[status],
    issueDate: c.issueDate,
    expiryDate: c.expiryDate,
    batchNumber: c.batchNumber,
    mrz: c.mrz,
    qr: c.qr,
    hasPhoto: c.hasPhoto,
    deliveryMethod: c.deliveryMethod,
    deliveryAddress: c.deliveryAddress,
    approvedAt: c.approvedAt,
    producedAt: c.producedAt,
    shippedAt: c.shippedAt,
    deliveredAt: c.deliveredAt,
    returnedAt: c.returnedAt,
    returnReason: c.returnReason,
    revokedAt: c.revokedAt,
    revokeReason: c.revokeReason,
    replacedBy: c.replacedBy,
    version: c.version,
  };
}

const unitOf = (c: store.CardRow) => ({ communeCode: c.unitCode, provinceCode: c.provinceCode });

/** A person's cards for an officer who may read the person (the read is logged by the people module). */
export async function cardsOfPerson(ctx: AppContext, actor: OfficerActor, pin: string, purpose: ReadPurpose): Promise<CardView[]> {
  authorize(actor, CARDS_READ);
  const today = todayInVietnam(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { person } = await getPersonInTx(tx, ctx, actor, pin, purpose);
    const rows = await store.cardsOf(tx, person.id);
    return rows.map((c) => viewOf(c, today));
  });
}

/** One card, in the officer's scope (its unit). */
export async function getCard(ctx: AppContext, actor: OfficerActor, id: string, purpose: ReadPurpose): Promise<CardView> {
  authorize(actor, CARDS_READ);
  const c = await store.findCard(ctx.db.pool, id);
  if (!c || !inScope(actor, unitOf(c))) throw cardNotFound();
  await ctx.accessLog.append([{ actor, action: 'card.read', target: { kind: 'person', id: c.pin }, unitCode: c.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { cardId: c.id } }], ctx.clock.now());
  return viewOf(c, todayInVietnam(ctx.clock));
}

/** The face photo on a card's chip (DG2), for an officer or the holder; the read is access-logged. */
export async function cardPhoto(ctx: AppContext, actor: OfficerActor | CitizenActor, id: string, purpose: ReadPurpose): Promise<{ mime: string; bytes: Buffer }> {
  if (actor.kind === 'officer') authorize(actor, CARDS_READ);
  const c = await store.findCard(ctx.db.pool, id);
  const visible = c && (actor.kind === 'citizen' ? c.personId === actor.personId : inScope(actor, unitOf(c)));
  if (!c || !visible) throw cardNotFound();
  const chip = await store.chipOf(ctx.db.pool, c.id);
  if (!chip?.dg2Sealed) throw cardNotFound();
  const dg2 = decodeDg2(ctx.keys.open(chip.dg2Sealed, `card-dg2:${c.id}`));
  if (!dg2.data.image || !dg2.data.imageMime) throw cardNotFound();
  await ctx.db.transaction((tx) => recordAccess(tx, { actor, action: 'card.photo_read', target: { kind: 'person', id: c.pin }, unitCode: c.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { cardId: c.id } }, ctx.clock.now()));
  return { mime: dg2.data.imageMime, bytes: Buffer.from(dg2.data.image) };
}

/** The card a person holds now (delivered, not replaced), or the newest one; for the portal and the e-ID review. */
export async function currentCardOf(ctx: AppContext, personId: string): Promise<CardView | null> {
  const rows = await store.cardsOf(ctx.db.pool, personId);
  const today = todayInVietnam(ctx.clock);
  const c = rows.find((x) => x.stage === 'delivered' && !x.replacedBy && !x.revokedAt) ?? rows[0];
  if (!c) return null;
  return viewOf(c, today);
}

/** The citizen's own cards (the portal's "my card", as the VNeID app shows it). */
export async function ownCards(ctx: AppContext, actor: CitizenActor): Promise<{ current: CardView | null; all: CardView[] }> {
  const today = todayInVietnam(ctx.clock);
  const rows = await store.cardsOf(ctx.db.pool, actor.personId);
  const all = rows.map((c) => viewOf(c, today));
  await ctx.accessLog.append([{ actor, action: 'card.self_view', target: { kind: 'person', id: actor.pin }, purpose: 'citizen_self_view' }], ctx.clock.now());
  return { current: all.find((c) => c.status === 'valid') ?? all.find((c) => c.stage !== 'delivered' && !c.revokedAt) ?? all[0] ?? null, all };
}

/** The cards of the officer's scope, by stage (the production and delivery desks). */
export async function listCards(ctx: AppContext, actor: OfficerActor, q: { stage?: CardStage | undefined; batchId?: string | undefined; page: number; pageSize: number }): Promise<{ items: CardView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, CARDS_READ);
  const scope = scopeFilter(actor);
  const r = await store.listCards(ctx.db.pool, { stage: q.stage, batchId: q.batchId, scope, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const today = todayInVietnam(ctx.clock);
  const items = r.items.map((c) => viewOf(c, today));
  await ctx.accessLog.append(items.map((c) => ({ actor, action: 'card.list', target: { kind: 'person', id: c.pin }, unitCode: c.unitCode, purpose: 'card_issuance' })), ctx.clock.now());
  return { items, total: r.total, page: q.page, pageSize: q.pageSize };
}

export interface DeliveryRateRow {
  unitCode: string;
  unitName: string;
  counts: Record<CardStage, number>;
  /** Delivered ÷ produced (0–1), null when nothing was produced. */
  rate: number | null;
}

/** Delivery rate per unit: communes of the officer's province, or provinces for a national officer. */
export async function deliveryRates(ctx: AppContext, actor: OfficerActor): Promise<{ level: 'commune' | 'province'; rows: DeliveryRateRow[]; total: DeliveryRateRow }> {
  authorize(actor, CARDS_READ);
  const province = actor.unitLevel === 'nation' ? null : actor.unitLevel === 'province' ? actor.unitCode : actor.provinceCode;
  const counts = await store.stageCounts(ctx.db.pool, province);
  const empty = (): Record<CardStage, number> => ({ approved: 0, produced: 0, shipped: 0, delivered: 0, returned: 0 });
  const byUnit = new Map<string, Record<CardStage, number>>();
  const total = empty();
  for (const c of counts) {
    if (actor.unitLevel === 'commune' && c.unitCode !== actor.unitCode) continue;
    const row = byUnit.get(c.unitCode) ?? empty();
    row[c.stage] += c.n;
    total[c.stage] += c.n;
    byUnit.set(c.unitCode, row);
  }
  const level = province === null ? 'province' : 'commune';
  const rows: DeliveryRateRow[] = [];
  for (const [unitCode, cs] of [...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ unitCode, unitName: (await ctx.units.unitName(level, unitCode)) ?? unitCode, counts: cs, rate: deliveryRate(cs) });
  }
  // A commune officer's total is their commune's, named so; a province's is the province's.
  const totalUnit = actor.unitLevel === 'commune' && actor.unitCode ? { code: actor.unitCode, name: (await ctx.units.unitName('commune', actor.unitCode)) ?? actor.unitCode } : province ? { code: province, name: (await ctx.units.unitName('province', province)) ?? province } : { code: 'VN', name: 'Toàn quốc' };
  return { level, rows, total: { unitCode: totalUnit.code, unitName: totalUnit.name, counts: total, rate: deliveryRate(total) } };
}

/** The card's front or back as printed (SVG), drawn from its chip data; for an officer in scope or the holder, access-logged. */
export async function cardImage(ctx: AppContext, actor: OfficerActor | CitizenActor, id: string, side: 'front' | 'back', purpose: ReadPurpose): Promise<string> {
  if (actor.kind === 'officer') authorize(actor, CARDS_READ);
  const c = await store.findCard(ctx.db.pool, id);
  const visible = c && (actor.kind === 'citizen' ? c.personId === actor.personId : inScope(actor, unitOf(c)));
  if (!c || !visible) throw cardNotFound();
  const chip = await store.chipOf(ctx.db.pool, c.id);
  const dg13 = chip && decodeDg13(chip.dg13).data;
  if (!chip || !c.qr || !c.mrz || !dg13?.pin) throw cardNotFound();
  const dg2 = chip.dg2Sealed ? decodeDg2(ctx.keys.open(chip.dg2Sealed, `card-dg2:${c.id}`)).data : undefined;
  await ctx.db.transaction((tx) => recordAccess(tx, { actor, action: 'card.image_read', target: { kind: 'person', id: c.pin }, unitCode: c.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { cardId: c.id, side } }, ctx.clock.now()));
  const face = { pin: c.pin, dg13: dg13 as Parameters<typeof renderFront>[0]['dg13'], photo: dg2?.image && dg2.imageMime ? { mime: dg2.imageMime, bytes: Buffer.from(dg2.image) } : null, qr: c.qr, mrz: c.mrz };
  return side === 'front' ? renderFront(face) : renderBack(face);
}

/** A card's chip files as produced (base64), for an officer in scope to re-check or hand to a reader; access-logged. */
export async function cardChipFiles(ctx: AppContext, actor: OfficerActor, id: string, purpose: ReadPurpose): Promise<{ dg1: string; dg2: string | null; dg13: string; sod: string }> {
  authorize(actor, CARDS_READ);
  const c = await store.findCard(ctx.db.pool, id);
  if (!c || !inScope(actor, unitOf(c))) throw cardNotFound();
  const chip = await store.chipOf(ctx.db.pool, c.id);
  if (!chip) throw cardNotFound();
  await ctx.accessLog.append([{ actor, action: 'card.chip_read', target: { kind: 'person', id: c.pin }, unitCode: c.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { cardId: c.id } }], ctx.clock.now());
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return { dg1: b64(chip.dg1), dg2: chip.dg2Sealed ? b64(ctx.keys.open(chip.dg2Sealed, `card-dg2:${c.id}`)) : null, dg13: b64(chip.dg13), sod: b64(chip.sod) };
}

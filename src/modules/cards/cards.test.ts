import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintPng, portraitPng, signaturePng, tenFingers } from '../../../test/card-images.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import type { Actor, CitizenActor, OfficerActor } from '../../kernel/actor.js';
import type { AppError } from '../../kernel/errors.js';
import { actOnDossier, getDossier, submitDossier, type ActionInput, type DossierDetails } from '../dossiers/index.js';
import type { Person } from '../people/index.js';
import { createCsca, createDocumentSigner, signSod } from './chip/index.js';
import {
  bookAppointment,
  captureIntake,
  cardCase,
  cardImage,
  cardsOfPerson,
  deliveryRates,
  listCards,
  ownCards,
  produceBatch,
  recordDelivery,
  reportOwnCardLost,
  revokeCard,
  trustAnchors,
  verificationKeys,
  verifyCard,
  verifyDocument,
  openSignedAnswer,
} from './index.js';
import * as store from './store.js';
import { rejection } from '../../../test/rejection.js';

/**
 * A card from application to delivery through the real services on the engine of this run:
 * the case computed from the registry, intake with its checks and the development ABIS, the
 * decision through the dossier engine, a production batch with signed chip data, delivery, and
 * verification by QR, MRZ and chip — including tampered chip files, a foreign signer, an expired
 * and a revoked card.
 */
let t: TestContext;
const badinh: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const hanoi: OfficerActor = { kind: 'officer', id: 'o-hanoi', username: 'cb.hanoi', role: 'province_officer', unitLevel: 'province', unitCode: '01', provinceCode: '01' };
const national: OfficerActor = { kind: 'officer', id: 'o-national', username: 'cb.quocgia', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
const hcmc: OfficerActor = { kind: 'officer', id: 'o-hcm', username: 'cb.hcm', role: 'province_officer', unitLevel: 'province', unitCode: '79', provinceCode: '79' };

beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());
/** Monday 5 January 2026, 15:00 in Hà Nội. */
beforeEach(() => t.clock.advance(Date.parse('2026-01-05T08:00:00Z') - t.clock.now().getTime()));

let requests = 0;
const requestId = () => `card-request-${++requests}`;
const act = (d: { id: string; lastSeq: number }, type: ActionInput['type'], payload: ActionInput['payload'] = {}, actor: Actor = badinh) => actOnDossier(t.ctx, actor, d.id, { type, expectedSeq: d.lastSeq, payload });

async function citizen(over: Partial<Parameters<typeof newPerson>[1]> = {}): Promise<Person> {
  const p = await newPerson(t.ctx, { birthDate: '1990-04-12', originPlace: 'Xã Hành Thiện, Nam Định', ...over });
  await newHousehold(t.ctx, p);
  return p;
}

function file(applicant: Person, procedure: string, form: Record<string, unknown> = {}): Promise<DossierDetails> {
  return submitDossier(t.ctx, badinh, { procedure, applicantPin: applicant.pin, unitCode: '00004', channel: 'counter', requestId: requestId(), form: { deliveryMethod: 'office', ...form } as DossierDetails['form'] });
}

const intake = (d: { id: string }, seed: number, over: Record<string, unknown> = {}) =>
  captureIntake(t.ctx, badinh, d.id, { place: 'desk', photo: portraitPng(seed), fingers: tenFingers(seed), signature: signaturePng(seed), ...over });

/** Receive, fee, review, approve: the card is approved, waiting for production. */
async function decide(d: DossierDetails): Promise<DossierDetails> {
  d = await act(d, 'receive');
  if (d.state === 'received') d = await act(d, 'pay_fee', { method: 'cash', receiptNo: 'BL-1' });
  d = await act(d, 'review');
  return act(d, 'decide', { outcome: 'approve' });
}

async function issuedCard(p: Person, seed: number): Promise<store.CardRow> {
  const d = await file(p, 'CARD.first-issue');
  await intake(d, seed);
  const decided = await decide(d);
  expect(decided.state).toBe('approved');
  await produceBatch(t.ctx, national);
  const card = (await store.findCardByDossier(t.db.pool, d.id))!;
  await recordDelivery(t.ctx, badinh, card.id, { to: 'delivered' });
  return (await store.findCard(t.db.pool, card.id))!;
}

const chipFiles = async (id: string) => {
  const chip = (await store.chipOf(t.db.pool, id))!;
  return { dg1: chip.dg1, dg2: chip.dg2Sealed ? new Uint8Array(t.ctx.keys.open(chip.dg2Sealed, `card-dg2:${id}`)) : null, dg13: chip.dg13, sod: chip.sod };
};

describe('card application to delivery', () => {
  it('first issue: case from the registry, intake, approval, batch with signed chip data, delivery; the chip verifies', async () => {
    const lan = await citizen({ fullName: 'Trần Thị Ngọc Lan', sex: 'F', birthDate: '1990-04-12' });
    const c = await cardCase(t.ctx, badinh, lan.pin);
    expect(c.recordProblems).toEqual([]);
    expect(c.outcome).toMatchObject({ procedure: 'CARD.first-issue', case: 'first_issue', mandatory: true, biometrics: true });

    let d = await file(lan, 'CARD.first-issue');
    expect(d).toMatchObject({ state: 'submitted', fee: { dueVnd: 0 } });
    // No approval before intake: the decision's effect refuses and the dossier stays in review.
    d = await act(d, 'receive');
    if (d.state === 'received') d = await act(d, 'pay_fee', { method: 'cash' });
    d = await act(d, 'review');
    expect((await rejection(act(d, 'decide', { outcome: 'approve' }))).code).toBe('intake_missing');
    const captured = await intake(d, 1);
    expect(captured).toMatchObject({ biometricsRequired: true, signature: true, photo: { width: 300, height: 400 }, abis: { system: 'development-byte-identical', hits: [] } });
    expect(captured.fingers.filter((f) => f.taken)).toHaveLength(10);
    // The images rest sealed: no PNG signature in the table.
    const raw = await t.db.pool.query<{ photo_sealed: string }>('SELECT photo_sealed FROM card_intake WHERE dossier_id = $1', [d.id]);
    expect(raw.rows[0]!.photo_sealed.startsWith('sealed:v1:')).toBe(true);

    d = await getDossier(t.ctx, badinh, d.id, { code: 'card_issuance' });
    d = await act(d, 'decide', { outcome: 'approve' });
    expect(d.state).toBe('approved');
    let card = (await store.findCardByDossier(t.db.pool, d.id))!;
    expect(card).toMatchObject({ stage: 'approved', pin: lan.pin, applicationCase: 'first_issue' });

    // A province officer of another province produces nothing of Hà Nội's; Hà Nội's does.
    expect((await produceBatch(t.ctx, hcmc)).cards.find((x) => x.id === card.id)).toBeUndefined();
    const batch = await produceBatch(t.ctx, hanoi);
    expect(batch.number).toMatch(/^LSX-2026-\d{6}$/);
    expect(batch.cards.map((x) => x.id)).toContain(card.id);
    card = (await store.findCard(t.db.pool, card.id))!;
    expect(card).toMatchObject({ stage: 'produced', issueDate: '2026-01-05', expiryDate: '2030-04-12' });
    // The delivery desk lists the card in its commune, its province and the nation only.
    const ngocha: OfficerActor = { ...badinh, id: 'o-ngocha', username: 'cb.ngocha', unitCode: '00008' };
    const listed = async (actor: OfficerActor) => (await listCards(t.ctx, actor, { stage: 'produced', page: 1, pageSize: 100 })).items.map((x) => x.id);
    for (const actor of [badinh, hanoi, national]) expect(await listed(actor), actor.username).toContain(card.id);
    for (const actor of [ngocha, hcmc]) expect(await listed(actor), actor.username).not.toContain(card.id);
    const [line1, , line3] = card.mrz!.split('\n');
    expect(line1!.startsWith(`IDVNM${lan.pin.slice(3)}`)).toBe(true);
    expect(line1!.slice(15, 27)).toBe(lan.pin);
    expect(line3).toBe('TRAN<<THI<NGOC<LAN<<<<<<<<<<<<');
    expect(card.qr!.split('|').slice(0, 5)).toEqual([lan.pin, '', 'Trần Thị Ngọc Lan', '12041990', 'Nữ']);

    const files = await chipFiles(card.id);
    const trust = await trustAnchors(t.db.pool);
    const ok = await verifyDocument({ kind: 'chip', files }, trust, '2026-01-05');
    expect(ok.errors).toEqual([]);
    expect(ok.data).toMatchObject({ pin: lan.pin, fullName: 'Trần Thị Ngọc Lan', birthDate: '1990-04-12', expiryDate: '2030-04-12' });
    expect(ok.data.photo).toMatch(/^data:image\/png;base64,/);

    // Not valid for verifiers until it reaches Lan.
    expect((await verifyCard(t.ctx, badinh, { kind: 'qr', text: card.qr! })).errors.map((e) => e.code)).toEqual(['card_not_delivered']);
    card = await recordDelivery(t.ctx, badinh, card.id, { to: 'shipped' });
    card = await recordDelivery(t.ctx, badinh, card.id, { to: 'delivered', expectedVersion: card.version });
    expect(card.stage).toBe('delivered');
    expect((await getDossier(t.ctx, badinh, d.id, { code: 'card_issuance' })).state).toBe('result_notified');

    const answer = await verifyCard(t.ctx, badinh, { kind: 'qr', text: card.qr! });
    expect(answer).toMatchObject({ valid: true, errors: [], registry: { card: { id: card.id, status: 'valid' }, holder: { status: 'living' } } });
    // The answer is signed: the JWS verifies with the published keys and says the same.
    expect(await openSignedAnswer(answer.signed, await verificationKeys(t.ctx))).toMatchObject({ valid: true, registry: { card: { status: 'valid' } } });
    expect(await openSignedAnswer(`${answer.signed.slice(0, -3)}AAA`, await verificationKeys(t.ctx))).toBeUndefined();
    const mrz = await verifyCard(t.ctx, badinh, { kind: 'mrz', text: card.mrz! });
    expect(mrz).toMatchObject({ valid: true, registry: { card: { id: card.id } } });
    // Each check is on Lan's access log.
    const rows = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE chain = 'access' AND action = 'card.verified' AND target_id = $1", [lan.pin]);
    expect(rows.rows[0]!.n).toBeGreaterThanOrEqual(3);

    // The card in the other modules: the person's cards, the printed faces, the citizen's own card.
    const cards = await cardsOfPerson(t.ctx, badinh, lan.pin, { code: 'card_issuance' });
    expect(cards[0]).toMatchObject({ id: card.id, status: 'valid', hasPhoto: true });
    const front = await cardImage(t.ctx, badinh, card.id, 'front', { code: 'card_issuance' });
    expect(front).toContain('TRẦN THỊ NGỌC LAN');
    expect(front).toContain('data:image/png;base64,');
    expect(await cardImage(t.ctx, badinh, card.id, 'back', { code: 'card_issuance' })).toContain('12/04/2030');
    const self: CitizenActor = { kind: 'citizen', id: 'acc-lan', personId: lan.id, pin: lan.pin, level: 2 };
    expect((await ownCards(t.ctx, self)).current).toMatchObject({ id: card.id, status: 'valid', qr: card.qr });
    expect((await deliveryRates(t.ctx, hanoi)).rows.find((r) => r.unitCode === '00004')?.counts.delivered).toBeGreaterThanOrEqual(1);
  });

  it('one byte changed in DG13 or DG2, or an SOD signed with a foreign key, fails with the right reason', async () => {
    // Place of origin recorded as a pre-2025 province code only: the chip prints its name.
    const p = await citizen({ fullName: 'Lê Văn Chip', birthDate: '1985-09-30', originPlace: null, originPlaceCode: '36' });
    const card = await issuedCard(p, 2);
    const files = await chipFiles(card.id);
    const trust = await trustAnchors(t.db.pool);
    expect((await verifyDocument({ kind: 'chip', files }, trust, '2026-01-05')).data.chip?.dg13.originPlace).toMatch(/Nam Định/);
    const flip = (b: Uint8Array, at: number) => {
      const c = new Uint8Array(b);
      c[at] = c[at]! ^ 0x01;
      return c;
    };
    const dg13 = await verifyDocument({ kind: 'chip', files: { ...files, dg13: flip(files.dg13, files.dg13.length - 3) } }, trust, '2026-01-05');
    expect(dg13.errors.map((e) => [e.code, e.field])).toContainEqual(['chip_hash_mismatch', 'dg13']);
    const dg2 = await verifyDocument({ kind: 'chip', files: { ...files, dg2: flip(files.dg2!, files.dg2!.length - 10) } }, trust, '2026-01-05');
    expect(dg2.errors.map((e) => [e.code, e.field])).toContainEqual(['chip_hash_mismatch', 'dg2']);

    const now = t.clock.now();
    const year = 365 * 86_400_000;
    const foreignCsca = await createCsca({ commonName: 'Foreign CSCA', country: 'VN', validFrom: new Date(now.getTime() - year), validTo: new Date(now.getTime() + 10 * year) });
    const foreignDs = await createDocumentSigner(foreignCsca, { commonName: 'Foreign DS', validFrom: new Date(now.getTime() - year), validTo: new Date(now.getTime() + 5 * year) });
    const sod = await signSod({ 1: files.dg1, 2: files.dg2!, 13: files.dg13 }, foreignDs);
    const foreign = await verifyDocument({ kind: 'chip', files: { ...files, sod } }, trust, '2026-01-05');
    expect(foreign.errors.map((e) => e.code)).toContain('chip_signer_untrusted');
    // Through the API answer too (the registry does not know this SOD either).
    const viaService = await verifyCard(t.ctx, badinh, { kind: 'chip', files: { ...files, sod } });
    expect(viaService.valid).toBe(false);
  });

  it('an expired and a revoked card are reported as such', async () => {
    const p = await citizen({ fullName: 'Phạm Hết Hạn', birthDate: '1996-02-10' });
    const card = await issuedCard(p, 3);
    expect(card.expiryDate).toBe('2036-02-10');
    // Ten years on: the MRZ alone says expired, offline; the registry agrees.
    t.clock.advance(Date.parse('2036-03-01T03:00:00Z') - t.clock.now().getTime());
    const offline = await verifyDocument({ kind: 'mrz', text: card.mrz! }, null, '2036-03-01');
    expect(offline.errors.map((e) => e.code)).toEqual(['card_expired']);
    const online = await verifyCard(t.ctx, badinh, { kind: 'mrz', text: card.mrz! });
    expect(online).toMatchObject({ valid: false, registry: { card: { status: 'expired' } } });
    t.clock.advance(Date.parse('2026-01-05T08:00:00Z') - t.clock.now().getTime());

    const lost = await citizen({ fullName: 'Vũ Mất Thẻ', birthDate: '1992-07-07' });
    const c2 = await issuedCard(lost, 4);
    await revokeCard(t.ctx, badinh, c2.id, { reason: 'lost', note: 'Mất ví ngày 2/1' });
    const revoked = await verifyCard(t.ctx, badinh, { kind: 'qr', text: c2.qr! });
    expect(revoked.valid).toBe(false);
    expect(revoked.errors.map((e) => e.code)).toContain('card_revoked');
    expect(revoked.registry?.card?.status).toBe('revoked');
    // Anonymous callers get the document checks only, no registry view, and the check is still logged.
    const anonymous = await verifyCard(t.ctx, null, { kind: 'qr', text: c2.qr! });
    expect(anonymous).toMatchObject({ valid: true, registry: null, checkedBy: { kind: 'system', id: 'public-card-verification' } });
    expect((await rejection(revokeCard(t.ctx, badinh, c2.id, { reason: 'lost' }))).code).toBe('card_already_revoked');

    // The holder reports their own card stolen in the portal; someone else's card answers like a missing one.
    const stolen = await citizen({ fullName: 'Đinh Bị Trộm', birthDate: '1994-11-11' });
    const c3 = await issuedCard(stolen, 8);
    const self: CitizenActor = { kind: 'citizen', id: 'acc-stolen', personId: stolen.id, pin: stolen.pin, level: 2 };
    expect((await rejection(reportOwnCardLost(t.ctx, { ...self, personId: lost.id }, c3.id, { reason: 'stolen' }))).code).toBe('card_not_found');
    expect(await reportOwnCardLost(t.ctx, self, c3.id, { reason: 'stolen', note: 'Mất cùng ví ở chợ' })).toMatchObject({ revokeReason: 'stolen: Mất cùng ví ở chợ' });
    expect((await verifyCard(t.ctx, badinh, { kind: 'mrz', text: c3.mrz! })).errors.map((e) => e.code)).toContain('card_revoked');
  });
});

describe('the card follows the registry', () => {
  it('a registered death revokes the card, once, through the event relay', async () => {
    const { registerDeath } = await import('../people/index.js');
    const { EventRelay } = await import('../../kernel/events.js');
    const { cardDeathSubscriber } = await import('./index.js');
    const p = await citizen({ fullName: 'Tạ Văn Đã Mất', birthDate: '1950-02-02' });
    const card = await issuedCard(p, 11);
    expect(card.expiryDate).toBeNull(); // issued at 75: no expiry
    await registerDeath(t.ctx, badinh, { pin: p.pin, deathDate: '2026-01-04' }, { reasonCode: 'death_registration' });
    // Two relays at once (two processes): the card is revoked once, with one event.
    const relays = [new EventRelay(t.db), new EventRelay(t.db)];
    for (const r of relays) r.subscribe(cardDeathSubscriber(t.ctx));
    await Promise.all(relays.map((r) => r.drain()));
    expect(await store.findCard(t.db.pool, card.id)).toMatchObject({ revokeReason: 'holder_deceased' });
    const events = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_event WHERE type = 'card.revoked' AND subject = $1", [p.pin]);
    expect(events.rows[0]!.n).toBe(1);
    const answer = await verifyCard(t.ctx, badinh, { kind: 'qr', text: card.qr! });
    expect(answer.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['card_revoked', 'holder_deceased']));
  });
});

describe('eligibility and intake checks', () => {
  it('a record that fails the registry checks is refused at filing with what to fix; the desk sees it first', async () => {
    const p = await citizen({ fullName: 'Đỗ Thiếu Ngày', birthDate: '1988' });
    const c = await cardCase(t.ctx, badinh, p.pin);
    expect(c.recordProblems.map((r) => r.code)).toContain('birth_date_incomplete');
    const d = await file(p, 'CARD.first-issue');
    expect(d.state).toBe('refused');
  });

  it('the wrong procedure is refused with the one that applies; a renewal without a card is not a renewal', async () => {
    const p = await citizen({ fullName: 'Hoàng Chưa Có Thẻ', birthDate: '1999-03-03' });
    const d = await file(p, 'CARD.renewal', { reason: 'on_request' });
    expect(d.state).toBe('refused');
    const refusal = d.actions.find((a) => a.type === 'refuse')!;
    expect(JSON.stringify(refusal.payload)).toContain('wrong_card_procedure');
  });

  it('a parent applies for a child under 6: no biometrics taken, the chip has no DG2 and still verifies', async () => {
    const mother = await newPerson(t.ctx, { fullName: 'Ngô Thị Mẹ', sex: 'F', birthDate: '1993-01-01', originPlace: 'Xã Hành Thiện, Nam Định' });
    const child = await newPerson(t.ctx, { fullName: 'Ngô Bảo Con', birthDate: '2023-06-01', motherPin: mother.pin, originPlace: 'Xã Hành Thiện, Nam Định' });
    await newHousehold(t.ctx, mother, [{ person: child, relation: 'con' }]);
    const d = await file(mother, 'CARD.first-issue', { holderPin: child.pin });
    expect(d.state).toBe('submitted');
    expect((await rejection(intake(d, 5))).code).toBe('biometrics_under_6');
    expect(await captureIntake(t.ctx, badinh, d.id, { place: 'home' })).toMatchObject({ biometricsRequired: false, photo: null, fingers: [] });
    await decide(d);
    await produceBatch(t.ctx, national);
    const card = (await store.findCardByDossier(t.db.pool, d.id))!;
    expect(card.pin).toBe(child.pin);
    expect(card.expiryDate).toBe('2037-06-01');
    const files = await chipFiles(card.id);
    expect(files.dg2).toBeNull();
    const r = await verifyDocument({ kind: 'chip', files }, await trustAnchors(t.db.pool), '2026-01-05');
    expect(r.errors).toEqual([]);
  });

  it('photo and fingerprint checks answer with what to do; the development ABIS finds a reused image', async () => {
    const p = await citizen({ fullName: 'Bùi Ảnh Tối' });
    const d = await file(p, 'CARD.first-issue');
    expect((await rejection(intake(d, 6, { photo: portraitPng(6, { brightness: 0.2 }) }))).code).toBe('photo_too_dark');
    expect((await rejection(intake(d, 6, { photo: fingerprintPng(1) }))).code).toBe('image_too_small');
    expect((await rejection(intake(d, 6, { fingers: tenFingers(6).slice(0, 9) }))).code).toBe('fingers_incomplete');
    expect((await rejection(intake(d, 6, { photo: Buffer.from('not an image at all, just text') }))).code).toBe('image_type');
    // A 75-year-old whose fingers will not read: reasons instead of images are accepted.
    const ok = await intake(d, 6, { fingers: tenFingers(6, { 2: 'unreadable', 7: 'injured' }) });
    expect(ok.fingers.filter((f) => !f.taken).map((f) => f.finger)).toEqual([2, 7]);

    // Another person's intake reusing this photo file: the ABIS names the match and approval waits.
    const other = await citizen({ fullName: 'Bùi Ảnh Mượn' });
    const d2 = await file(other, 'CARD.first-issue');
    const hit = await intake(d2, 7, { photo: portraitPng(6) });
    expect(hit.abis.hits).toEqual([expect.objectContaining({ pin: p.pin, kind: 'face' })]);
    const ready = await decide(d2).then(
      () => undefined,
      (e: unknown) => e as AppError,
    );
    expect(ready?.code).toBe('abis_match');
  });

  it('a slot holds four people at the desk; the fifth is refused', async () => {
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await citizen({ fullName: `Lịch Hẹn ${'ABCDE'[i]!}` }));
    for (const p of people.slice(0, 4)) await bookAppointment(t.ctx, badinh, { day: '2026-01-06', slot: '08:00', place: 'desk', pin: p.pin });
    expect((await rejection(bookAppointment(t.ctx, badinh, { day: '2026-01-06', slot: '08:00', place: 'desk', pin: people[4]!.pin }))).code).toBe('slot_full');
    expect((await rejection(bookAppointment(t.ctx, badinh, { day: '2026-01-06', slot: '08:30', place: 'desk', pin: people[0]!.pin }))).code).toBe('appointment_exists');
  });
});

describe('over HTTP', () => {
  it('the verification route answers anonymous callers with the document checks and officers with the registry view; chip files as base64', async () => {
    const { seedDemo } = await import('../../demo.js');
    const { login } = await import('../../../test/login.js');
    await seedDemo(t.ctx, { population: false });
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await citizen({ fullName: 'Mai Thị Kiểm Tra', sex: 'F', birthDate: '1991-08-08' });
    const card = await issuedCard(p, 9);
    const anon = await app.inject({ method: 'POST', url: '/api/cards/verify', payload: { mrz: card.mrz } });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toMatchObject({ kind: 'mrz', valid: true, registry: null });
    const asOfficer = await app.inject({ method: 'POST', url: '/api/cards/verify', headers: officer.headers, payload: { qr: card.qr } });
    expect(asOfficer.json()).toMatchObject({ valid: true, registry: { card: { id: card.id, status: 'valid' }, holder: { status: 'living' } } });
    // The chip files as the card holds them, downloaded and checked back.
    const files = (await app.inject({ method: 'GET', url: `/api/cards/${card.id}/chip`, headers: officer.headers })).json() as { dg1: string; dg2: string; dg13: string; sod: string };
    const chip = await app.inject({ method: 'POST', url: '/api/cards/verify', headers: officer.headers, payload: { chip: files } });
    expect(chip.json()).toMatchObject({ kind: 'chip', valid: true, data: { pin: p.pin, chip: { dg13: { fullName: 'Mai Thị Kiểm Tra' } } }, registry: { card: { id: card.id } } });
    // Bad input is a 400 with the field, never a 500; two documents at once are refused by the schema.
    expect((await app.inject({ method: 'POST', url: '/api/cards/verify', payload: { chip: { dg1: '!!!!', dg13: 'AAAA', sod: 'AAAA' } } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/cards/verify', payload: { qr: 'a', mrz: 'b' } })).statusCode).toBe(400);
    const trust = (await app.inject({ method: 'GET', url: '/api/cards/trust-list' })).json() as { keys: Array<{ kind: string; certificatePem: string }> };
    expect(trust.keys.filter((k) => k.kind === 'csca')).toHaveLength(1);
    expect(trust.keys[0]!.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const front = await app.inject({ method: 'GET', url: `/api/cards/${card.id}/face/front`, headers: officer.headers });
    expect(front.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const intake = (await app.inject({ method: 'GET', url: `/api/cards/applications/${card.dossierId}/intake`, headers: officer.headers })).json() as { fingers: unknown[]; photo: unknown };
    expect(intake).toMatchObject({ biometricsRequired: true, photo: { width: 300, height: 400 } });
    expect(intake.fingers).toHaveLength(10);
    const rates = (await app.inject({ method: 'GET', url: '/api/cards/delivery-rates', headers: officer.headers })).json() as { total: { unitCode: string } };
    expect(rates.total.unitCode).toBe('00004');
    // Ngọc Hà's officer does not see a Ba Đình card: it answers like a missing one.
    const ngocha = await login(app, 'cb.phuongngocha');
    expect((await app.inject({ method: 'GET', url: `/api/cards/${card.id}`, headers: ngocha.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/cards/${card.id}/chip`, headers: ngocha.headers })).statusCode).toBe(404);
  });
});

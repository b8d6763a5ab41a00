import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../kernel/http.js';
import { PurposeQuery, readPurpose } from '../../kernel/purpose-query.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { Closed, PageQuery, Problem } from '../../kernel/schemas.js';
import { requireCitizen } from '../eid/index.js';
import { bookAppointment, cancelAppointment, createTeam, dayList, listSlots, listTeams } from './appointments.js';
import { cardCase, RENEWAL_REASONS, type CardReason } from './applications.js';
import { cardChipFiles, cardImage, cardPhoto, cardsOfPerson, deliveryRates, getCard, listCards, ownCards, viewOf } from './card-views.js';
import { recordDelivery, reportOwnCardLost, revokeCard } from './delivery.js';
import { bytesFromBase64 } from './image-check.js';
import { captureIntake, getIntake, MISSING_FINGER_REASONS, readIntakeImage, type MissingFingerReason } from './intake.js';
import { listCardKeys } from './keys.js';
import { REVOKE_REASON_CODES, type CardStage, type RevokeReason } from './model.js';
import { produceBatch } from './production.js';
import * as schemas from './schemas.js';
import * as store from './store.js';
import { verificationKeys, verifyCard } from './verification.js';
import { todayInVietnam } from '../../kernel/clock.js';
import { authorize, scopeFilter } from '../../kernel/access.js';
import { CARDS_READ } from './permissions.js';

const ISSUANCE: ReadPurpose = { code: 'card_issuance' };
const SELF: ReadPurpose = { code: 'citizen_self_view' };
const TAGS = ['cards'];
const Id = Type.String({ maxLength: 36 });
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });
const Commune = Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 });
const Base64 = (max: number) => Type.String({ minLength: 4, maxLength: Math.round(max), description: 'base64 (or a data: URL)' });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const Svg = { description: 'The card face as an SVG image', content: { 'image/svg+xml': { schema: Type.String() } } };
const Image = { description: 'The image (JPEG or PNG)', content: { 'image/jpeg': { schema: Binary }, 'image/png': { schema: Binary } } };
const Stage = Type.Union([Type.Literal('approved'), Type.Literal('produced'), Type.Literal('shipped'), Type.Literal('delivered'), Type.Literal('returned')]);
const Place = Type.Union([Type.Literal('desk'), Type.Literal('home'), Type.Literal('factory'), Type.Literal('school'), Type.Literal('other')]);
const MB = 1024 * 1024;
const Finger = Type.Object(
  {
    finger: Type.Integer({ minimum: 1, maximum: 10 }),
    image: Type.Optional(Base64(1.4 * MB)),
    missingReason: Type.Optional(Type.Union(Object.keys(MISSING_FINGER_REASONS).map((k) => Type.Literal(k)))),
    note: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Closed,
);
const ChipFiles = Type.Object({ dg1: Base64(4096), dg2: Type.Optional(Base64(3 * MB)), dg13: Base64(64 * 1024), sod: Base64(64 * 1024) }, Closed);
const VerifyBody = Type.Union([Type.Object({ qr: Type.String({ minLength: 1, maxLength: 2000 }) }, Closed), Type.Object({ mrz: Type.String({ minLength: 1, maxLength: 200 }) }, Closed), Type.Object({ chip: ChipFiles }, Closed)]);
const decode = (b64: string, field: string) => new Uint8Array(bytesFromBase64(b64, field));

/** The cards module over HTTP. One service call per handler. */
export async function cardRoutes(app: App): Promise<void> {
  const ctx = app.ctx;

  app.get(
    '/api/cards/case/:pin',
    { schema: { tags: TAGS, summary: 'Which card application fits this person now (first issue, renewal, re-issue, or why none), and what in the record must be fixed first (access-logged)', params: Type.Object({ pin: Pin }, Closed), querystring: Type.Object({ reason: Type.Optional(Type.Union(Object.keys(RENEWAL_REASONS).map((k) => Type.Literal(k)))) }, Closed), response: { 200: schemas.CardCaseView, ...errors } } },
    async (req) => cardCase(ctx, requireOfficer(req), req.params.pin, req.query.reason as CardReason | undefined),
  );

  app.put(
    '/api/cards/applications/:dossierId/intake',
    {
      bodyLimit: 20 * MB,
      schema: {
        tags: TAGS,
        summary: 'Capture (or re-capture) the face photo, 10 fingerprints (or why a finger was not taken) and signature of a card application; images checked, searched in the ABIS, sealed at rest',
        params: Type.Object({ dossierId: Id }, Closed),
        body: Type.Object({ place: Place, photo: Type.Optional(Base64(3 * MB)), fingers: Type.Optional(Type.Array(Finger, { maxItems: 10 })), signature: Type.Optional(Base64(0.7 * MB)) }, Closed),
        response: { 200: schemas.IntakeView, ...errors, 413: Problem },
      },
    },
    async (req) => {
      const b = req.body;
      return captureIntake(ctx, requireOfficer(req), req.params.dossierId, {
        place: b.place,
        photo: b.photo === undefined ? undefined : bytesFromBase64(b.photo, 'photo'),
        signature: b.signature === undefined ? undefined : bytesFromBase64(b.signature, 'signature'),
        fingers: b.fingers?.map((f) => ({ finger: f.finger, image: f.image === undefined ? undefined : bytesFromBase64(f.image, `fingers.${f.finger}`), missingReason: f.missingReason as MissingFingerReason | undefined, note: f.note })),
      });
    },
  );

  app.get(
    '/api/cards/applications/:dossierId/intake',
    { schema: { tags: TAGS, summary: 'What intake captured for an application so far (no images; null when nothing yet), access-logged', params: Type.Object({ dossierId: Id }, Closed), response: { 200: Type.Union([schemas.IntakeView, Type.Null()]), ...errors } } },
    async (req) => getIntake(ctx, requireOfficer(req), req.params.dossierId),
  );

  app.get(
    '/api/cards/:id/chip',
    { schema: { tags: TAGS, summary: "A card's chip files as produced (base64 EF.DG1, EF.DG2, EF.DG13, EF.SOD), access-logged", params: Type.Object({ id: Id }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: Type.Object({ dg1: Type.String(), dg2: Type.Union([Type.String(), Type.Null()]), dg13: Type.String(), sod: Type.String() }, Closed), ...errors } } },
    async (req) => cardChipFiles(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, ISSUANCE)),
  );

  app.get(
    '/api/cards/applications/:dossierId/images/:which',
    { schema: { tags: TAGS, summary: 'One captured image of an application: photo, signature or finger-1 … finger-10 (access-logged)', produces: ['image/jpeg', 'image/png'], params: Type.Object({ dossierId: Id, which: Type.String({ pattern: '^(photo|signature|finger-([1-9]|10))$', maxLength: 10 }) }, Closed), response: { 200: Image, ...errors } } },
    async (req, reply) => {
      const w = req.params.which;
      const which = w.startsWith('finger-') ? { kind: 'finger' as const, finger: Number(w.slice(7)) } : { kind: w as 'photo' | 'signature' };
      const img = await readIntakeImage(ctx, requireOfficer(req), req.params.dossierId, which);
      return reply.header('cache-control', 'no-store').type(img.mime).send(img.bytes);
    },
  );

  app.get(
    '/api/cards/people/:pin',
    { schema: { tags: TAGS, summary: "A person's cards, newest first (access-logged with the purpose)", params: Type.Object({ pin: Pin }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: Type.Array(schemas.CardView), ...errors } } },
    async (req) => cardsOfPerson(ctx, requireOfficer(req), req.params.pin, readPurpose(req.query, ISSUANCE)),
  );

  app.get(
    '/api/cards',
    { schema: { tags: TAGS, summary: 'Cards of your scope by stage (production and delivery desks)', querystring: Type.Object({ stage: Type.Optional(Stage), batchId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })), ...PageQuery }, Closed), response: { 200: schemas.CardPage, ...errors } } },
    async (req) => listCards(ctx, requireOfficer(req), { stage: req.query.stage as CardStage | undefined, batchId: req.query.batchId, page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/cards/delivery-rates',
    { schema: { tags: TAGS, summary: 'Cards per stage and the delivery rate, per commune of your province (or per province for the nation)', response: { 200: schemas.DeliveryRates, ...errors } } },
    async (req) => deliveryRates(ctx, requireOfficer(req)),
  );

  app.get(
    '/api/cards/:id',
    { schema: { tags: TAGS, summary: 'One card (access-logged)', params: Type.Object({ id: Id }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: schemas.CardView, ...errors } } },
    async (req) => getCard(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, ISSUANCE)),
  );

  app.get(
    '/api/cards/:id/photo',
    { schema: { tags: TAGS, summary: "The face photo on the card's chip (DG2), access-logged", produces: ['image/jpeg', 'image/png'], params: Type.Object({ id: Id }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: Image, ...errors } } },
    async (req, reply) => {
      const p = await cardPhoto(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, ISSUANCE));
      return reply.header('cache-control', 'no-store').type(p.mime).send(p.bytes);
    },
  );

  app.get(
    '/api/cards/:id/face/:side',
    { schema: { tags: TAGS, summary: 'The card front or back as printed (SVG), drawn from its chip data, access-logged', produces: ['image/svg+xml'], params: Type.Object({ id: Id, side: Type.Union([Type.Literal('front'), Type.Literal('back')]) }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: Svg, ...errors } } },
    async (req, reply) => reply.header('cache-control', 'no-store').type('image/svg+xml; charset=utf-8').send(await cardImage(ctx, requireOfficer(req), req.params.id, req.params.side, readPurpose(req.query, ISSUANCE))),
  );

  app.post(
    '/api/cards/batches',
    { schema: { tags: TAGS, summary: "Produce today's batch: the approved cards of your scope, oldest first (card number, MRZ, QR, signed chip data)", body: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }, Closed), response: { 200: schemas.BatchResult, ...errors } } },
    async (req) => produceBatch(ctx, requireOfficer(req), { limit: req.body.limit }),
  );

  app.get(
    '/api/cards/batches',
    { schema: { tags: TAGS, summary: 'Production batches, newest first', querystring: Type.Object(PageQuery, Closed), response: { 200: schemas.BatchPage, ...errors } } },
    async (req) => {
      const actor = requireOfficer(req);
      authorize(actor, CARDS_READ);
      const scope = scopeFilter(actor);
      const province = scope === null ? null : scope.level === 'province' ? scope.code : actor.provinceCode;
      const r = await store.listBatches(ctx.db.pool, province, req.query.pageSize, (req.query.page - 1) * req.query.pageSize);
      return { ...r, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.post(
    '/api/cards/:id/delivery',
    {
      schema: {
        tags: TAGS,
        summary: 'Record a delivery step: shipped, delivered (the card becomes valid, replaces the previous one, the application is finished) or returned (with the reason)',
        params: Type.Object({ id: Id }, Closed),
        body: Type.Object({ to: Type.Union([Type.Literal('shipped'), Type.Literal('delivered'), Type.Literal('returned')]), reason: Type.Optional(Type.String({ maxLength: 500 })), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, Closed),
        response: { 200: schemas.CardView, ...errors },
      },
    },
    async (req) => viewOf(await recordDelivery(ctx, requireOfficer(req), req.params.id, req.body), todayInVietnam(ctx.clock)),
  );

  app.post(
    '/api/cards/:id/revoke',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke a card (lost, stolen …): verification answers revoked from now on',
        params: Type.Object({ id: Id }, Closed),
        body: Type.Object({ reason: Type.Union(REVOKE_REASON_CODES.map((k) => Type.Literal(k))), note: Type.Optional(Type.String({ maxLength: 500 })), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, Closed),
        response: { 200: schemas.CardView, ...errors },
      },
    },
    async (req) => viewOf(await revokeCard(ctx, requireOfficer(req), req.params.id, { reason: req.body.reason as RevokeReason, note: req.body.note, expectedVersion: req.body.expectedVersion }), todayInVietnam(ctx.clock)),
  );

  // ── appointments and mobile teams ──
  app.get('/api/cards/teams', { schema: { tags: TAGS, summary: "An office's mobile collection teams", querystring: Type.Object({ unitCode: Type.Optional(Commune) }, Closed), response: { 200: Type.Array(schemas.Team), ...errors } } }, async (req) =>
    listTeams(ctx, requireOfficer(req), req.query.unitCode),
  );
  app.post('/api/cards/teams', { schema: { tags: TAGS, summary: 'Create a mobile collection team', body: Type.Object({ unitCode: Type.Optional(Commune), name: Type.String({ minLength: 3, maxLength: 100 }) }, Closed), response: { 201: schemas.Team, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createTeam(ctx, requireOfficer(req), req.body)),
  );
  app.get(
    '/api/cards/slots',
    { schema: { tags: TAGS, summary: "A day's intake slots at the desk or for a team, with what is booked", querystring: Type.Object({ unitCode: Type.Optional(Commune), teamId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })), day: Day }, Closed), response: { 200: Type.Array(schemas.Slot), ...errors } } },
    async (req) => listSlots(ctx, requireOfficer(req), req.query),
  );
  app.post(
    '/api/cards/appointments',
    {
      schema: {
        tags: TAGS,
        summary: 'Book an intake appointment: a desk slot, or a mobile team visit (home, factory, school) with its address',
        body: Type.Object({ unitCode: Type.Optional(Commune), teamId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })), day: Day, slot: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$', maxLength: 5 }), place: Place, address: Type.Optional(Type.String({ maxLength: 300 })), pin: Pin, note: Type.Optional(Type.String({ maxLength: 500 })) }, Closed),
        response: { 201: schemas.Appointment, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await bookAppointment(ctx, requireOfficer(req), req.body)),
  );
  app.post('/api/cards/appointments/:id/cancel', { schema: { tags: TAGS, summary: 'Cancel an appointment', params: Type.Object({ id: Id }, Closed), response: { 200: schemas.Appointment, ...errors } } }, async (req) =>
    cancelAppointment(ctx, requireOfficer(req), req.params.id),
  );
  app.get(
    '/api/cards/appointments',
    { schema: { tags: TAGS, summary: "A day's appointments at an office, or a team's route list in slot order (the names shown are access-logged)", querystring: Type.Object({ unitCode: Type.Optional(Commune), teamId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })), day: Day }, Closed), response: { 200: schemas.DayList, ...errors } } },
    async (req) => dayList(ctx, requireOfficer(req), req.query),
  );

  // ── verification: anyone checks the document; officers also get the registry's view ──
  app.post(
    '/api/cards/verify',
    {
      bodyLimit: 5 * MB,
      schema: {
        tags: TAGS,
        summary: "Check a card: a QR payload, an MRZ (three lines joined by newlines) or chip files (base64 DG1, DG2, DG13, SOD). Officers with cards.verify also get the registry's view (card status, holder living). The answer is signed (JWS); the check goes to the holder's access log",
        body: VerifyBody,
        response: { 200: schemas.VerificationAnswer, ...errors, 413: Problem },
      },
    },
    async (req) => {
      const b = req.body;
      const actor = req.actor?.kind === 'officer' ? req.actor : null;
      if ('qr' in b) return verifyCard(ctx, actor, { kind: 'qr', text: b.qr });
      if ('mrz' in b) return verifyCard(ctx, actor, { kind: 'mrz', text: b.mrz });
      const c = b.chip;
      return verifyCard(ctx, actor, { kind: 'chip', files: { dg1: decode(c.dg1, 'chip.dg1'), dg2: c.dg2 === undefined ? null : decode(c.dg2, 'chip.dg2'), dg13: decode(c.dg13, 'chip.dg13'), sod: decode(c.sod, 'chip.sod') } });
    },
  );
  app.get('/api/cards/verification-keys', { schema: { tags: TAGS, summary: 'Public keys (JWKS) that sign verification answers', response: { 200: schemas.Jwks } } }, async () => verificationKeys(ctx) as never);
  app.get('/api/cards/trust-list', { schema: { tags: TAGS, summary: 'The Country Signing CA and Document Signer certificates (PEM), revoked signers marked: what an offline chip verifier trusts', response: { 200: schemas.TrustList } } }, async () => ({ keys: await listCardKeys(ctx.db.pool) }));

  // ── the citizen's own card (portal) ──
  app.get(
    '/api/citizen/cards',
    { schema: { tags: TAGS, summary: "The signed-in citizen's cards: the current one (with its QR payload) and the history", response: { 200: Type.Object({ current: Type.Union([schemas.CardView, Type.Null()]), all: Type.Array(schemas.CardView) }, Closed), 401: Problem } } },
    async (req) => ownCards(ctx, requireCitizen(req)),
  );
  app.get(
    '/api/citizen/cards/:id/photo',
    { schema: { tags: TAGS, summary: "The face photo on the citizen's own card", produces: ['image/jpeg', 'image/png'], params: Type.Object({ id: Id }, Closed), response: { 200: Image, ...errors } } },
    async (req, reply) => {
      const p = await cardPhoto(ctx, requireCitizen(req), req.params.id, SELF);
      return reply.header('cache-control', 'no-store').type(p.mime).send(p.bytes);
    },
  );
  app.get(
    '/api/citizen/cards/:id/face/:side',
    { schema: { tags: TAGS, summary: "The citizen's own card front or back (SVG)", produces: ['image/svg+xml'], params: Type.Object({ id: Id, side: Type.Union([Type.Literal('front'), Type.Literal('back')]) }, Closed), response: { 200: Svg, ...errors } } },
    async (req, reply) => reply.header('cache-control', 'no-store').type('image/svg+xml; charset=utf-8').send(await cardImage(ctx, requireCitizen(req), req.params.id, req.params.side, SELF)),
  );
  app.post(
    '/api/citizen/cards/:id/report-lost',
    {
      schema: {
        tags: TAGS,
        summary: 'The holder reports their own card lost or stolen: it is revoked at once (verification answers revoked)',
        params: Type.Object({ id: Id }, Closed),
        body: Type.Object({ reason: Type.Union([Type.Literal('lost'), Type.Literal('stolen')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, Closed),
        response: { 200: schemas.CardView, ...errors },
      },
    },
    async (req) => viewOf(await reportOwnCardLost(ctx, requireCitizen(req), req.params.id, req.body), todayInVietnam(ctx.clock)),
  );
}

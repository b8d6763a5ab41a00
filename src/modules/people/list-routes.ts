import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, PageQuery, Problem } from '../../kernel/schemas.js';
import type { ExportFile } from './list-export.js';
import { exportHouseholds, exportPeople, LIST_PURPOSE, listHouseholds, listPeople } from './lists.js';
import { getOverview } from './overview.js';
import { UnitCode } from './schemas.js';
import { PurposeQuery, readPurpose } from '../../kernel/purpose-query.js';

// An export names its reason in the officer's own words (required), beside the purpose code.
const ExportPurpose = {
  purpose: PurposeQuery.purpose,
  purposeNote: Type.String({ minLength: 3, maxLength: 200, description: 'Why the list is taken away, in the officer\'s words: kept in the access log the citizen sees', examples: ['rà soát công dân đủ 14 tuổi chưa có giấy tờ'] }),
};
const errors = { 400: Problem, 401: Problem, 403: Problem };
const YearOrMonth = Type.String({ pattern: '^[0-9]{4}(-[0-9]{2})?$', maxLength: 7, description: 'YYYY or YYYY-MM', examples: ['2026-05'] });
const Direction = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
const Lang = Type.Union([Type.Literal('vi'), Type.Literal('en')]);
const Count = Type.Integer({ minimum: 0, maximum: 50 });

const PeopleFilters = {
  unitCode: Type.Optional(UnitCode),
  status: Type.Optional(Type.Union([Type.Literal('living'), Type.Literal('deceased'), Type.Literal('missing')])),
  sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
  bornIn: Type.Optional(YearOrMonth),
  aged14: Type.Optional(Type.Boolean({ description: 'aged 14 or more today' })),
  diedIn: Type.Optional(YearOrMonth),
  noIdNumber: Type.Optional(Type.Boolean({ description: 'no old 9- or 12-digit identity number recorded' })),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('birthDate'), Type.Literal('pin')])),
  dir: Type.Optional(Direction),
};
const HouseholdFilters = {
  unitCode: Type.Optional(UnitCode),
  headless: Type.Optional(Type.Boolean()),
  minMembers: Type.Optional(Count),
  maxMembers: Type.Optional(Count),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the address, without case or diacritics', examples: ['doi can'] })),
  sort: Type.Optional(Type.Union([Type.Literal('householdNo'), Type.Literal('address'), Type.Literal('members')])),
  dir: Type.Optional(Direction),
};

const PersonRow = Type.Object({
  pin: Type.String(),
  fullName: Type.String(),
  birthDate: Type.String(),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
  status: Type.Union([Type.Literal('living'), Type.Literal('deceased'), Type.Literal('missing')]),
  deathDate: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
}, Closed);
const HouseholdRow = Type.Object({
  householdNo: Type.String(),
  unitCode: Type.String(),
  address: Type.String(),
  members: Type.Integer(),
  headPin: Type.Union([Type.String(), Type.Null()]),
  headName: Type.Union([Type.String(), Type.Null()]),
}, Closed);
const ListOf = <T extends typeof PersonRow | typeof HouseholdRow>(row: T) =>
  Type.Object({ items: Type.Array(row), total: Type.Integer(), totalCapped: Type.Boolean(), page: Type.Integer(), pageSize: Type.Integer() }, Closed);

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const FileResponse = {
  description: 'The list as a file (attachment)',
  content: { 'text/csv': { schema: Binary }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary } },
};

const Figures = Type.Object({
  residents: Type.Integer(),
  households: Type.Integer(),
  birthsThisMonth: Type.Integer(),
  deathsThisMonth: Type.Integer(),
  adultsWithoutIdNumber: Type.Integer(),
  headlessHouseholds: Type.Integer(),
}, Closed);
const OverviewView = Type.Object({
  level: Type.Union([Type.Literal('commune'), Type.Literal('province'), Type.Literal('nation')]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  month: Type.String(),
  figures: Figures,
  asOf: Type.String(),
  cached: Type.Boolean(),
  recent: Type.Array(Type.Object({
    at: Type.String(),
    action: Type.String(),
    targetKind: Type.String(),
    targetId: Type.String(),
    personName: Type.Union([Type.String(), Type.Null()]),
    unitCode: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    dossier: Type.Union([Type.String(), Type.Null()]),
    byMe: Type.Boolean(),
  }, Closed)),
}, Closed);

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .type(file.contentType)
    .send(file.body);
}

/** The officer's desk and lists: each handler authenticates and makes one service call. */
export async function listRoutes(app: App): Promise<void> {
  app.get('/api/overview', {
    schema: { tags: ['people'], summary: 'The unit’s figures (live; province and nation counted at most every 10 minutes, with the time) and latest changes', response: { 200: OverviewView, 401: Problem, 403: Problem } },
  }, async (req) => getOverview(app.ctx, requireOfficer(req)));

  app.get('/api/lists/people', {
    schema: {
      tags: ['people'],
      summary: 'People of the unit by filters without a name, paged and sorted in Vietnamese order (each person shown is access-logged)',
      querystring: Type.Object({ ...PeopleFilters, ...PurposeQuery, ...PageQuery }, Closed),
      response: { 200: ListOf(PersonRow), ...errors },
    },
  }, async (req) => listPeople(app.ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, LIST_PURPOSE) }));

  app.get('/api/lists/people/export', {
    schema: {
      tags: ['people'],
      summary: 'The same list as CSV or Excel (at most 10,000 rows); the purpose is required and every exported person is access-logged',
      querystring: Type.Object({ ...PeopleFilters, format: Format, ...ExportPurpose, lang: Type.Optional(Lang) }, Closed),
      response: { 200: FileResponse, ...errors },
    },
  }, async (req, reply) => sendFile(reply, await exportPeople(app.ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, LIST_PURPOSE) })));

  app.get('/api/lists/households', {
    schema: {
      tags: ['households'],
      summary: 'Households of the unit with head and size: filter headless, size, address; sort by number, address (Vietnamese order) or size',
      querystring: Type.Object({ ...HouseholdFilters, ...PurposeQuery, ...PageQuery }, Closed),
      response: { 200: ListOf(HouseholdRow), ...errors },
    },
  }, async (req) => listHouseholds(app.ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, LIST_PURPOSE) }));

  app.get('/api/lists/households/export', {
    schema: {
      tags: ['households'],
      summary: 'The same list as CSV or Excel (at most 10,000 rows); the purpose is required and every household and head exported is access-logged',
      querystring: Type.Object({ ...HouseholdFilters, format: Format, ...ExportPurpose, lang: Type.Optional(Lang) }, Closed),
      response: { 200: FileResponse, ...errors },
    },
  }, async (req, reply) => sendFile(reply, await exportHouseholds(app.ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, LIST_PURPOSE) })));
}

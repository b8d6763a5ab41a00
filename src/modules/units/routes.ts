import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { requireOfficer, type App } from '../../kernel/http.js';

/** A citizen signed in to the portal (unit names are public; the portal's commune picker reads them). */
function requireSignedInCitizen(req: FastifyRequest): void {
  if (req.actor?.kind !== 'citizen') throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
}
import { Closed, PageOf, PageQuery, Problem } from '../../kernel/schemas.js';
import { MAX_QUERY_LENGTH, UNIT_TYPES } from './model.js';
import * as units from './service.js';

// Literal unions written out: the type provider (typebox 1.x) reads these structurally, but
// not Type.Unsafe, and a union over a mapped array would type as never.
const Tree = Type.Union([Type.Literal('current'), Type.Literal('pre2025')]);
const Level = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
const Kind = Type.Union([
  Type.Literal('whole'),
  Type.Literal('partial'),
  Type.Literal('unchanged'),
  Type.Literal('renamed'),
  Type.Literal('other'),
]);
const ProvinceCode = Type.String({
  pattern: '^[0-9]{2}$',
  maxLength: 2,
  description: '2-digit province code',
  examples: ['01'],
});
const AnyCode = Type.String({
  pattern: '^([0-9]{2}|[0-9]{3}|[0-9]{5})$',
  maxLength: 5,
  description: 'unit code: province 2, district 3, commune 5 digits',
  examples: ['01', '00004'],
});
const OldCode = Type.String({
  pattern: '^([0-9]{3}|[0-9]{5})$',
  maxLength: 5,
  description: 'pre-2025 commune (or island district) code',
  examples: ['00001'],
});
const IsoDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  maxLength: 10,
  description: 'YYYY-MM-DD',
  examples: ['2025-07-01'],
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const UnitView = Type.Object(
  {
    code: Type.String(),
    level: Level,
    name: Type.String(),
    type: Type.String({ description: `one of: ${UNIT_TYPES.join(', ')}` }),
    parentCode: Nullable(Type.String()),
    provinceCode: Type.String(),
    tree: Tree,
    validFrom: Type.String(),
    validTo: Nullable(Type.String()),
    provinceName: Type.String(),
    districtName: Nullable(Type.String()),
  },
  Closed,
);

const ConversionView = Type.Object(
  {
    old: UnitView,
    targets: Type.Array(
      Type.Object(
        { unit: UnitView, kind: Kind, note: Type.String(), wholePopulation: Type.Boolean() },
        Closed,
      ),
    ),
    partial: Type.Boolean({
      description: 'some target took only part of the old unit: a person must choose',
    }),
  },
  Closed,
);

const Errors = { 400: Problem, 401: Problem, 404: Problem };
const CodeParams = Type.Object({ code: AnyCode }, { additionalProperties: false });
const TreeQuery = Type.Object({ tree: Type.Optional(Tree) }, { additionalProperties: false });

/**
 * Administrative units for the console: read-only, paged (never the whole tree at once),
 * officers only. Each handler is one service call.
 */
export async function unitsRoutes(app: App): Promise<void> {
  const tags = ['units'];

  app.get(
    '/api/units/provinces',
    {
      schema: {
        tags,
        summary: 'Provinces of the current or the pre-2025 tree',
        querystring: TreeQuery,
        response: { 200: Type.Object({ items: Type.Array(UnitView) }, Closed), ...Errors },
      },
    },
    async (req) => {
      requireOfficer(req);
      return { items: await units.listProvinces(app.ctx, req.query) };
    },
  );

  app.get(
    '/api/units/provinces/:code/communes',
    {
      schema: {
        tags,
        summary: "A page of a province's communes, optionally filtered by name (and district, before 2025)",
        params: Type.Object({ code: ProvinceCode }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            tree: Type.Optional(Tree),
            q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
            districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{3}$', maxLength: 3 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(UnitView), ...Errors },
      },
    },
    async (req) => {
      requireOfficer(req);
      return units.listCommunes(app.ctx, { provinceCode: req.params.code, ...req.query });
    },
  );

  // Unit names are public: the portal's commune picker asks the same under /api/citizen/.
  for (const [base, who] of [['/api/units', requireOfficer], ['/api/citizen/units', requireSignedInCitizen]] as const) {
  app.get(
    `${base}/search`,
    {
      schema: {
        tags,
        summary: 'Search units by name, with or without diacritics',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: MAX_QUERY_LENGTH }),
            tree: Type.Optional(Tree),
            level: Type.Optional(Level),
            provinceCode: Type.Optional(ProvinceCode),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              ...PageOf(UnitView).properties,
              fuzzy: Type.Boolean({ description: 'no name contains the words; these are similarly spelt' }),
            },
            Closed,
          ),
          ...Errors,
        },
      },
    },
    async (req) => {
      who(req);
      return units.searchUnits(app.ctx, req.query);
    },
  );

  }

  app.get(
    '/api/units/convert/:code',
    {
      schema: {
        tags,
        summary: 'Where a pre-2025 commune went on 1 July 2025',
        params: Type.Object({ code: OldCode }, { additionalProperties: false }),
        response: { 200: ConversionView, ...Errors },
      },
    },
    async (req) => {
      requireOfficer(req);
      return units.convertOldCommune(app.ctx, req.params.code);
    },
  );

  for (const [base, who] of [['/api/units', requireOfficer], ['/api/citizen/units', requireSignedInCitizen]] as const) {
  app.get(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'A unit by code: on a date, or its newest version',
        params: CodeParams,
        querystring: Type.Object({ at: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: UnitView, ...Errors },
      },
    },
    async (req) => {
      who(req);
      return units.getUnit(app.ctx, req.params.code, req.query);
    },
  );

  }

  app.get(
    '/api/units/:code/children',
    {
      schema: {
        tags,
        summary: 'A page of the units directly under a unit',
        params: CodeParams,
        querystring: Type.Object(
          { tree: Type.Optional(Tree), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(UnitView), ...Errors },
      },
    },
    async (req) => {
      requireOfficer(req);
      return units.listChildren(app.ctx, req.params.code, req.query);
    },
  );
}

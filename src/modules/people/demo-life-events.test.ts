import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { seedDemo } from '../../demo.js';
import { todayInVietnam } from '../../kernel/clock.js';
import { householdLifeEvents } from './demo-life-events.js';
import type { PersonRecord } from './generator/index.js';
import { checkPersonRow } from './import/check-row.js';

/** Issue 16 item 12: the demo population's residence periods and PIN dates follow life events. */
const person = (over: Partial<PersonRecord>): PersonRecord => ({
  externalId: 'x',
  householdExternalId: 'h',
  pin: '001052000001',
  fullName: 'Nguyễn Văn Thọ',
  familyName: 'Nguyễn',
  middleName: 'Văn',
  givenName: 'Thọ',
  sex: 'M',
  birthDate: '1952-04-10',
  birthRegistrationProvinceCode: '01',
  originProvinceCode: '36',
  nationality: 'VN',
  ethnicityCode: '01',
  religionCode: 'khong',
  oldIdNumber: null,
  relationToHead: 'chu_ho',
  fatherExternalId: null,
  motherExternalId: null,
  spouseExternalId: null,
  ...over,
});

describe('life-event dates of a household (pure)', () => {
  const household = [
    person({ externalId: 'head' }),
    person({ externalId: 'wife', sex: 'F', birthDate: '1956-02-01', relationToHead: 'vo' }),
    person({ externalId: 'son', birthDate: '1980-11-20', relationToHead: 'con' }),
    person({ externalId: 'daughter-in-law', sex: 'F', birthDate: '1984-05-05', relationToHead: 'con_dau' }),
    person({ externalId: 'grandchild', sex: 'F', birthDate: '2018-07-09', relationToHead: 'chau' }),
  ];
  const dates = householdLifeEvents(household, '2025-07-01');
  const of = (id: string) => dates.get(id)!;

  it('has the man born in 1952 living in his household since before his son was born, not since today', () => {
    expect(of('head').residentSince <= '1980-11-20').toBe(true);
    expect(of('head').residentSince >= '1970-04-10').toBe(true);
    expect(of('son').residentSince).toBe('1980-11-20');
  });

  it('registers a child born after 2016 at birth: PIN within weeks, residence from the birth', () => {
    expect(of('grandchild').residentSince).toBe('2018-07-09');
    expect(of('grandchild').pinIssuedOn > '2018-07-09' && of('grandchild').pinIssuedOn < '2018-08-25').toBe(true);
  });

  it('gives older people their PIN between 2016 and the database going live, and in-laws residence from marriage', () => {
    for (const id of ['head', 'wife', 'son', 'daughter-in-law']) {
      expect(of(id).pinIssuedOn >= '2016-01-01' && of(id).pinIssuedOn < '2021-07-01').toBe(true);
    }
    expect(of('daughter-in-law').residentSince >= '2004-05-05').toBe(true);
  });

  it('gives someone who turned 14 after 2016 their PIN with the first card, at 14', () => {
    const teen = householdLifeEvents([person({ externalId: 'teen', birthDate: '2006-03-03' })], '2025-07-01').get('teen')!;
    expect(teen.pinIssuedOn >= '2020-03-03' && teen.pinIssuedOn < '2020-07-05').toBe(true);
  });

  it('is deterministic and never after the last day', () => {
    expect(householdLifeEvents(household, '2025-07-01')).toEqual(dates);
    for (const d of dates.values()) expect(d.residentSince <= '2025-07-01' && d.pinIssuedOn <= '2025-07-01').toBe(true);
  });
});

describe('the importer reads the life-event dates', () => {
  const row = (over: Record<string, unknown>) => checkPersonRow({ ...person({}), ...over }, '2025-07-01');
  it('takes them when given, and leaves them null when not', () => {
    expect(row({ residentSince: '1978-05-01', pinIssuedOn: '2019-04-22' })).toMatchObject({ ok: { residentSince: '1978-05-01', pinIssuedOn: '2019-04-22' } });
    expect(row({})).toMatchObject({ ok: { residentSince: null, pinIssuedOn: null } });
  });
  it('rejects a malformed day, one in the future, and one before the birth', () => {
    const codes = (r: ReturnType<typeof row>) => ('errors' in r ? r.errors.map((e) => `${e.field}:${e.code}`) : []);
    expect(codes(row({ residentSince: '1978-13-01' }))).toEqual(['residentSince:date_malformed']);
    expect(codes(row({ pinIssuedOn: '2030-01-01' }))).toEqual(['pinIssuedOn:date_in_future']);
    expect(codes(row({ residentSince: '1940-01-01' }))).toEqual(['residentSince:date_before_birth']);
  });
});

describe('the demo database', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testContext();
    await seedDemo(t.ctx);
  }, 300_000);
  afterAll(() => t?.close());

  it('has no one born before 2000 resident "from today", nor any PIN issued today', async () => {
    const today = todayInVietnam(t.ctx.clock);
    const fromToday = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM residence r JOIN person p ON p.id = r.person_id WHERE r.valid_from = $1::date AND p.birth_year < 2000", [today]);
    expect(fromToday.rows[0]!.n).toBe(0);
    const issuedToday = await t.db.pool.query<{ n: number; all: number }>("SELECT count(*) FILTER (WHERE (issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = $1::date)::int AS n, count(*)::int AS all FROM pin_registry", [today]);
    expect(issuedToday.rows[0]!.all).toBeGreaterThan(4000);
    expect(issuedToday.rows[0]!.n).toBe(0);
  });

  it('gives the demo citizens a place of birth registration, a place of origin, and dated lives', async () => {
    const r = await t.db.pool.query<{ full_name: string; birth_place_code: string; origin_place_code: string; valid_from: string; issued_on: string; mother: string | null }>(
      `SELECT p.full_name, p.birth_place_code, p.origin_place_code, r.valid_from::text AS valid_from, (g.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS issued_on, m.full_name AS mother
         FROM person p JOIN residence r ON r.person_id = p.id AND r.kind = 'permanent' JOIN pin_registry g ON g.pin = p.pin LEFT JOIN person m ON m.id = p.mother_id
        WHERE p.external_id LIKE 'demo-citizen-%' ORDER BY p.birth_date`,
    );
    expect(r.rows).toEqual([
      { full_name: 'Nguyễn Thị Lan', birth_place_code: '01', origin_place_code: '36', valid_from: '2015-06-01', issued_on: '2019-04-22', mother: null },
      { full_name: 'Trần Văn Minh', birth_place_code: '38', origin_place_code: '38', valid_from: '2018-10-05', issued_on: '2021-03-15', mother: null },
      { full_name: 'Phạm Gia Bảo', birth_place_code: '01', origin_place_code: '34', valid_from: '2019-08-03', issued_on: '2019-08-16', mother: 'Nguyễn Thị Lan' },
    ]);
  });
});

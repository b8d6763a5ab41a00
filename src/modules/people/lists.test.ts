import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { clerk, newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../../kernel/http.js';
import { FIGURES_TTL_MS } from './overview.js';
import { registerDeath, type Person } from './index.js';

/**
 * The officer's desk and lists over HTTP, on this run's engine: figures, filters, Vietnamese
 * order, scope, exports and what each writes to the access log. The clock stands at
 * 2026-01-05 in Vietnam: "this month" is 2026-01, aged 14 means born by 2012-01-05.
 */
let t: TestContext;
let app: App;
let commune: LoggedIn;
let otherCommune: LoggedIn;
let province: LoggedIn;
let nation: LoggedIn;
const people: Record<string, Person> = {};
let headlessNo = '';
let familyNo = '';

beforeAll(async () => {
  t = await testContext();
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  const at = (fullName: string, birthDate: string, sex: 'M' | 'F', over: object = {}) => newPerson(t.ctx, { fullName, birthDate, sex, unitCode: '00008', ...over });
  people.dung = await at('Dương Văn Dũng', '1970-03-02', 'M', { oldId9: '012345678' });
  people.dao = await at('Đào Thị Ánh', '1975-08-19', 'F');
  people.an = await at('Ân Văn Bình', '2011-12-30', 'M');
  people.anh = await at('Anh Thị Ba', '2012-01-06', 'F');
  people.baby = await at('Bùi Minh Khôi', '2026-01-02', 'M');
  people.old = await at('Bạch Văn Tư', '1940', 'M');
  people.far = await at('Đinh Văn Xa', '1980-01-01', 'M', { unitCode: '00004' });
  familyNo = (await newHousehold(t.ctx, people.dung!, [{ person: people.dao!, relation: 'vo' }, { person: people.an!, relation: 'con' }], '00008')).householdNo;
  headlessNo = (await newHousehold(t.ctx, people.old!, [{ person: people.anh!, relation: 'chau' }], '00008')).householdNo;
  await registerDeath(t.ctx, clerk, { pin: people.old!.pin, deathDate: '2026-01-03' }, { reasonCode: 'death_registration' });
  [commune, otherCommune, province, nation] = (await Promise.all(['cb.phuongngocha', 'cb.phuongbadinh', 'cb.hanoi', 'cb.quocgia'].map((u) => login(app, u)))) as [LoggedIn, LoggedIn, LoggedIn, LoggedIn];
});
afterAll(() => t.close());

const get = (who: LoggedIn, url: string) => app.inject({ url, headers: who.headers });
const accessRows = async (action: string, purpose?: string) =>
  (await t.db.pool.query<{ target_id: string; purpose: string }>(`SELECT target_id, purpose FROM audit_log WHERE chain = 'access' AND action = $1${purpose ? " AND detail->>'purposeNote' = $2" : ''} ORDER BY seq`, purpose ? [action, purpose] : [action])).rows;

describe('the overview', () => {
  it('counts the commune live: residents, households, births and deaths this month, 14+ without an ID number, headless households', async () => {
    const res = await get(commune, '/api/overview');
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ level: 'commune', unitCode: '00008', month: '2026-01', cached: false });
    // Living in 00008 (the demo's people live in 00004): Dũng, Đào, Ân, Anh, the baby (Tư died). 14+ without an old ID number: Đào, and Ân (14 since 30/12/2025); Dũng has one, Anh turns 14 tomorrow.
    expect(o.figures).toEqual({ residents: 5, households: 2, birthsThisMonth: 1, deathsThisMonth: 1, adultsWithoutIdNumber: 2, headlessHouseholds: 1 });
  });

  it('names the people in the latest changes and writes each named person to the access log', async () => {
    const o = (await get(commune, '/api/overview')).json();
    expect(o.recent.length).toBeGreaterThan(0);
    const death = o.recent.find((c: { action: string }) => c.action === 'person.died');
    expect(death).toMatchObject({ targetKind: 'person', targetId: people.old!.pin, personName: 'Bạch Văn Tư', byMe: false });
    const logged = (await accessRows('person.listed')).map((r) => r.target_id);
    expect(logged).toContain(people.old!.pin);
    // The other commune's officer sees none of it.
    const other = (await get(otherCommune, '/api/overview')).json();
    expect(other.recent.map((c: { targetId: string }) => c.targetId)).not.toContain(people.old!.pin);
  });

  it('counts a province at most once per 10 minutes and says when', async () => {
    const first = (await get(province, '/api/overview')).json();
    expect(first).toMatchObject({ level: 'province', unitCode: '01', cached: false });
    const base = first.figures.residents as number;
    await newPerson(t.ctx, { fullName: 'Mới Đến', birthDate: '1990-02-02', sex: 'F' });
    const second = (await get(province, '/api/overview')).json();
    expect(second).toMatchObject({ cached: true, asOf: first.asOf });
    expect(second.figures.residents).toBe(base);
    t.clock.advance(FIGURES_TTL_MS + 1000);
    // The stale count is served at once and a new one starts; the next load has it.
    expect((await get(province, '/api/overview')).json().figures.residents).toBe(base);
    await new Promise((r) => setTimeout(r, 300));
    await expect.poll(async () => (await get(province, '/api/overview')).json().figures.residents, { timeout: 5000 }).toBe(base + 1);
    expect((await get(nation, '/api/overview')).json()).toMatchObject({ level: 'nation', unitCode: null });
  });

  it('counts e-ID enrolments waiting for review in the unit', async () => {
    const res = await get(commune, '/api/eid/review-queue/count');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ pending: expect.any(Number) });
    expect((await app.inject({ url: '/api/eid/review-queue/count' })).statusCode).toBe(401);
  });
});

describe('people lists', () => {
  const pins = (res: { json(): { items: Array<{ pin: string }> } }) => res.json().items.map((p) => p.pin);

  it('filters without a name: born in a year or month, aged 14+, deceased this year, status, sex, no ID number', async () => {
    expect(pins(await get(commune, '/api/lists/people?bornIn=2026-01'))).toEqual([people.baby!.pin]);
    expect(pins(await get(commune, '/api/lists/people?bornIn=1975'))).toEqual([people.dao!.pin]);
    expect(pins(await get(commune, '/api/lists/people?diedIn=2026'))).toEqual([people.old!.pin]);
    const adults = pins(await get(commune, '/api/lists/people?aged14=true&status=living'));
    expect(adults).toEqual(expect.arrayContaining([people.dung!.pin, people.dao!.pin, people.an!.pin]));
    expect(adults).not.toContain(people.anh!.pin);
    expect(pins(await get(commune, '/api/lists/people?aged14=true&status=living&noIdNumber=true&sex=F'))).toEqual([people.dao!.pin]);
  });

  it('sorts names in Vietnamese order (Ă, Â after A; Đ after every D), both ways, and pages', async () => {
    const res = await get(commune, '/api/lists/people?sort=name');
    const names = res.json().items.map((p: { fullName: string }) => p.fullName);
    expect(names.indexOf('Anh Thị Ba')).toBeLessThan(names.indexOf('Ân Văn Bình'));
    expect(names.indexOf('Dương Văn Dũng')).toBeLessThan(names.indexOf('Đào Thị Ánh'));
    expect(names.indexOf('Bùi Minh Khôi')).toBeLessThan(names.indexOf('Dương Văn Dũng'));
    const desc = (await get(commune, '/api/lists/people?sort=name&dir=desc')).json().items.map((p: { fullName: string }) => p.fullName);
    expect(desc).toEqual([...names].reverse());
    const page2 = (await get(commune, '/api/lists/people?sort=name&pageSize=2&page=2')).json();
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: names.length, totalCapped: false });
    expect(page2.items.map((p: { fullName: string }) => p.fullName)).toEqual(names.slice(2, 4));
  });

  it('keeps to the officer’s unit: another commune’s people never appear, a unit filter outside scope is refused', async () => {
    expect(pins(await get(commune, '/api/lists/people'))).not.toContain(people.far!.pin);
    expect(pins(await get(otherCommune, '/api/lists/people'))).toContain(people.far!.pin);
    expect(pins(await get(otherCommune, '/api/lists/people'))).not.toContain(people.dung!.pin);
    expect(pins(await get(province, '/api/lists/people?unitCode=00004&pageSize=100'))).toContain(people.far!.pin);
    expect(pins(await get(province, '/api/lists/people?unitCode=00004&pageSize=100'))).not.toContain(people.dung!.pin);
    const out = await get(commune, '/api/lists/people?unitCode=00004');
    expect(out.statusCode).toBe(400);
    expect(out.json()).toMatchObject({ code: 'unit_out_of_scope', field: 'unitCode' });
  });

  it('writes every person shown to the access log', async () => {
    const purpose = 'rà soát trẻ sinh trong tháng';
    await get(commune, `/api/lists/people?bornIn=2026-01&purposeNote=${encodeURIComponent(purpose)}`);
    expect((await accessRows('person.listed', purpose)).map((r) => r.target_id)).toEqual([people.baby!.pin]);
  });
});

describe('household lists', () => {
  const nos = (res: { json(): { items: Array<{ householdNo: string }> } }) => res.json().items.map((h) => h.householdNo);

  it('filters headless, size and address (without case or diacritics) and shows head and size', async () => {
    expect(nos(await get(commune, '/api/lists/households?headless=true'))).toEqual([headlessNo]);
    expect(nos(await get(commune, '/api/lists/households?minMembers=3'))).toEqual([familyNo]);
    expect(nos(await get(commune, '/api/lists/households?maxMembers=1'))).toEqual([headlessNo]);
    expect(nos(await get(commune, '/api/lists/households?address=DOI%20CAN'))).toEqual([familyNo, headlessNo]);
    expect(nos(await get(commune, '/api/lists/households?address=kim%20ma'))).toEqual([]);
    const family = (await get(commune, '/api/lists/households?minMembers=3')).json().items[0];
    expect(family).toMatchObject({ headPin: people.dung!.pin, headName: 'Dương Văn Dũng', members: 3 });
    const reversed = await get(commune, '/api/lists/households?minMembers=4&maxMembers=2');
    expect(reversed.json()).toMatchObject({ code: 'range_reversed' });
  });

  it('shows none of them to another commune', async () => {
    expect(nos(await get(otherCommune, '/api/lists/households'))).not.toContain(familyNo);
    expect(nos(await get(otherCommune, '/api/lists/households'))).not.toContain(headlessNo);
  });
});

describe('exports', () => {
  it('needs a purpose', async () => {
    const res = await get(commune, '/api/lists/people/export?format=csv');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'purposeNote' });
  });

  it('gives CSV with a BOM, in Vietnamese order, and logs every exported person with the purpose', async () => {
    const purpose = 'lập danh sách cấp thẻ căn cước';
    const res = await get(commune, `/api/lists/people/export?format=csv&aged14=true&status=living&purposeNote=${encodeURIComponent(purpose)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cong-dan-00008-2026-01-05\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('STT,Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Tình trạng,Ngày mất,Xã/phường');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['Ân Văn Bình', 'Dương Văn Dũng', 'Đào Thị Ánh']);
    expect(lines[2]).toContain(`,${people.dung!.pin},Dương Văn Dũng,02/03/1970,Nam,Còn sống,,`);
    const logged = await accessRows('person.exported', purpose);
    expect(logged.map((r) => r.target_id).sort()).toEqual([people.an!.pin, people.dung!.pin, people.dao!.pin].sort());
  });

  it('gives an Excel file a spreadsheet reads back, PINs as text, heads logged with their households', async () => {
    const purpose = 'kiểm tra hộ gia đình';
    const res = await get(commune, `/api/lists/households/export?format=xlsx&sort=address&lang=en&purposeNote=${encodeURIComponent(purpose)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheets = await readXlsxFile(res.rawPayload);
    const rows = sheets[0]!.data;
    expect(rows[0]).toEqual(['No.', 'Household number', 'Address', 'Commune', 'Head of household', 'Head’s personal ID number', 'Members']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(expect.arrayContaining([familyNo, headlessNo]));
    const family = rows.find((r) => r[1] === familyNo)!;
    expect(family[4]).toBe('Dương Văn Dũng');
    expect(typeof family[5]).toBe('string');
    expect(rows.find((r) => r[1] === headlessNo)![4]).toBe('(no head)');
    expect((await accessRows('household.exported', purpose)).map((r) => r.target_id).sort()).toEqual([familyNo, headlessNo].sort());
    expect((await accessRows('person.exported', purpose)).map((r) => r.target_id)).toEqual([people.dung!.pin]);
  });
});

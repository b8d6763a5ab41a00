import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import { getFamily, getPerson, getPersonBrief, getPersonHistory, registerBirth, updatePerson, type Person } from './index.js';
import { referenceLists } from './reference-lists.js';

/**
 * Item 5 and 6 of issue 16 at the service level: a parent named on a birth form is shown by
 * a scoped, logged lookup; a birth keeps the place of birth apart from the place of birth
 * registration; the parents' records list the child; relatives outside the reader's area
 * show as such, and every relative shown is in the access log.
 */
let t: TestContext;
const badinh: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const ngocha: OfficerActor = { ...badinh, id: 'o-ngocha', username: 'cb.ngocha', unitCode: '00008' };
const reason = { reasonCode: 'birth_registration' } as const;

let mother: Person;
let father: Person;
let householdNo: string;

beforeAll(async () => {
  t = await testContext();
  t.clock.advance(Date.parse('2026-11-23T03:00:00Z') - t.clock.now().getTime());
  mother = await newPerson(t.ctx, { fullName: 'Đỗ Thị Mai Anh', birthDate: '1994-06-30', sex: 'F', unitCode: '00004' });
  // The father lives in the neighbouring ward: outside the Ba Đình officer's area.
  father = await newPerson(t.ctx, { fullName: 'Phan Văn Long', birthDate: '1990-01-15', sex: 'M', unitCode: '00008' });
  householdNo = (await newHousehold(t.ctx, mother)).householdNo;
}, 120_000);
afterAll(() => t.close());

const accessRows = async (targetPin: string, action: string) =>
  (await t.db.pool.query<{ actor_id: string; purpose: string; detail: Record<string, unknown> }>("SELECT actor_id, purpose, detail FROM audit_log WHERE chain = 'access' AND target_id = $1 AND action = $2 ORDER BY seq", [targetPin, action])).rows;

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the parent lookup on the birth form', () => {
  it('shows name, date of birth, sex and status, and logs the read with its purpose', async () => {
    const brief = await getPersonBrief(t.ctx, badinh, mother.pin, { code: 'official_lookup', note: 'khai sinh: tra cứu cha/mẹ' });
    expect(brief).toEqual({ pin: mother.pin, fullName: 'Đỗ Thị Mai Anh', birthDate: '1994-06-30', sex: 'F', status: 'living' });
    await t.ctx.accessLog.drain();
    expect(await accessRows(mother.pin, 'person.brief.read')).toEqual([expect.objectContaining({ actor_id: 'o-badinh', purpose: 'official_lookup', detail: expect.objectContaining({ purposeNote: 'khai sinh: tra cứu cha/mẹ' }) })]);
  });

  it('answers a parent outside the area exactly like an unknown PIN, and logs nothing', async () => {
    const outside = await errorOf(getPersonBrief(t.ctx, badinh, father.pin, { code: 'official_lookup', note: 'khai sinh' }));
    const unknown = await errorOf(getPersonBrief(t.ctx, badinh, '001090999999', { code: 'official_lookup', note: 'khai sinh' }));
    expect({ kind: outside.kind, code: outside.code, field: outside.field, messages: outside.messages }).toEqual({ kind: unknown.kind, code: unknown.code, field: unknown.field, messages: unknown.messages });
    await t.ctx.accessLog.drain();
    expect(await accessRows(father.pin, 'person.brief.read')).toEqual([]);
  });

  it('answers the same over HTTP: 404 with the same body for outside and unknown', async () => {
    await seedDemo(t.ctx, { population: false });
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const own = await app.inject({ url: `/api/people/${mother.pin}/brief?purpose=official_lookup&purposeNote=khai%20sinh`, headers: a.headers });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ fullName: 'Đỗ Thị Mai Anh' });
    const outside = await app.inject({ url: `/api/people/${father.pin}/brief`, headers: a.headers });
    const unknown = await app.inject({ url: '/api/people/001090999999/brief', headers: a.headers });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(unknown.json());
  });
});

describe('a birth with its place of birth and both parents', () => {
  let child: Person;
  beforeAll(async () => {
    const r = await registerBirth(
      t.ctx,
      badinh,
      { fullName: 'Phan Minh Khôi', birthDate: '2026-11-20', sex: 'M', ethnicity: '01', nationality: 'VN', birthPlaceCode: '00004', birthFacility: 'Bệnh viện Phụ sản Hà Nội', birthAddress: 'Số 929, đường La Thành', birthAddressUnitCode: '00008', motherPin: mother.pin, fatherPin: father.pin },
      reason,
    );
    child = r.person;
    expect(r.householdNo).toBe(householdNo);
  });

  it('keeps the place of birth apart from the place of birth registration, in the record and its version', async () => {
    expect(child).toMatchObject({ birthFacility: 'Bệnh viện Phụ sản Hà Nội', birthAddress: 'Số 929, đường La Thành', birthAddressUnitCode: '00008', birthPlaceCode: '00004' });
    // The registration's text is the commune's name, not the hospital.
    expect(child.birthPlace).toMatch(/^Phường Ba Đình, Thành phố Hà Nội$/);
    const history = await getPersonHistory(t.ctx, badinh, child.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(history.versions[0]!.data).toMatchObject({ birthFacility: 'Bệnh viện Phụ sản Hà Nội', birthAddressUnitCode: '00008', birthPlaceCode: '00004' });
  });

  it('keeps a corrected place of birth in the history', async () => {
    const updated = await updatePerson(t.ctx, badinh, child.pin, { birthFacility: 'Bệnh viện Bạch Mai', expectedVersion: child.version }, { reasonCode: 'record_correction', reasonNote: 'sửa nơi sinh theo giấy chứng sinh' });
    const history = await getPersonHistory(t.ctx, badinh, child.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(history.versions.map((v) => v.data.birthFacility)).toEqual(['Bệnh viện Phụ sản Hà Nội', 'Bệnh viện Bạch Mai']);
    expect(updated.birthPlaceCode).toBe('00004');
    child = updated;
  });

  it('refuses a place of birth that is not a current commune', async () => {
    const err = await errorOf(registerBirth(t.ctx, badinh, { fullName: 'Bé Nơi Sinh Sai', birthDate: '2026-11-20', sex: 'F', ethnicity: '01', birthPlaceCode: '00004', birthAddressUnitCode: '99999', motherPin: mother.pin }, reason));
    expect(err).toMatchObject({ code: 'unit_not_found', field: 'birthAddressUnitCode' });
  });

  it('refuses a nationality that is not in the list, and lists Viet Nam first', async () => {
    const err = await errorOf(registerBirth(t.ctx, badinh, { fullName: 'Bé Quốc Tịch Sai', birthDate: '2026-11-20', sex: 'F', ethnicity: '01', nationality: 'XX', birthPlaceCode: '00004', motherPin: mother.pin }, reason));
    expect(err).toMatchObject({ code: 'nationality_invalid', field: 'nationality' });
    const list = referenceLists().nationalities;
    expect(list[0]).toEqual({ code: 'VN', vi: 'Việt Nam', en: 'Viet Nam' });
    expect(list.find((n) => n.code === 'LA')).toEqual({ code: 'LA', vi: 'Lào', en: 'Laos' });
    expect(list).toHaveLength(249);
  });

  it("lists the child on the mother's record, and the parents on the child's, by name", async () => {
    const ofMother = await getFamily(t.ctx, badinh, mother.pin, { code: 'official_lookup', note: 'xem gia đình' });
    expect(ofMother.children).toEqual([{ visible: true, pin: child.pin, fullName: 'Phan Minh Khôi', birthDate: '2026-11-20', sex: 'M', status: 'living' }]);
    const ofChild = await getFamily(t.ctx, badinh, child.pin, { code: 'official_lookup', note: 'xem gia đình' });
    expect(ofChild.mother).toMatchObject({ visible: true, pin: mother.pin, fullName: 'Đỗ Thị Mai Anh' });
    expect(ofChild.spouse).toBeNull();
  });

  it('shows a relative outside the area only as such: no PIN, name or date, and no access row', async () => {
    const ofChild = await getFamily(t.ctx, badinh, child.pin, { code: 'official_lookup', note: 'xem gia đình' });
    expect(ofChild.father).toEqual({ visible: false });
    const ofFather = await getFamily(t.ctx, ngocha, father.pin, { code: 'official_lookup', note: 'xem gia đình' });
    // The Ngọc Hà officer sees the father and that he has a child, who lives outside Ngọc Hà.
    expect(ofFather.children).toEqual([{ visible: false }]);
    await t.ctx.accessLog.drain();
    const asRelative = await accessRows(father.pin, 'person.read_as_relative');
    expect(asRelative.filter((r) => r.actor_id === 'o-badinh')).toEqual([]);
  });

  it('writes every relative shown to the access log with the purpose and whose family it was', async () => {
    await getFamily(t.ctx, badinh, mother.pin, { code: 'official_lookup', note: 'kiểm tra gia đình' });
    await t.ctx.accessLog.drain();
    expect(await accessRows(mother.pin, 'person.family.read')).toContainEqual(expect.objectContaining({ actor_id: 'o-badinh', purpose: 'official_lookup', detail: expect.objectContaining({ purposeNote: 'kiểm tra gia đình' }) }));
    expect(await accessRows(child.pin, 'person.read_as_relative')).toContainEqual(expect.objectContaining({ actor_id: 'o-badinh', purpose: 'official_lookup', detail: expect.objectContaining({ of: mother.pin, relation: 'child', purposeNote: 'kiểm tra gia đình' }) }));
  });

  it("records the birth on the household's own trail, so its members can be told", async () => {
    const rows = (await t.db.pool.query<{ action: string; detail: Record<string, unknown> }>("SELECT action, detail FROM audit_log WHERE chain = 'change' AND target_kind = 'household' AND target_id = $1 ORDER BY seq", [householdNo])).rows;
    expect(rows.at(-1)).toEqual({ action: 'household.member_added', detail: { pin: child.pin, relation: 'con', cause: 'birth' } });
    const details = await getPerson(t.ctx, badinh, child.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(details.residences[0]).toMatchObject({ kind: 'permanent', validFrom: '2026-11-20' });
  });

  it('answers the family over HTTP with a closed shape', async () => {
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const res = await app.inject({ url: `/api/people/${child.pin}/family`, headers: a.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ pin: child.pin, father: { visible: false }, mother: expect.objectContaining({ visible: true, fullName: 'Đỗ Thị Mai Anh' }), spouse: null, children: [] });
  });
});

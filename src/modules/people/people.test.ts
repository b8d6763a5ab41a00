import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { clerk, newHousehold, newPerson } from '../../../test/people-factory.js';
import { sealPending } from '../../kernel/audit-seal.js';
import { verifyAudit } from '../../kernel/audit-verify.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import { validatePin } from './pin.js';
import {
  addHouseholdMember,
  changeHouseholdHead,
  getHousehold,
  getPerson,
  getPersonHistory,
  listHeadlessHouseholds,
  recordResidence,
  reestablishPin,
  registerBirth,
  registerDeath,
  registerPerson,
  searchPeople,
  updatePerson,
} from './index.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
  t.clock.advance(Date.parse('2026-11-23T03:00:00Z') - t.clock.now().getTime());
});
afterAll(() => t.close());

const events = async (type: string) => (await t.db.pool.query('SELECT subject, payload FROM outbox_event WHERE type = $1 ORDER BY id', [type])).rows;
const rejects = async (p: Promise<unknown>, code: string, field?: string) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code, ...(field ? { field } : {}) });
};

describe('registering a person', () => {
  it('issues a PIN that agrees with birth year, sex and the birth province, and keeps version 1', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Trần Thị Hoa', birthDate: '1992-03-08', sex: 'F', birthPlaceCode: '79' });
    expect(p.pin).toMatch(/^079192\d{6}$/);
    expect(validatePin(p.pin, { birthYear: 1992, sex: 'F' }).valid).toBe(true);
    const history = await getPersonHistory(t.ctx, clerk, p.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(history.versions).toHaveLength(1);
    expect(history.versions[0]).toMatchObject({ version: 1, changedBy: clerk.id, reason: 'initial_registration', reasonNote: null });
    expect((await events('person.registered')).map((e) => e.subject)).toContain(p.pin);
  });

  it('keeps the precision of a partial birth date', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1948' });
    expect(p.birthDate).toBe('1948');
    expect(p.pin.slice(3, 6)).toBe('048');
  });

  it('reports every bad field at once and writes nothing', async () => {
    const before = (await t.db.pool.query('SELECT count(*)::int AS n FROM person')).rows[0].n;
    const err = await newPerson(t.ctx, { fullName: 'X', birthDate: '2031-01-01', ethnicity: '99', oldId9: '12' }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).errors.map((e) => e.field).sort()).toEqual(['birthDate', 'ethnicity', 'fullName', 'oldId9']);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM person')).rows[0].n).toBe(before);
  });

  it('refuses a given PIN that disagrees with the record, and a PIN issued before', async () => {
    await rejects(newPerson(t.ctx, { pin: '001080123456', birthDate: '1985-01-01', sex: 'M' }), 'pin_birth_year_mismatch', 'pin');
    const p = await newPerson(t.ctx, { pin: '001085123456', birthDate: '1985-01-01', sex: 'M' });
    expect(p.pin).toBe('001085123456');
    await rejects(newPerson(t.ctx, { pin: '001085123456', birthDate: '1985-01-01', sex: 'M' }), 'pin_already_issued', 'pin');
    // The refusal answered about the holder's record: an access row on that PIN names who asked.
    const answered = await t.db.pool.query<{ actor_id: string; detail: unknown }>("SELECT actor_id, detail FROM audit_log WHERE chain = 'access' AND action = 'person.pin_issued_answered' AND target_id = '001085123456'");
    expect(answered.rows).toEqual([{ actor_id: clerk.id, detail: { via: 'register' } }]);
  });

  it('returns the first result for a retried request id instead of creating twice', async () => {
    const input = { fullName: 'Lê Văn Lặp', birthDate: '1970-01-01', sex: 'M' as const, ethnicity: '01', unitCode: '00004' };
    const a = await registerPerson(t.ctx, clerk, input, { reasonCode: 'initial_registration', requestId: 'req-123456789' });
    const b = await registerPerson(t.ctx, clerk, input, { reasonCode: 'initial_registration', requestId: 'req-123456789' });
    expect(b.pin).toBe(a.pin);
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM person WHERE full_name = 'Lê Văn Lặp'")).rows[0].n).toBe(1);
  });

  it('issues distinct PINs under concurrency', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => newPerson(t.ctx, { birthDate: '2001-01-01', sex: 'F' })));
    expect(new Set(people.map((p) => p.pin)).size).toBe(12);
  });
});

describe('changing a person', () => {
  it('writes a new version with who, when and why, and refuses a stale version', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Phạm Văn Cũ' });
    const updated = await updatePerson(t.ctx, clerk, p.pin, { fullName: 'Phạm Văn Mới', expectedVersion: p.version }, { reasonCode: 'record_correction', reasonNote: 'sửa theo giấy khai sinh', dossier: 'HS-2026-0001' });
    expect(updated.version).toBe(p.version + 1);
    await rejects(updatePerson(t.ctx, clerk, p.pin, { fullName: 'Phạm Văn Khác', expectedVersion: p.version }, { reasonCode: 'record_correction' }), 'version_conflict', 'expectedVersion');
    const history = await getPersonHistory(t.ctx, clerk, p.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(history.versions.map((v) => [v.version, v.data.fullName, v.reason, v.reasonNote, v.dossier])).toEqual([
      [1, 'Phạm Văn Cũ', 'initial_registration', null, null],
      [2, 'Phạm Văn Mới', 'record_correction', 'sửa theo giấy khai sinh', 'HS-2026-0001'],
    ]);
  });

  it('keeps the spouse link on both records, with a version on each, and refuses a third party', async () => {
    const a = await newPerson(t.ctx, { fullName: 'Hoàng Văn Chồng', sex: 'M' });
    const b = await newPerson(t.ctx, { fullName: 'Lý Thị Vợ', sex: 'F', spousePin: a.pin });
    const readA = async () => (await getPerson(t.ctx, clerk, a.pin, { code: 'official_lookup', note: 'kiểm tra' })).person;
    expect(await readA()).toMatchObject({ spousePin: b.pin, version: a.version + 1 });
    const history = await getPersonHistory(t.ctx, clerk, a.pin, { code: 'official_lookup', note: 'kiểm tra' });
    // A's version carries B's change reason; its audit row names the record it follows.
    expect(history.versions.at(-1)).toMatchObject({ reason: 'initial_registration', reasonNote: null });
    const mirrored = await t.db.pool.query<{ purpose: string; detail: Record<string, unknown> }>("SELECT purpose, detail FROM audit_log WHERE action = 'person.update' AND target_id = $1", [a.pin]);
    expect(mirrored.rows).toEqual([{ purpose: 'initial_registration', detail: { changed: ['spousePin'], spouse: 'linked', followingRecordOf: b.pin } }]);

    const c = await newPerson(t.ctx, { fullName: 'Trịnh Thị Khác', sex: 'F' });
    await rejects(updatePerson(t.ctx, clerk, c.pin, { spousePin: a.pin, expectedVersion: c.version }, { reasonCode: 'marriage_registration' }), 'spouse_already_linked', 'spousePin');
    expect((await getPerson(t.ctx, clerk, c.pin, { code: 'official_lookup', note: 'kiểm tra' })).person).toMatchObject({ spousePin: null, version: c.version });

    await updatePerson(t.ctx, clerk, b.pin, { spousePin: null, expectedVersion: b.version }, { reasonCode: 'other', reasonNote: 'ly hôn theo bản án số 12/2026' });
    expect((await readA()).spousePin).toBeNull();
  });

  it('sends a birth-year change that breaks the PIN to re-establishment', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1980-05-17', sex: 'M' });
    await rejects(updatePerson(t.ctx, clerk, p.pin, { birthDate: '1981-05-17', expectedVersion: p.version }, { reasonCode: 'record_correction' }), 'pin_reestablishment_needed');
    const r = await reestablishPin(t.ctx, clerk, p.pin, { birthDate: '1981-05-17', expectedVersion: p.version }, { reasonCode: 'pin_reestablishment', reasonNote: 'năm sinh nhập sai' });
    expect(r.newPin.slice(3, 6)).toBe('081');
    const viaOld = await getPerson(t.ctx, clerk, p.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(viaOld).toMatchObject({ requestedPin: p.pin, replacedBy: r.newPin, person: { pin: r.newPin, birthDate: '1981-05-17' } });
    expect(viaOld.pins.find((x) => x.pin === p.pin)).toMatchObject({ status: 'cancelled', replacedBy: r.newPin });
    const history = await getPersonHistory(t.ctx, clerk, r.newPin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(history.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(r.person.version).toBe(2);
    // The cancelled number can never be given to anyone else.
    await rejects(newPerson(t.ctx, { pin: p.pin, birthDate: '1980-01-01', sex: 'M' }), 'pin_already_issued');
    const found = await searchPeople(t.ctx, clerk, { q: p.pin, page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    expect(found.items[0]).toMatchObject({ pin: r.newPin, replacedPin: p.pin });
  });
});

describe('search', () => {
  beforeAll(async () => {
    await newPerson(t.ctx, { fullName: 'Nguyễn Văn An', birthDate: '1990-02-03', oldId9: '012345678' });
    await newPerson(t.ctx, { fullName: 'Nguyễn Văn Anh', birthDate: '1991-02-03' });
    await newPerson(t.ctx, { fullName: 'Nguyễn Văn An', birthDate: '1975-07-01', unitCode: '00008' });
  });

  it('finds a name without diacritics, exact matches first', async () => {
    const r = await searchPeople(t.ctx, clerk, { q: 'nguyen van an', page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    expect(r.mode).toBe('name');
    expect(r.items.slice(0, 2).map((h) => h.fullName)).toEqual(['Nguyễn Văn An', 'Nguyễn Văn An']);
    expect(r.items.map((h) => h.fullName)).toContain('Nguyễn Văn Anh');
  });

  it('still ranks the person high with a typo', async () => {
    const r = await searchPeople(t.ctx, clerk, { q: 'nguyen van ahn', page: 1, pageSize: 5, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    expect(r.items.slice(0, 3).map((h) => h.fullName)).toContain('Nguyễn Văn An');
    const r2 = await searchPeople(t.ctx, clerk, { q: 'nguyn van an', page: 1, pageSize: 5, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    expect(r2.items[0]!.fullName).toBe('Nguyễn Văn An');
  });

  it('filters by birth year and unit, finds old ID numbers, and logs every person shown', async () => {
    const r = await searchPeople(t.ctx, clerk, { q: 'Nguyễn Văn An', birthYear: 1975, page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'xác minh' } });
    expect(r.items.map((h) => h.birthDate)).toEqual(['1975-07-01']);
    const u = await searchPeople(t.ctx, clerk, { q: 'nguyen van an', unitCode: '00008', page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'xác minh' } });
    expect(u.items.every((h) => h.unitCode === '00008')).toBe(true);
    const old = await searchPeople(t.ctx, clerk, { q: '012345678', page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'xác minh' } });
    expect(old).toMatchObject({ mode: 'old_id', total: 1 });
    const logged = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE chain = 'access' AND action = 'person.search_hit' AND purpose = 'official_lookup' AND detail->>'purposeNote' = 'xác minh'");
    expect(logged.rows[0].n).toBe(3);
  });

  it('pages results', async () => {
    const a = await searchPeople(t.ctx, clerk, { q: 'nguyen van an', page: 1, pageSize: 1, purpose: { code: 'official_lookup', note: 'x' } });
    const b = await searchPeople(t.ctx, clerk, { q: 'nguyen van an', page: 2, pageSize: 1, purpose: { code: 'official_lookup', note: 'x' } });
    expect(a.total).toBeGreaterThanOrEqual(3);
    expect(a.items[0]!.pin).not.toBe(b.items[0]!.pin);
  });

  it('finds by a single word as a prefix, with a bounded count', async () => {
    const r = await searchPeople(t.ctx, clerk, { q: 'nguyen', page: 1, pageSize: 2, purpose: { code: 'official_lookup', note: 'x' } });
    expect(r.items).toHaveLength(2);
    expect(r.items.every((h) => h.fullName.startsWith('Nguyễn'))).toBe(true);
    expect(r.total).toBeGreaterThanOrEqual(3);
    expect(r.totalCapped).toBe(false);
  });

  it('refuses a query too short to mean anything', async () => {
    await rejects(searchPeople(t.ctx, clerk, { q: 'a', page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'x' } }), 'query_too_short', 'q');
    await rejects(searchPeople(t.ctx, clerk, { q: 'nguyen 1988', page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'x' } }), 'query_too_short', 'q');
  });

  describe('the easy typos', () => {
    let lan: { pin: string };
    beforeAll(async () => {
      lan = await newPerson(t.ctx, { fullName: 'Nguyễn Thị Lan', birthDate: '1988-03-12', sex: 'F' });
      // Namesakes a letter away, and Lan's own namesake in another commune.
      await newPerson(t.ctx, { fullName: 'Nguyễn Thị La', birthDate: '1988-05-01', sex: 'F' });
      await newPerson(t.ctx, { fullName: 'Nguyễn Thị Lan', birthDate: '1960-01-01', sex: 'F', unitCode: '00008' });
      await newPerson(t.ctx, { fullName: 'Trần Văn Minh', birthDate: '1995-09-21' });
    });
    const first = async (q: string, birthYear?: number) => {
      const r = await searchPeople(t.ctx, clerk, { q, ...(birthYear ? { birthYear } : {}), page: 1, pageSize: 10, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
      return r.items;
    };

    it('counts two swapped letters as one edit, even in a three-letter name', async () => {
      const hits = await first('nguyen thi lna', 1988);
      expect(hits[0]).toMatchObject({ pin: lan.pin, match: 'close', rank: 2 });
      expect((await first('tran van mihn'))[0]).toMatchObject({ fullName: 'Trần Văn Minh', match: 'close' });
      expect((await first('ngyuen thi lan', 1988))[0]).toMatchObject({ pin: lan.pin, match: 'close' });
    });

    it('reads words typed in Telex or VNI with the input method off', async () => {
      for (const q of ['nguyeenx thij lan', 'nguye6n4 thi5 lan', 'Nguyeenx Thij Lan', 'nguyễn thij lan']) {
        expect((await first(q, 1988))[0], q).toMatchObject({ pin: lan.pin, match: 'marks', rank: 2 - (q.includes('ễ') ? 1 : 0) });
      }
      expect((await first('traafn vawn minh'))[0]).toMatchObject({ fullName: 'Trần Văn Minh', match: 'marks' });
    });

    it('finds a name whose spaces were lost, added or moved', async () => {
      for (const q of ['nguyenthi lan', 'nguyen thil an', 'nguyenthilan', 'ngu yen thi lan']) {
        expect((await first(q, 1988))[0], q).toMatchObject({ pin: lan.pin, match: 'spacing', rank: 1 });
      }
      expect((await first('tranvan minh'))[0]).toMatchObject({ fullName: 'Trần Văn Minh', match: 'spacing' });
    });

    it('still finds names without diacritics first, exactly', async () => {
      const hits = await first('nguyen thi lan');
      expect(hits.slice(0, 2).map((h) => [h.fullName, h.match, h.rank])).toEqual([
        ['Nguyễn Thị Lan', 'exact', 0],
        ['Nguyễn Thị Lan', 'exact', 0],
      ]);
    });

    it('finds a name with a letter left out when commoner names one edit away have more namesakes', async () => {
      // "nguyen thi ao" is one edit from Ái (a slip of the neighbouring key), Ân (a far key) and
      // Đào (the "d" left out). Before, the commoner Ái and Ân filled the first page; now a far-key
      // guess comes after the likelier ones, and each guess shows three people before the next.
      const ai = [];
      for (let i = 0; i < 12; i++) {
        await newPerson(t.ctx, { fullName: 'Nguyễn Thị Ân', birthDate: `1970-01-${String(i + 1).padStart(2, '0')}`, sex: 'F' });
        ai.push(await newPerson(t.ctx, { fullName: 'Nguyễn Thị Ái', birthDate: `1970-02-${String(i + 1).padStart(2, '0')}`, sex: 'F' }));
      }
      const dao = await newPerson(t.ctx, { fullName: 'Nguyễn Thị Đào', birthDate: '1970-06-30', sex: 'F' });
      const page1 = await searchPeople(t.ctx, clerk, { q: 'nguyen thi ao', birthYear: 1970, page: 1, pageSize: 10, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
      expect(page1.items.map((h) => h.pin)).toContain(dao.pin);
      expect(page1.items.every((h) => h.match === 'close' && h.rank === 2)).toBe(true);
      // Ái (commoner) and Đào (as likely a slip), Ân (a far key) last; then the rest of Ái.
      const given = (n: number, name: string) => new Array<string>(n).fill(`Nguyễn Thị ${name}`);
      expect(page1.items.map((h) => h.fullName)).toEqual([...given(3, 'Ái'), 'Nguyễn Thị Đào', ...given(3, 'Ân'), ...given(3, 'Ái')]);
      // The rest of each guess follows on later pages, each person once.
      const rest = [];
      for (let page = 2; page <= 3; page++) rest.push(...(await searchPeople(t.ctx, clerk, { q: 'nguyen thi ao', birthYear: 1970, page, pageSize: 10, purpose: { code: 'official_lookup', note: 'kiểm tra' } })).items);
      const all = [...page1.items, ...rest].map((h) => h.pin);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining(ai.map((p) => p.pin)));
      expect(page1.total).toBe(25);
    });

    it('stays in the officer scope and logs every person a fuzzy search shows', async () => {
      const officer = (unitCode: string): OfficerActor => ({ kind: 'officer', id: `o-${unitCode}`, username: 'x', role: 'commune_officer', unitLevel: 'commune', unitCode, provinceCode: '01' });
      const ngocHa = await searchPeople(t.ctx, officer('00008'), { q: 'nguyeenx thil an', page: 1, pageSize: 10, purpose: { code: 'official_lookup', note: 'phạm vi' } });
      expect(ngocHa.items.map((h) => [h.birthDate, h.unitCode])).toEqual([['1960-01-01', '00008']]);
      const none = await searchPeople(t.ctx, officer('00008'), { q: 'nguyen thi lna', birthYear: 1988, page: 1, pageSize: 10, purpose: { code: 'official_lookup', note: 'phạm vi' } });
      expect(none.items).toEqual([]);
      const logged = await t.db.pool.query("SELECT target_id FROM audit_log WHERE chain = 'access' AND action = 'person.search_hit' AND detail->>'purposeNote' = 'phạm vi'");
      expect(logged.rows.map((r) => r.target_id)).toEqual([ngocHa.items[0]!.pin]);
    });
  });
});

describe('households and residence', () => {
  it('creates a household with one adult head; members get a permanent residence there', async () => {
    const head = await newPerson(t.ctx, { fullName: 'Đỗ Văn Chủ', birthDate: '1970-01-01' });
    const wife = await newPerson(t.ctx, { fullName: 'Vũ Thị Vợ', birthDate: '1972-01-01', sex: 'F' });
    const h = await newHousehold(t.ctx, head, [{ person: wife, relation: 'vo' }]);
    expect(h).toMatchObject({ headPin: head.pin, headless: false, unitCode: '00004' });
    expect(h.members.map((m) => [m.pin, m.relation])).toEqual([[head.pin, 'chu_ho'], [wife.pin, 'vo']]);
    const d = await getPerson(t.ctx, clerk, wife.pin, { code: 'official_lookup', note: 'kiểm tra' });
    expect(d.residences.filter((r) => r.kind === 'permanent' && r.validTo === null)).toHaveLength(1);
    expect(d.residences[0]).toMatchObject({ unitName: 'Phường Ba Đình, Thành phố Hà Nội', currentExact: true });
    expect(d.household).toMatchObject({ householdNo: h.householdNo, relation: 'vo' });
  });

  it('refuses a minor head without a reason, and a person in two households', async () => {
    const child = await newPerson(t.ctx, { birthDate: '2015-01-01' });
    await rejects(newHousehold(t.ctx, child), 'head_not_adult', 'headPin');
    const head = await newPerson(t.ctx, { birthDate: '1960-01-01' });
    await newHousehold(t.ctx, head);
    await rejects(newHousehold(t.ctx, head), 'already_in_household', 'headPin');
  });

  it('keeps exactly one open permanent residence, and temporary residence needs an end within two years', async () => {
    const p = await newPerson(t.ctx);
    const h1 = await newHousehold(t.ctx, p);
    const other = await newPerson(t.ctx, { birthDate: '1950-01-01' });
    const h2 = await newHousehold(t.ctx, other);
    await rejects(addHouseholdMember(t.ctx, clerk, h2.householdNo, { pin: p.pin, relation: 'con', validFrom: '2024-01-01' }, { reasonCode: 'residence_registration' }), 'already_in_household', 'pin');
    await rejects(recordResidence(t.ctx, clerk, p.pin, { kind: 'temporary', unitCode: '00008', address: 'Số 1 phố Huế', validFrom: '2026-01-01' }, { reasonCode: 'residence_registration' }), 'planned_end_required', 'plannedEnd');
    await rejects(recordResidence(t.ctx, clerk, p.pin, { kind: 'temporary', unitCode: '00008', address: 'Số 1 phố Huế', validFrom: '2026-01-01', plannedEnd: '2029-01-01' }, { reasonCode: 'residence_registration' }), 'temporary_too_long');
    const res = await recordResidence(t.ctx, clerk, p.pin, { kind: 'temporary', unitCode: '00008', address: 'Số 1 phố Huế', validFrom: '2026-01-01', plannedEnd: '2027-01-01' }, { reasonCode: 'residence_registration' });
    expect(res.filter((r) => r.validTo === null).map((r) => r.kind).sort()).toEqual(['permanent', 'temporary']);
    expect(h1.headPin).toBe(p.pin);
  });

  it('changes the head and keeps the old head as a member', async () => {
    const head = await newPerson(t.ctx, { birthDate: '1940-01-01' });
    const son = await newPerson(t.ctx, { birthDate: '1968-01-01' });
    const h = await newHousehold(t.ctx, head, [{ person: son, relation: 'con' }]);
    const after = await changeHouseholdHead(t.ctx, clerk, h.householdNo, { newHeadPin: son.pin, formerHeadRelation: 'cha', validFrom: '2026-06-01' }, { reasonCode: 'household_change' });
    expect(after.headPin).toBe(son.pin);
    const open = after.members.filter((m) => m.validTo === null).map((m) => [m.pin, m.relation]);
    expect(open).toEqual(expect.arrayContaining([[son.pin, 'chu_ho'], [head.pin, 'cha']]));
  });
});

describe('life events', () => {
  it('registers a birth: new PIN, parents linked, joins the household as the right relation', async () => {
    const father = await newPerson(t.ctx, { fullName: 'Hoàng Văn Bố', birthDate: '1990-01-01' });
    const mother = await newPerson(t.ctx, { fullName: 'Ngô Thị Mẹ', birthDate: '1993-01-01', sex: 'F' });
    const h = await newHousehold(t.ctx, father, [{ person: mother, relation: 'vo' }]);
    const born = await registerBirth(t.ctx, clerk, { fullName: 'Hoàng Minh Con', birthDate: '2026-11-20', sex: 'M', ethnicity: '01', birthPlaceCode: '00004', fatherPin: father.pin, motherPin: mother.pin }, { reasonCode: 'birth_registration', requestId: 'birth-req-0001' });
    expect(born.person.pin).toMatch(/^001226\d{6}$/);
    expect(born).toMatchObject({ householdNo: h.householdNo, relation: 'con', person: { fatherPin: father.pin, motherPin: mother.pin } });
    const again = await registerBirth(t.ctx, clerk, { fullName: 'Hoàng Minh Con', birthDate: '2026-11-20', sex: 'M', ethnicity: '01', birthPlaceCode: '00004', fatherPin: father.pin, motherPin: mother.pin }, { reasonCode: 'birth_registration', requestId: 'birth-req-0001' });
    expect(again.person.pin).toBe(born.person.pin);
    expect((await events('person.born')).map((e) => e.subject)).toEqual([born.person.pin]);
    const hh = await getHousehold(t.ctx, clerk, h.householdNo, { code: 'official_lookup', note: 'kiểm tra' });
    expect(hh.members.map((m) => m.pin)).toContain(born.person.pin);
  });

  it('refuses a birth without a parent, or with the parents swapped', async () => {
    await rejects(registerBirth(t.ctx, clerk, { fullName: 'Trẻ Không Cha Mẹ', birthDate: '2026-11-01', sex: 'F', ethnicity: '01', birthPlaceCode: '00004' }, { reasonCode: 'birth_registration' }), 'parent_required');
    const man = await newPerson(t.ctx);
    await rejects(registerBirth(t.ctx, clerk, { fullName: 'Trẻ Em', birthDate: '2026-11-01', sex: 'F', ethnicity: '01', birthPlaceCode: '00004', motherPin: man.pin }, { reasonCode: 'birth_registration' }), 'parent_sex_mismatch', 'motherPin');
  });

  it('registers a death: closes residence and membership, flags the headless household, locks the record', async () => {
    const head = await newPerson(t.ctx, { fullName: 'Bùi Văn Mất', birthDate: '1930' });
    const daughter = await newPerson(t.ctx, { birthDate: '1960-01-01', sex: 'F' });
    const h = await newHousehold(t.ctx, head, [{ person: daughter, relation: 'con' }]);
    const r = await registerDeath(t.ctx, clerk, { pin: head.pin, deathDate: '2026-11' }, { reasonCode: 'death_registration' });
    expect(r).toMatchObject({ closedResidences: 1, headlessHouseholdNo: h.householdNo, person: { status: 'deceased', deathDate: '2026-11' } });
    const hh = await getHousehold(t.ctx, clerk, h.householdNo, { code: 'official_lookup', note: 'kiểm tra' });
    expect(hh).toMatchObject({ headless: true, headPin: null });
    expect(hh.members.find((m) => m.pin === head.pin)!.validTo).toBe('2026-11-01');
    const list = await listHeadlessHouseholds(t.ctx, clerk, { page: 1, pageSize: 100 });
    expect(list.items.map((x) => x.householdNo)).toContain(h.householdNo);
    await rejects(updatePerson(t.ctx, clerk, head.pin, { fullName: 'Đổi Tên', expectedVersion: r.person.version }, { reasonCode: 'record_correction' }), 'person_deceased');
    await rejects(registerDeath(t.ctx, clerk, { pin: head.pin, deathDate: '2026-11-02' }, { reasonCode: 'death_registration' }), 'person_deceased');
    expect((await events('person.died')).map((e) => e.subject)).toContain(head.pin);
  });
});

it('leaves an audit log that seals and verifies after all of the above', async () => {
  const sealed = await sealPending(t.db, { keys: t.ctx.keys, now: () => t.clock.now() });
  expect(sealed.rows).toBeGreaterThan(0);
  expect(await verifyAudit(t.db.pool, { full: true })).toMatchObject({ ok: true, unsealed: { rows: 0 } });
});

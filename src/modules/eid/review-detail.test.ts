import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolLevel1 } from '../../../test/eid-helpers.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../../kernel/http.js';
import { pairAttempts } from './review-detail.js';

let t: TestContext;
let app: App;
beforeAll(async () => {
  t = await testContext({ devMessages: true, rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
afterAll(() => t.close());

describe('pairAttempts', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 8, m));
  it('gives each photo the first review after it and before the next photo, newest first', () => {
    const attempts = pairAttempts(
      [{ id: 'b', at: at(30) }, { id: 'a', at: at(0) }, { id: 'c', at: at(50) }],
      [
        { at: at(10), decision: 'rejected', note: 'Ảnh mờ', by: 'X' },
        { at: at(20), decision: 'approved', note: null, by: 'late' },
        { at: at(40), decision: 'rejected', note: 'Không phải người này', by: 'Y' },
      ],
    );
    expect(attempts.map((a) => [a.photoId, a.decision, a.note, a.decidedBy, a.current])).toEqual([
      ['c', null, null, null, true],
      ['b', 'rejected', 'Không phải người này', 'Y', false],
      ['a', 'rejected', 'Ảnh mờ', 'X', false],
    ]);
    expect(pairAttempts([], [])).toEqual([]);
  });
});

interface ReviewFile {
  account: { id: string; status: string };
  person: { pin: string; fullName: string; address: string | null; householdNo: string | null; unitCode: string | null };
  attempts: Array<{ photoId: string; decision: string | null; note: string | null; decidedBy: string | null; current: boolean }>;
  inPerson: unknown[];
}

describe('the review file of an enrolment', () => {
  it('shows the record summary, every attempt with its decision and note, logs the read, and hides other units\' accounts', async () => {
    const person = await newPerson(t.ctx, { fullName: 'Đỗ Thị Hương', birthDate: '1990-04-12', sex: 'F' });
    const household = await newHousehold(t.ctx, person);
    const phone = '0912000777';
    const ident = { pin: person.pin, fullName: person.fullName, birthDate: person.birthDate };
    const id = await enrolLevel1(app, t.ctx, ident, phone);
    const officer = await login(app, 'cb.phuongbadinh');
    const reject = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'rejected', note: 'Ảnh bị lóa, chụp lại' } });
    expect(reject.statusCode, reject.body).toBe(200);
    t.clock.advance(60_000);
    expect(await enrolLevel1(app, t.ctx, ident, phone)).toBe(id);

    const res = await app.inject({ url: `/api/eid/accounts/${id}/review-file`, headers: officer.headers });
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json() as ReviewFile;
    expect(file.account).toMatchObject({ id, status: 'pending_verification' });
    expect(file.person).toMatchObject({ pin: person.pin, fullName: 'Đỗ Thị Hương', unitCode: '00004', householdNo: household.householdNo });
    expect(file.attempts.map((a) => [a.decision, a.note, a.current])).toEqual([
      [null, null, true],
      ['rejected', 'Ảnh bị lóa, chụp lại', false],
    ]);
    expect(file.attempts[1]!.decidedBy).toBe('Nguyễn Văn Bình (cb.phuongbadinh)');
    expect(file.inPerson).toEqual([]);

    // The person read is on the person's access log, with its purpose.
    const logged = await t.db.pool.query<{ purpose: string }>("SELECT purpose FROM audit_log WHERE chain = 'access' AND action = 'person.read' AND target_id = $1", [person.pin]);
    expect(logged.rows.map((r) => r.purpose)).toContain('eid_enrolment_review');

    // An earlier attempt's photo is served too (and logged); an unknown photo id is not found.
    const old = await app.inject({ url: `/api/eid/accounts/${id}/photo?photoId=${file.attempts[1]!.photoId}`, headers: officer.headers });
    expect(old.statusCode).toBe(200);
    expect(old.headers['content-type']).toBe('image/jpeg');
    expect((await app.inject({ url: `/api/eid/accounts/${id}/photo?photoId=nope`, headers: officer.headers })).statusCode).toBe(404);

    // Another commune's officer: the same answer as for an account that does not exist.
    const other = await login(app, 'cb.phuongngocha');
    const hidden = await app.inject({ url: `/api/eid/accounts/${id}/review-file`, headers: other.headers });
    const missing = await app.inject({ url: '/api/eid/accounts/00000000-0000-4000-8000-000000000000/review-file', headers: other.headers });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInstance, type TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from './context.js';
import { login } from './login.js';
import { newPerson } from './people-factory.js';
import { seedDemo } from '../src/demo.js';
import { loadCommunesForGenerator, writePopulation } from '../src/modules/people/generator/index.js';
import { importPeople } from '../src/modules/people/index.js';
import en from '../src/web/i18n/en.json' with { type: 'json' };
import vi from '../src/web/i18n/vi.json' with { type: 'json' };
import { purposeText } from '../src/web/purposes.js';
import { systemActor } from '../src/kernel/actor.js';

/** The web app's own label lookup, in one language. */
async function translator(lng: 'vi' | 'en'): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { vi: { translation: vi }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

describe('change reasons over HTTP', () => {
  let t: TestContext;
  let tVi: TFunction;
  let tEn: TFunction;
  beforeAll(async () => {
    t = await testContext();
    await seedDemo(t.ctx, { population: false });
    tVi = await translator('vi');
    tEn = await translator('en');
  });
  afterAll(() => t.close());

  it('stores a picked reason as its code, the note apart, and the history shows the label in either language', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx, {});
    const res = await app.inject({ method: 'PATCH', url: `/api/people/${p.pin}`, headers: officer.headers, payload: { identifyingMarks: 'Sẹo nhỏ ở cằm', expectedVersion: p.version, reasonCode: 'record_correction', reasonNote: 'theo tờ khai CT01 số 7' } });
    expect(res.statusCode).toBe(200);
    const stored = await t.db.pool.query<{ reason: string; reason_note: string | null }>('SELECT v.reason, v.reason_note FROM person_version v JOIN person p ON p.id = v.person_id WHERE p.pin = $1 ORDER BY v.version DESC LIMIT 1', [p.pin]);
    expect(stored.rows).toEqual([{ reason: 'record_correction', reason_note: 'theo tờ khai CT01 số 7' }]);
    const audit = await t.db.pool.query<{ purpose: string; note: string | null }>("SELECT purpose, detail->>'purposeNote' AS note FROM audit_log WHERE action = 'person.update' AND target_id = $1", [p.pin]);
    expect(audit.rows).toEqual([{ purpose: 'record_correction', note: 'theo tờ khai CT01 số 7' }]);

    const history = (await app.inject({ url: `/api/people/${p.pin}/history`, headers: officer.headers })).json() as { versions: Array<{ version: number; reason: string; reasonNote: string | null }> };
    const last = history.versions.at(-1)!;
    expect(last).toMatchObject({ reason: 'record_correction', reasonNote: 'theo tờ khai CT01 số 7' });
    expect(purposeText(tVi, last.reason)).toBe('Điều chỉnh thông tin theo giấy tờ');
    expect(purposeText(tEn, last.reason)).toBe('Correction from documents');
    // The audit viewer's API carries the same code.
    const viewer = await app.inject({ url: `/api/audit?targetId=${p.pin}&chain=change&action=person.update`, headers: (await login(app, 'admin')).headers });
    expect(viewer.statusCode).toBe(200);
    expect((viewer.json() as { items: Array<{ purpose: string | null }> }).items.map((i) => purposeText(tVi, i.purpose))).toEqual(['Điều chỉnh thông tin theo giấy tờ']);
  });

  it('answers an unknown code, a bare other and a free-text reason with a 400 naming the field, and writes nothing', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx, {});
    const patch = (body: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/people/${p.pin}`, headers: officer.headers, payload: { identifyingMarks: 'Nốt ruồi', expectedVersion: p.version, ...body } });
    const unknown = await patch({ reasonCode: 'because_i_said_so' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'not_allowed', field: 'reasonCode' });
    // A system-only reason is not the officer's to pick.
    expect((await patch({ reasonCode: 'bulk_import' })).json()).toMatchObject({ code: 'not_allowed', field: 'reasonCode' });
    const bare = await patch({ reasonCode: 'other', reasonNote: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json()).toMatchObject({ code: 'reason_note_required', field: 'reasonNote' });
    const old = await patch({ reason: 'sửa theo giấy khai sinh' });
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({ code: 'reason_is_code', field: 'reason' });
    expect((old.json() as { detail: string }).detail).toContain('reasonCode');
    const versions = await t.db.pool.query('SELECT 1 FROM person_version v JOIN person p ON p.id = v.person_id WHERE p.pin = $1 AND v.version > $2', [p.pin, p.version]);
    expect(versions.rowCount).toBe(0);
    // `other` with the officer's words is accepted.
    expect((await patch({ reasonCode: 'other', reasonNote: 'theo bản án số 12/2026' })).statusCode).toBe(200);
  });

  it('a birth without a reason gets its own code', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const mother = await newPerson(t.ctx, { sex: 'F', birthDate: '1990-01-01' });
    const res = await app.inject({ method: 'POST', url: '/api/births', headers: officer.headers, payload: { fullName: 'Lê Minh Khôi', birthDate: '2025-02-14', sex: 'M', ethnicity: '01', birthPlaceCode: '00004', birthFacility: 'Bệnh viện Phụ sản Hà Nội', motherPin: mother.pin } });
    expect(res.statusCode, res.body).toBe(201);
    const pin = (res.json() as { person: { pin: string } }).person.pin;
    const history = (await app.inject({ url: `/api/people/${pin}/history`, headers: officer.headers })).json() as { versions: Array<{ reason: string }> };
    expect(history.versions.map((v) => purposeText(tVi, v.reason))).toEqual(['Đăng ký khai sinh']);
  });

  it('an imported person’s history says “Nhập dữ liệu hàng loạt” in Vietnamese, not “bulk import”', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-reason-import-'));
    try {
      const communes = loadCommunesForGenerator('data/admin-units').filter((c) => c.code === '00004');
      await writePopulation({ people: 20, seed: 'reasons', communes, defects: { duplicateRate: 0, wrongPinRate: 0, headlessHouseholdRate: 0 } }, dir);
      await importPeople(t.ctx, systemActor('test-import'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), chunkSize: 100 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const imported = await t.db.pool.query<{ pin: string }>('SELECT pin FROM person WHERE import_batch_id IS NOT NULL AND status = $1 LIMIT 1', ['living']);
    const pin = imported.rows[0]!.pin;
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const history = (await app.inject({ url: `/api/people/${pin}/history`, headers: officer.headers })).json() as { versions: Array<{ reason: string }> };
    expect(history.versions).toHaveLength(1);
    expect(history.versions[0]!.reason).toBe('bulk_import');
    expect(`${tVi('forms.reason')}: ${purposeText(tVi, history.versions[0]!.reason)}`).toBe('Lý do: Nhập dữ liệu hàng loạt');
    expect(purposeText(tEn, history.versions[0]!.reason)).toBe('Bulk import');
  });
});

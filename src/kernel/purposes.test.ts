import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { login } from '../../test/login.js';
import { newPerson } from '../../test/people-factory.js';
import { seedDemo } from '../demo.js';
import en from '../web/i18n/en.json' with { type: 'json' };
import vi from '../web/i18n/vi.json' with { type: 'json' };
import { CHANGE_REASONS, EID_LOCK_REASONS, LEGACY_TEXTS, OFFICER_CHANGE_REASON_CODES, OFFICER_READ_PURPOSE_CODES, normalisePurpose, purposeLabel, READ_PURPOSES } from './purposes.js';

const MIGRATION = path.resolve(import.meta.dirname, '..', '..', 'migrations', '0090-map-reason-texts-to-codes.sql');

describe('purpose and reason codes', () => {
  it('have one label per language, the same in the kernel and the web app', () => {
    const all = { ...READ_PURPOSES, ...CHANGE_REASONS, ...EID_LOCK_REASONS };
    expect(Object.keys(READ_PURPOSES).filter((c) => c in CHANGE_REASONS || c in EID_LOCK_REASONS)).toEqual([]);
    // Lock reasons share only `other` (one label) with the change reasons.
    expect(Object.keys(EID_LOCK_REASONS).filter((c) => c in CHANGE_REASONS)).toEqual(['other']);
    expect(EID_LOCK_REASONS.other).toEqual(CHANGE_REASONS.other);
    expect(vi.purposes).toEqual(Object.fromEntries(Object.entries(all).map(([c, l]) => [c, l.vi])));
    expect(en.purposes).toEqual(Object.fromEntries(Object.entries(all).map(([c, l]) => [c, l.en])));
    for (const l of Object.values(all)) expect(l.vi).not.toBe(l.en);
  });

  it('map the texts written before codes to their code, and keep other free text as written', () => {
    expect(normalisePurpose('tra cứu nghiệp vụ / official lookup')).toBe('official_lookup');
    expect(normalisePurpose('bulk import')).toBe('bulk_import');
    expect(normalisePurpose('Cung cấp thông tin cho dịch vụ đăng nhập bằng định danh điện tử (profile, pin), theo đồng ý của công dân')).toBe('eid_service_login');
    expect(normalisePurpose('official_lookup')).toBe('official_lookup');
    expect(normalisePurpose('theo đơn của công dân')).toBe('theo đơn của công dân');
    expect(normalisePurpose(null)).toBeNull();
    expect(purposeLabel('tra cứu nghiệp vụ / official lookup')).toEqual({ vi: 'Tra cứu nghiệp vụ', en: 'Official lookup' });
    expect(purposeLabel('bulk import')).toEqual({ vi: 'Nhập dữ liệu hàng loạt', en: 'Bulk import' });
    expect(purposeLabel('tự ghi')).toEqual({ vi: 'tự ghi', en: 'tự ghi' });
    // A code's name inherited from Object.prototype is not a code.
    expect(normalisePurpose('constructor')).toBe('constructor');
  });

  it('offer officers every reason and lookup purpose but the ones the system writes itself', () => {
    expect(OFFICER_CHANGE_REASON_CODES).not.toContain('bulk_import');
    expect(OFFICER_CHANGE_REASON_CODES).not.toContain('demo_data');
    expect(OFFICER_CHANGE_REASON_CODES).toContain('other');
    for (const c of OFFICER_READ_PURPOSE_CODES) expect(c in READ_PURPOSES).toBe(true);
    expect(normalisePurpose('eid_device_lost')).toBe('eid_device_lost');
    expect(purposeLabel('eid_device_lost')).toEqual({ vi: 'Mất điện thoại hoặc thiết bị đăng nhập', en: 'Phone or login device lost' });
  });
});

describe('purposes in the database and over HTTP', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testContext();
    await seedDemo(t.ctx, { population: false });
  });
  afterAll(() => t.close());

  it('migration 0090 knows exactly the old texts the kernel maps', async () => {
    const rows = (await t.db.pool.query<{ legacy_text: string; code: string }>('SELECT legacy_text, code FROM purpose_legacy_text')).rows;
    expect(Object.fromEntries(rows.map((r) => [r.legacy_text, r.code]))).toEqual(LEGACY_TEXTS);
  });

  it('migration 0090 rewrites old reason texts to codes in the history, leaving officers’ words alone', async () => {
    const p = await newPerson(t.ctx, {});
    const id = (await t.db.pool.query<{ id: string }>('SELECT id FROM person WHERE pin = $1', [p.pin])).rows[0]!.id;
    await t.db.pool.query(
      `INSERT INTO person_version (person_id, version, data, changed_at, changed_by, reason) VALUES ($1, 90, '{}', now(), 'system', 'bulk import'), ($1, 91, '{}', now(), 'system', 'sửa theo giấy khai sinh')`,
      [id],
    );
    // The migration's rewrite is idempotent: run its statements again over the rows just written.
    const updates = fs.readFileSync(MIGRATION, 'utf8').split('\n').filter((l) => l.startsWith('UPDATE '));
    expect(updates).toHaveLength(4);
    for (const sql of updates) await t.db.pool.query(sql);
    const after = (await t.db.pool.query<{ version: number; reason: string }>('SELECT version, reason FROM person_version WHERE person_id = $1 AND version >= 90 ORDER BY version', [id])).rows;
    expect(after).toEqual([
      { version: 90, reason: 'bulk_import' },
      { version: 91, reason: 'sửa theo giấy khai sinh' },
    ]);
  });

  it('an officer read takes a purpose code and an optional note, kept apart in the access log', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx, {});
    const read = await app.inject({ url: `/api/people/${p.pin}?purpose=residence_verification&purposeNote=${encodeURIComponent('đơn số 15/2026')}`, headers: officer.headers });
    expect(read.statusCode).toBe(200);
    const plain = await app.inject({ url: `/api/people/${p.pin}/history`, headers: officer.headers });
    expect(plain.statusCode).toBe(200);
    await t.ctx.accessLog.drain();
    const rows = (await t.db.pool.query<{ action: string; purpose: string; note: string | null }>("SELECT action, purpose, detail->>'purposeNote' AS note FROM audit_log WHERE chain = 'access' AND target_id = $1 ORDER BY seq", [p.pin])).rows;
    expect(rows).toEqual([
      { action: 'person.read', purpose: 'residence_verification', note: 'đơn số 15/2026' },
      { action: 'person.history.read', purpose: 'official_lookup', note: null },
    ]);
  });

  it('a purpose outside the list is a 400 naming the field, and nothing is read', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx, {});
    const res = await app.inject({ url: `/api/people/${p.pin}?purpose=${encodeURIComponent('tra cứu nghiệp vụ')}`, headers: officer.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'purpose' });
    await t.ctx.accessLog.drain();
    expect((await t.db.pool.query("SELECT 1 FROM audit_log WHERE chain = 'access' AND target_id = $1", [p.pin])).rowCount).toBe(0);
  });

  it('the history shows an imported person’s reason as a code', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx, {});
    const history = (await app.inject({ url: `/api/people/${p.pin}/history`, headers: officer.headers })).json() as { versions: Array<{ reason: string }> };
    for (const v of history.versions) expect(v.reason).not.toMatch(/^(bulk import|birth registration|death registration)$/);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { ADJUST_MARKS, JPEG, PDF, PNG } from '../../../test/dossier-procedures.js';
import { citizenLogin } from '../../../test/eid-helpers.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../../kernel/http.js';

/**
 * The dossier API as a browser or another system calls it: filing, the queue, actions with
 * their conflicts as problem+json, attachments (type by magic bytes, size limit, SHA-256,
 * access-logged reads, tampering caught), and a citizen's own dossiers.
 */
let t: TestContext;
let app: App;
let badinh: LoggedIn;
let ngocha: LoggedIn;
let admin: LoggedIn;
let logins: Awaited<ReturnType<typeof seedDemo>>;
const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-dossier-files-'));
const MAX = 64 * 1024;

beforeAll(async () => {
  t = await testContext({ attachmentsDir, attachmentMaxBytes: MAX, rateLimitScale: 1000, devMessages: true });
  logins = await seedDemo(t.ctx, { population: false });
  app = await t.app();
  badinh = await login(app, 'cb.phuongbadinh');
  ngocha = await login(app, 'cb.phuongngocha');
  admin = await login(app, 'admin');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(attachmentsDir, { recursive: true, force: true });
});

let n = 0;
async function fileFor(pin: string, who = badinh) {
  const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: who.headers, payload: { procedure: ADJUST_MARKS.code, applicantPin: pin, unitCode: '00004', channel: 'counter', requestId: `route-test-${++n}`, form: { identifyingMarks: 'Sẹo ở cằm', witnesses: [] } } });
  return res;
}
const upload = (id: string, bytes: Buffer, who = badinh, type = 'application/pdf', documentCode = 'CT01') =>
  app.inject({ method: 'POST', url: `/api/dossiers/${id}/attachments?documentCode=${documentCode}&fileName=${encodeURIComponent('tờ khai.pdf')}`, headers: { ...who.headers, 'content-type': type }, payload: bytes });
const filesInStore = () => fs.readdirSync(attachmentsDir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;

describe('dossier routes', () => {
  it('file a dossier once per request id and show it in the unit’s queue only', async () => {
    const person = await newPerson(t.ctx);
    const first = await fileFor(person.pin);
    expect(first.statusCode).toBe(201);
    const d = first.json();
    expect(d).toMatchObject({ state: 'submitted', lastSeq: 1, applicant: { pin: person.pin }, procedure: { code: ADJUST_MARKS.code } });
    const queue = (await app.inject({ url: '/api/dossiers?state=open&pageSize=100', headers: badinh.headers })).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(d.id);
    expect((await app.inject({ url: '/api/dossiers?state=all', headers: ngocha.headers })).json()).toMatchObject({ items: [], total: 0 });
    const other = await app.inject({ url: `/api/dossiers/${d.id}`, headers: ngocha.headers });
    expect([other.statusCode, other.json().code]).toEqual([404, 'dossier_not_found']);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const procedures = (await app.inject({ url: '/api/dossiers/procedures', headers: badinh.headers })).json();
    expect(procedures.find((p: { code: string }) => p.code === ADJUST_MARKS.code)).toMatchObject({ workingDays: 3, fee: { counterVnd: 10_000, onlineVnd: 5_000 } });
  });

  it('returns the first dossier to a retried request, and refuses a portal filing by an officer', async () => {
    const person = await newPerson(t.ctx);
    const payload = { procedure: ADJUST_MARKS.code, applicantPin: person.pin, unitCode: '00004', channel: 'counter', requestId: 'retry-test-0001', form: { identifyingMarks: 'x' } };
    const a = await app.inject({ method: 'POST', url: '/api/dossiers', headers: badinh.headers, payload });
    const b = await app.inject({ method: 'POST', url: '/api/dossiers', headers: badinh.headers, payload });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    const portal = await app.inject({ method: 'POST', url: '/api/dossiers', headers: badinh.headers, payload: { ...payload, channel: 'portal', requestId: 'retry-test-0002' } });
    expect(portal.statusCode).toBe(400);
    const badForm = await app.inject({ method: 'POST', url: '/api/dossiers', headers: badinh.headers, payload: { ...payload, requestId: 'retry-test-0003', form: { identifyingMarks: '' } } });
    expect([badForm.statusCode, badForm.json().code]).toEqual([400, 'form_invalid']);
  });

  it('take actions with the last seq seen: a stale one is 409 dossier_changed, one the state does not allow 409 action_not_available', async () => {
    const person = await newPerson(t.ctx);
    const d = (await fileFor(person.pin)).json();
    const officerId = (await t.db.pool.query<{ id: string }>("SELECT id::text AS id FROM officer WHERE username = 'cb.phuongbadinh'")).rows[0]!.id;
    const assigned = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: badinh.headers, payload: { type: 'assign', expectedSeq: 1, payload: { officerId } } });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assignedTo: officerId, lastSeq: 2 });
    expect(assigned.json().actions[1]).toMatchObject({ type: 'assign', actor: { name: expect.stringContaining('Nguyễn Văn Bình') } });
    const stale = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: badinh.headers, payload: { type: 'request_supplement', expectedSeq: 1, payload: { missing: [{ code: 'CT01', vi: 'Tờ khai', en: 'Form' }] } } });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'dossier_changed']);
    const skip = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: badinh.headers, payload: { type: 'decide', expectedSeq: 2, payload: { outcome: 'approve' } } });
    expect([skip.statusCode, skip.json().code]).toEqual([409, 'action_not_available']);
    expect(skip.json().message.vi).toContain('submitted');
    const byAdmin = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: admin.headers, payload: { type: 'refuse', expectedSeq: 2, payload: { reasons: [{ code: 'x', vi: 'x', en: 'x' }] } } });
    expect([byAdmin.statusCode, byAdmin.json().code]).toEqual([403, 'permission_denied']);
  });

  it('take attachments by their bytes (PDF, JPEG, PNG), within the size limit, with their SHA-256, and log every read', async () => {
    const person = await newPerson(t.ctx);
    const d = (await fileFor(person.pin)).json();
    const pdf = await upload(d.id, PDF);
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json()).toMatchObject({ documentCode: 'CT01', fileName: 'tờ khai.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    // The declared type does not matter; the bytes do.
    expect((await upload(d.id, PNG, badinh, 'application/octet-stream', 'photo')).json()).toMatchObject({ mediaType: 'image/png' });
    expect((await upload(d.id, JPEG, badinh, 'application/pdf', 'photo')).json()).toMatchObject({ mediaType: 'image/jpeg' });

    const refusals: Array<[Buffer, string, string, number, string]> = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf', 'CT01', 400, 'attachment_type_refused'],
      [Buffer.from('MZ\x90\x00 an executable'), 'application/pdf', 'CT01', 400, 'attachment_type_refused'],
      [Buffer.concat([PDF, Buffer.alloc(MAX)]), 'application/pdf', 'CT01', 413, 'attachment_too_large'],
      [PDF, 'application/pdf', 'birth_certificate', 400, 'document_held_by_registry'],
      [PDF, 'application/pdf', 'passport', 400, 'document_unknown'],
    ];
    for (const [bytes, type, doc, status, code] of refusals) {
      const res = await upload(d.id, bytes, badinh, type, doc);
      expect([res.statusCode, res.json().code], code).toEqual([status, code]);
    }
    // No right, or another unit: refused before a byte is stored.
    const before = filesInStore();
    const noRight = await upload(d.id, Buffer.concat([PDF, Buffer.from('admin')]), admin);
    expect([noRight.statusCode, noRight.json().code]).toEqual([403, 'permission_denied']);
    const elsewhere = await upload(d.id, Buffer.concat([PDF, Buffer.from('ngocha')]), ngocha);
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, 'dossier_not_found']);
    expect(filesInStore()).toBe(before);

    const dossier = (await app.inject({ url: `/api/dossiers/${d.id}`, headers: badinh.headers })).json();
    expect(dossier.attachments).toHaveLength(3);
    expect(dossier.documents.find((x: { code: string }) => x.code === 'CT01')).toMatchObject({ attached: true });
    const read = await app.inject({ url: `/api/dossiers/${d.id}/attachments/${pdf.json().id}?purpose=dossier_processing&purposeNote=${encodeURIComponent('thẩm định hồ sơ')}`, headers: badinh.headers });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.rawPayload.equals(PDF)).toBe(true);
    await t.ctx.accessLog.drain();
    const logged = (await t.db.pool.query("SELECT target_id, purpose, detail->>'purposeNote' AS note FROM audit_log WHERE chain = 'access' AND action = 'dossier.attachment_read' AND dossier = $1", [d.code])).rows;
    expect(logged).toEqual([{ target_id: person.pin, purpose: 'dossier_processing', note: 'thẩm định hồ sơ' }]);
    const audit = (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE chain = 'change' AND action = 'dossier.attachment_added' AND dossier = $1", [d.code])).rows[0]!.n;
    expect(audit).toBe(3);
    expect((await app.inject({ url: `/api/dossiers/${d.id}/attachments/${pdf.json().id}`, headers: ngocha.headers })).statusCode).toBe(404);

    // A file changed behind the store's back is refused, not served.
    const sha = pdf.json().sha256 as string;
    fs.writeFileSync(path.join(attachmentsDir, sha.slice(0, 2), sha), Buffer.concat([PDF, Buffer.from('tampered')]));
    const tampered = await app.inject({ url: `/api/dossiers/${d.id}/attachments/${pdf.json().id}`, headers: badinh.headers });
    expect([tampered.statusCode, tampered.json().code]).toEqual([503, 'attachment_integrity_failed']);
  });

  it('show citizens their own dossiers', async () => {
    const lan = logins.find((l) => l.role === 'citizen' && l.password !== '—')!;
    const citizen = await citizenLogin(app, t.ctx, lan.username, lan.password, '0912000001');
    const d = (await fileFor(lan.username)).json();
    const own = (await app.inject({ url: '/api/citizen/dossiers', headers: citizen.headers })).json();
    expect(own.items.map((x: { id: string }) => x.id)).toEqual([d.id]);
    const one = await app.inject({ url: `/api/citizen/dossiers/${d.id}`, headers: citizen.headers });
    expect(one.json()).toMatchObject({ id: d.id, yourActions: ['withdraw'] });
    const supplied = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${d.id}/attachments?documentCode=CT01&fileName=CT01.pdf`, headers: { ...citizen.headers, 'content-type': 'application/pdf' }, payload: PDF });
    expect([supplied.statusCode, supplied.json().mediaType]).toEqual([201, 'application/pdf']);
    const withdrawn = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${d.id}/actions`, headers: citizen.headers, payload: { type: 'withdraw', expectedSeq: 1, payload: { reason: 'Nộp nhầm' } } });
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn' });
    const someoneElse = (await fileFor((await newPerson(t.ctx)).pin)).json();
    expect((await app.inject({ url: `/api/citizen/dossiers/${someoneElse.id}`, headers: citizen.headers })).statusCode).toBe(404);
  });
});

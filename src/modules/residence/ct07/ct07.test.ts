import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../../test/context.js';
import { citizenLogin } from '../../../../test/eid-helpers.js';
import { login, type LoggedIn } from '../../../../test/login.js';
import { clerk, newHousehold, newPerson } from '../../../../test/people-factory.js';
import { seedDemo } from '../../../demo.js';
import type { App } from '../../../kernel/http.js';
import { recordResidence, type Person } from '../../people/index.js';

/**
 * CT07 end to end through the real app: an officer of another commune issues at once, the PDF
 * carries the person and household in Vietnamese and a signature whose byte range verifies,
 * the QR token verifies on the public API and offline, and a changed character, expiry,
 * revocation and a later residence change each give their answer; every step is access-logged.
 */
let t: TestContext;
let app: App;
let badinh: LoggedIn;
let ngocha: LoggedIn;
let admin: LoggedIn;
let head: Person;
let child: Person;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-ct07-'));

beforeAll(async () => {
  t = await testContext({ rateLimitScale: 1000, devMessages: true, publicUrl: 'https://dancu.example' });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  badinh = await login(app, 'cb.phuongbadinh');
  ngocha = await login(app, 'cb.phuongngocha');
  admin = await login(app, 'admin');
  head = await newPerson(t.ctx, { fullName: 'Đặng Thị Hương Giang', birthDate: '1984-11-02', sex: 'F' });
  child = await newPerson(t.ctx, { fullName: 'Lê Đức Thịnh', birthDate: '2012-07-19', sex: 'M' });
  await newHousehold(t.ctx, head, [{ person: child, relation: 'con' }]);
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const issue = (who: LoggedIn, pin: string, extra: Record<string, unknown> = {}) => app.inject({ method: 'POST', url: '/api/residence/confirmations', headers: who.headers, payload: { pin, purpose: 'residence_confirmation', ...extra } });
const verify = (token: string) => app.inject({ method: 'POST', url: '/api/public/ct07/verify', payload: { token } });
const accessRows = async (pin: string) => (await t.db.pool.query<{ action: string; purpose: string; actor_kind: string }>("SELECT action, purpose, actor_kind FROM audit_log WHERE chain = 'access' AND target_kind = 'person' AND target_id = $1 ORDER BY seq", [pin])).rows;

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const text = await page.getTextContent();
    out.push(text.items.map((x) => ('str' in x ? x.str : '')).join(' '));
  }
  await doc.destroy();
  return out.join('\n').normalize('NFC');
}

/** The PDF's signature: the byte range hashes to the signed digest and the signature verifies with the certificate in it. */
function checkPdfSignature(pdf: Buffer): { signer: string } {
  const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'));
  if (!range) throw new Error('no /ByteRange');
  const [a, b, c, d] = range.slice(1).map(Number) as [number, number, number, number];
  expect(a).toBe(0);
  expect(c + d).toBe(pdf.length);
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const hex = pdf.subarray(a + b + 1, c - 1).toString('latin1').replace(/(00)+$/, '');
  const p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.hexToBytes(hex.length % 2 ? `${hex}0` : hex))) as forge.pkcs7.PkcsSignedData & { rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string } };
  const attrs = p7.rawCapture.authenticatedAttributes;
  const digestAttr = attrs.find((attr) => forge.asn1.derToOid((attr.value as forge.asn1.Asn1[])[0]!.value as string) === forge.pki.oids.messageDigest!)!;
  const digest = Buffer.from(((digestAttr.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!.value as string, 'binary');
  expect(digest.equals(createHash('sha256').update(signed).digest())).toBe(true);
  // The signature covers the DER of the authenticated attributes as a SET.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
  const cert = p7.certificates[0]!;
  const key = createPublicKey(forge.pki.publicKeyToPem(cert.publicKey as forge.pki.rsa.PublicKey));
  expect(verifySignature('sha256', Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary'), key, Buffer.from(p7.rawCapture.signature, 'binary'))).toBe(true);
  // Any changed byte inside the range breaks the digest.
  const tampered = Buffer.from(signed);
  tampered[200] = tampered[200]! ^ 1;
  expect(createHash('sha256').update(tampered).digest().equals(digest)).toBe(false);
  return { signer: cert.subject.getField('CN').value as string };
}

describe('CT07 confirmation of residence', () => {
  let token: string;
  let id: string;

  it('is issued at once by an office of another commune, numbered, valid one year, and audited', async () => {
    const res = await issue(ngocha, child.pin, { requestId: 'ct07-test-1' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ pin: child.pin, fullName: 'Lê Đức Thịnh', issuedOn: '2026-01-05', validUntil: '2027-01-04', issuingOffice: 'Công an Phường Ngọc Hà', revokedAt: null });
    expect(c.number).toMatch(/^00008\/2026\/\d{6}$/);
    expect(c.verificationUrl).toBe(`https://dancu.example/xac-minh/ct07#${c.token}`);
    expect(c.content.household).toMatchObject({ relation: 'Con', head: { pin: head.pin, fullName: 'Đặng Thị Hương Giang' } });
    expect(c.content.household.members.map((m: { pin: string }) => m.pin).sort()).toEqual([head.pin, child.pin].sort());
    expect(c.content.residences.permanent).toMatchObject({ address: 'Số 12, phố Đội Cấn' });
    // A retry with the same request id is the same confirmation; a new request the next number.
    expect((await issue(ngocha, child.pin, { requestId: 'ct07-test-1' })).json().id).toBe(c.id);
    const next = (await issue(ngocha, child.pin)).json();
    expect(Number(next.number.split('/')[2])).toBe(Number(c.number.split('/')[2]) + 1);
    token = c.token;
    id = c.id;
    const audit = await t.db.pool.query("SELECT purpose, detail FROM audit_log WHERE chain = 'change' AND action = 'residence_confirmation.issue' AND target_id = $1", [child.pin]);
    expect(audit.rows).toHaveLength(2);
    const events = await t.db.pool.query("SELECT payload FROM outbox_event WHERE type = 'residence.confirmation_issued' AND subject = $1", [child.pin]);
    expect(events.rows.map((r) => r.payload.number).sort()).toEqual([c.number, next.number].sort());
    // The request read the person and the head (a member shown), the issue its own row: all with the purpose.
    const rows = await accessRows(child.pin);
    expect(rows).toEqual(expect.arrayContaining([{ action: 'residence_confirmation.request', purpose: 'residence_confirmation', actor_kind: 'officer' }, { action: 'residence_confirmation.issued', purpose: 'residence_confirmation', actor_kind: 'officer' }]));
    expect((await accessRows(head.pin)).map((r) => r.action)).toContain('residence_confirmation.request.household_member');
  });

  it('is refused to a role without the permission, and for an unknown PIN', async () => {
    const denied = await issue(admin, child.pin);
    expect(denied.statusCode, denied.body).toBe(403);
    const unknown = await issue(badinh, '001099000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('downloads as an A4 PDF with the Vietnamese text, the household table and a signature whose byte range verifies', async () => {
    const res = await app.inject({ url: `/api/residence/confirmations/${id}/pdf`, headers: badinh.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    fs.writeFileSync(path.join(tmp, 'ct07.pdf'), pdf);
    const text = await pdfText(pdf);
    for (const s of ['GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ', 'Lê Đức Thịnh', 'Đặng Thị Hương Giang', head.pin, child.pin, 'Quan hệ với chủ hộ', 'Công an Phường Ngọc Hà', '19/07/2012', '04/01/2027']) expect(text).toContain(s);
    const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
    const [, , w, h] = (await doc.getPage(1)).view;
    expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]);
    await doc.destroy();
    // The font is embedded (a subset of Noto Sans), not left to the reader's system.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).toMatch(/NotoSans/);
    expect(checkPdfSignature(pdf).signer).toContain('CT07');
  });

  it('verifies on the public API with the document content only, and fails with one changed character', async () => {
    const ok = (await verify(token)).json();
    expect(ok).toMatchObject({ status: 'genuine', validUntil: '2027-01-04', document: { person: { pin: child.pin, fullName: 'Lê Đức Thịnh' } } });
    expect(Object.keys(ok).sort()).toEqual(['document', 'issuedOn', 'issuingOffice', 'number', 'revokedAt', 'status', 'validUntil']);
    // The whole scanned URL works too.
    expect((await verify(`https://dancu.example/xac-minh/ct07#${token}`)).json().status).toBe('genuine');
    for (const i of [5, token.indexOf('.') + 10, token.length - 1]) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const bad = await verify(token.slice(0, i) + c + token.slice(i + 1));
      expect(bad.statusCode).toBe(200);
      expect(bad.json()).toEqual({ status: 'invalid' });
    }
    const rows = await accessRows(child.pin);
    expect(rows.filter((r) => r.action === 'residence_confirmation.verified').every((r) => r.purpose === 'document_verification')).toBe(true);
    expect(rows.filter((r) => r.action === 'residence_confirmation.verified')).toHaveLength(2);
  });

  it('verifies offline with the published keys and no database, after a key rotation too', async () => {
    const jwksRes = await app.inject({ url: '/api/public/ct07/jwks.json' });
    expect(jwksRes.statusCode).toBe(200);
    const jwks = jwksRes.json();
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const keysFile = path.join(tmp, 'jwks.json');
    fs.writeFileSync(keysFile, JSON.stringify(jwks));
    // No database reachable: the command must not need one.
    const dancu = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ct07', 'verify', ...args], { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', DANCU_DATA_DIR: path.join(tmp, 'no-db'), LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    const good = dancu(token, '--keys', keysFile, '--date', '2026-06-01');
    expect(good.status, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ status: 'genuine', pin: child.pin, fullName: 'Lê Đức Thịnh', validUntil: '2027-01-04' });
    const i = 20;
    const bad = dancu(token.slice(0, i) + (token[i] === 'x' ? 'y' : 'x') + token.slice(i + 1), '--keys', keysFile);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).status).toBe('invalid');
    const late = dancu(`https://dancu.example/xac-minh/ct07#${token}`, '--keys', keysFile, '--date', '2027-01-05');
    expect(late.status).toBe(1);
    expect(JSON.parse(late.stdout).status).toBe('expired');
    expect(fs.existsSync(path.join(tmp, 'no-db'))).toBe(false);

    // Rotation: new confirmations get the new key, old ones keep verifying.
    const { rotateConfirmationKey } = await import('./keys.js');
    const kid = await rotateConfirmationKey(t.db.pool, t.ctx.keys, t.clock.now());
    const fresh = (await issue(badinh, head.pin)).json();
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0], 'base64url').toString()).kid).toBe(kid);
    expect((await verify(token)).json().status).toBe('genuine');
    expect((await verify(fresh.token)).json().status).toBe('genuine');
    expect((await app.inject({ url: '/api/public/ct07/jwks.json' })).json().keys).toHaveLength(2);
  }, 180_000);

  it('answers superseded once the residence changes, revoked once revoked, expired after the validity', async () => {
    const other = await newPerson(t.ctx, { fullName: 'Vũ Thị Ngọc Ánh', birthDate: '1990-01-01', sex: 'F' });
    await newHousehold(t.ctx, other);
    const a = (await issue(badinh, other.pin)).json();
    const b = (await issue(badinh, other.pin)).json();
    expect((await verify(a.token)).json().status).toBe('genuine');
    const revoke = await app.inject({ method: 'POST', url: `/api/residence/confirmations/${b.id}/revoke`, headers: badinh.headers, payload: { reason: 'cấp nhầm người' } });
    expect(revoke.statusCode).toBe(200);
    expect((await verify(b.token)).json()).toMatchObject({ status: 'revoked', number: b.number });
    expect((await verify(b.token)).json()).not.toHaveProperty('document');
    await recordResidence(t.ctx, clerk, other.pin, { kind: 'current', unitCode: '00004', address: 'Số 5, ngõ 12 Kim Mã', validFrom: '2026-01-05' }, { reasonCode: 'other', reasonNote: 'khai báo nơi ở hiện tại' });
    expect((await verify(a.token)).json()).toMatchObject({ status: 'superseded' });
    t.clock.advance(366 * 86_400_000);
    expect((await verify(token)).json()).toMatchObject({ status: 'expired', validUntil: '2027-01-04' });
    t.clock.advance(-366 * 86_400_000);
  });

  it('a citizen gets their own CT07 in the portal and cannot download anyone else’s', async () => {
    const lan = (await t.db.pool.query<{ pin: string }>("SELECT pin FROM person WHERE full_name = 'Nguyễn Thị Lan' AND birth_date = '1988-03-12'")).rows[0]!.pin;
    const s = await citizenLogin(app, t.ctx, lan, '246810', '0912000001');
    const res = await app.inject({ method: 'POST', url: '/api/citizen/confirmations', headers: s.headers, payload: {} });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ pin: lan, fullName: 'Nguyễn Thị Lan', pdfUrl: `/api/citizen/confirmations/${c.id}/pdf`, issuingOffice: 'Công an Phường Ba Đình' });
    expect(c.content.household.members.map((m: { fullName: string }) => m.fullName)).toContain('Phạm Gia Bảo');
    // Quê quán recorded as a pre-2025 province code is printed by its name.
    expect(c.content.person.originPlace).toContain('Nam Định');
    const pdf = await app.inject({ url: c.pdfUrl, headers: s.headers });
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Nguyễn Thị Lan');
    expect((await app.inject({ url: `/api/citizen/confirmations/${id}/pdf`, headers: s.headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/citizen/confirmations', headers: s.headers })).json().map((x: { id: string }) => x.id)).toEqual([c.id]);
    // The verification shows in her "who accessed my data".
    await verify(c.token);
    const mine = (await app.inject({ url: '/api/citizen/access-log', headers: s.headers })).json();
    expect(mine.items.map((x: { purpose: string }) => x.purpose)).toContain('document_verification');
  });
});

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../../test/context.js';
import { login, type LoggedIn } from '../../../../test/login.js';
import { seedDemo } from '../../../demo.js';
import type { App } from '../../../kernel/http.js';

/**
 * The bulk-import upload is refused before its body is read when the caller may not import,
 * is capped in size and in disk used by uploads in flight, and leaves no file behind.
 */
const MIB = 1024 * 1024;
let t: TestContext;
let app: App;
let port: number;
let tmp: string;
let admin: LoggedIn;
let officer: LoggedIn;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-upload-test-'));
  t = await testContext({ importTempDir: tmp, importMaxUploadMb: 1, importMaxPendingMb: 3 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  admin = await login(app, 'admin');
  officer = await login(app, 'cb.phuongbadinh');
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const pending = () => fs.readdirSync(tmp);
const batches = async () => (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_batch')).rows[0]!.n;
/** NDJSON-looking bytes: what is in them does not matter to the checks under test. */
const junk = (bytes: number) => Buffer.alloc(bytes, '{"externalId":"x"}\n');

interface Answer {
  status: number;
  type: string;
  body: { code?: string };
}

/**
 * Starts an upload over a real socket and sends `first` bytes of its body, leaving it open:
 * the answer must come without the rest of the body (a server that reads it all first would
 * never answer).
 */
function startUpload(headers: Record<string, string>, first: number): { req: http.ClientRequest; answer: Promise<Answer> } {
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/people:import', headers: { 'content-type': 'application/x-ndjson', ...headers } });
  const answer = new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer before the body was sent')), 5000);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: JSON.parse(text || '{}') as { code?: string } });
      });
    });
    req.on('error', () => undefined);
  });
  req.write(junk(first));
  return { req, answer };
}

describe('bulk-import upload', () => {
  it('answers a caller without a session, or without the import permission, before reading the body, and writes nothing', async () => {
    for (const [headers, status, code] of [[{}, 401, 'login_required'], [officer.headers, 403, 'permission_denied']] as const) {
      const before = await batches();
      // A large declared body, of which 256 KiB is sent: the rest never comes.
      const { req, answer } = startUpload({ ...headers, 'content-length': String(900 * 1024) }, 256 * 1024);
      const res = await answer;
      expect(res).toMatchObject({ status, type: expect.stringContaining('application/problem+json'), body: { code } });
      expect(pending()).toEqual([]);
      req.destroy();
      expect(await batches()).toBe(before);
    }
  });

  it('answers 413 to an upload over DANCU_IMPORT_MAX_UPLOAD_MB, declared or streamed, and removes what it wrote', async () => {
    const declared = await app.inject({ method: 'POST', url: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: junk(MIB + 1) });
    expect(declared.statusCode).toBe(413);
    expect(declared.headers['content-type']).toContain('application/problem+json');
    expect(declared.json()).toMatchObject({ code: 'upload_too_large', field: 'body' });
    // Chunked: no length declared, so the cap is applied while writing.
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' } });
    const answer = new Promise<{ status: number; body: string }>((resolve) => req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    }));
    req.on('error', () => undefined);
    for (let i = 0; i < 12; i++) req.write(junk(128 * 1024));
    req.end();
    const streamed = await answer;
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ code: 'upload_too_large' });
    expect(pending()).toEqual([]);
  });

  it('answers 413 when uploads in flight would use more than DANCU_IMPORT_MAX_PENDING_MB, and frees their share when they end', async () => {
    // Three uploads of 0.9 MiB declared fit in 3 MiB; a fourth does not.
    const open = [0, 1, 2].map(() => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson', 'content-length': String(Math.round(0.9 * MIB)) } });
      req.on('error', () => undefined);
      req.write(junk(64 * 1024));
      return req;
    });
    // Wait until all three are being written to disk.
    for (let i = 0; i < 100 && pending().length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(pending()).toHaveLength(3);
    const fourth = await app.inject({ method: 'POST', url: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson', 'content-length': String(Math.round(0.9 * MIB)) }, payload: junk(Math.round(0.9 * MIB)) });
    expect(fourth.statusCode).toBe(413);
    expect(fourth.json()).toMatchObject({ code: 'uploads_pending_too_large' });
    // Clients that give up: their files are removed and their share is free again.
    for (const req of open) req.destroy();
    for (let i = 0; i < 100 && pending().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(pending()).toEqual([]);
    const row = JSON.stringify({ externalId: 'up-1', pin: '1', fullName: 'X' });
    const again = await app.inject({ method: 'POST', url: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: row });
    expect(again.statusCode).toBe(200);
    expect(pending()).toEqual([]);
  });

  it('answers 400 to no body, an empty body, a JSON body or a body of blank lines, writing nothing', async () => {
    const before = await batches();
    const cases = [
      { headers: admin.headers },
      { headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: '' },
      { headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"rows":[]}' },
      { headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: '\r\n\r\n' },
      { headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/people:import', ...c });
      expect(res.statusCode, JSON.stringify(c)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ field: expect.stringMatching(/^(body|content-type)$/) });
    }
    const csvHouseholds = await app.inject({ method: 'POST', url: '/api/households:import', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: 'a,b\n1,2' });
    expect(csvHouseholds.statusCode).toBe(400);
    expect(await batches()).toBe(before);
    expect(pending()).toEqual([]);
  });
});

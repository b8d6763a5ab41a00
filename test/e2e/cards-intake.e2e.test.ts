import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { darkPortraitPng, faceFrame, fakeCameraArgs, fingerprintPng, writeY4m } from './camera.js';
import { apiAs, type Api } from './officer-api.js';

/**
 * An ID card from the desk to the holder, in the browser: the commune officer types a PIN, the
 * desk shows a record problem, the record is fixed and "check again" shows the application to
 * file; intake takes the face photo from the camera (Chromium's fake camera playing a drawn
 * face, see camera.ts) after the server refused a dark uploaded one, nine fingerprint scans and
 * one finger "not taken", and a signature drawn on the pad. The decision is made through the
 * API; the province officer produces today's batch; the commune officer ships and delivers the
 * card, looks at its faces and MRZ, exports the delivery rates and revokes it. Appointments:
 * a desk slot, a mobile team and its printed route list. Screenshots: test-output/screenshots/cards-*.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-cards-e2e-'));

let server: RunningServer;
let browser: Browser;
let desk: Api;
/** A living adult of Phường Ba Đình with no card, and their place of origin as recorded. */
let holder: { pin: string; fullName: string; originPlace: string | null; originPlaceCode: string | null };
let dossierId: string;

interface CaseAnswer {
  outcome: { procedure?: string; case?: string; refused?: unknown };
  recordProblems: unknown[];
  holder: { age: number };
}

/** Page errors other than the browser's note about 4xx answers (a 409 or 422 is how the API says no). */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo-password-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/`);
}

/** Tomorrow in Vietnam (appointments cannot be booked for a past day). */
function tomorrow(): { iso: string; shown: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  const iso = d.toISOString().slice(0, 10);
  return { iso, shown: iso.split('-').reverse().join('/') };
}

beforeAll(async () => {
  const camera = writeY4m(path.join(tmp, 'face.y4m'), 640, 480, faceFrame);
  browser = await launchBrowser(fakeCameraArgs(camera));
  server = await startDemoServer();
  desk = await apiAs(server.url, 'cb.phuongbadinh');
  const people = await desk.call<{
    items: Array<{ pin: string; fullName: string; birthDate: string; status: string }>;
  }>('GET', '/api/lists/people?unitCode=00004&pageSize=50&page=2');
  for (const p of people.items) {
    if (p.status !== 'living') continue;
    const c = await desk.call<CaseAnswer>('GET', `/api/cards/case/${p.pin}`);
    if (c.outcome.case === 'first_issue' && c.recordProblems.length === 0 && c.holder.age >= 18) {
      const record = await desk.call<{
        person: { originPlace: string | null; originPlaceCode: string | null };
      }>('GET', `/api/people/${p.pin}`);
      holder = {
        pin: p.pin,
        fullName: p.fullName,
        originPlace: record.person.originPlace,
        originPlaceCode: record.person.originPlaceCode,
      };
      break;
    }
  }
  if (!holder) throw new Error('no adult without a card in the demo population of Phường Ba Đình');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Changes the holder's place of origin through the API (as the person edit page would). */
async function setOrigin(origin: {
  originPlace: string | null;
  originPlaceCode: string | null;
}): Promise<void> {
  const { person } = await desk.call<{ person: { version: number } }>('GET', `/api/people/${holder.pin}`);
  await desk.call('PATCH', `/api/people/${holder.pin}`, {
    ...origin,
    expectedVersion: person.version,
    reasonCode: 'record_correction',
    reasonNote: 'kiểm thử thẻ căn cước',
  });
}

describe('the card desk and intake', () => {
  it('shows what in the record must be fixed, checks again once it is, and files the application', async () => {
    await setOrigin({ originPlace: null, originPlaceCode: null });
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.locator('nav a[href="/cards"]').click();
    await page.getByTestId('card-pin').fill('12345');
    await page.getByTestId('card-check').click();
    expect(await page.getByTestId('error-pin').textContent()).toContain('12 chữ số');
    await page.getByTestId('card-pin').fill(holder.pin);
    await page.getByTestId('card-check').click();
    await page.getByTestId('record-problems').waitFor();
    expect(await page.locator('[data-testid="record-problem"]').first().getAttribute('data-code')).toBe(
      'origin_place_missing',
    );
    expect(await page.getByTestId('record-problems').textContent()).toContain('Chưa có quê quán');
    expect(await page.getByTestId('fix-record').getAttribute('href')).toBe(`/people/${holder.pin}/edit`);
    expect(await page.getByTestId('card-file-form').count()).toBe(0);
    await screenshot(page, 'cards-desk-record-problem');

    // The officer corrects the record (here through the API) and checks again.
    await setOrigin({
      originPlace: holder.originPlace ?? 'Xã Hành Thiện, Nam Định',
      originPlaceCode: holder.originPlaceCode,
    });
    await page.getByTestId('recheck').click();
    await page.getByTestId('card-file-form').waitFor();
    expect(await page.getByTestId('record-problems').count()).toBe(0);
    expect(await page.getByTestId('case-outcome').getAttribute('data-procedure')).toBe('CARD.first-issue');
    expect(await page.getByTestId('case-procedure').textContent()).toBe('Cấp thẻ căn cước lần đầu');
    await screenshot(page, 'cards-desk-case');

    await page.getByTestId('card-file').click();
    await page.waitForURL(/\/cards\/intake\/[0-9a-f-]{36}$/);
    dossierId = page.url().split('/').pop()!;
    expect(await page.getByTestId('card-filed').textContent()).toMatch(/Đã lập hồ sơ số 00004-\d{8}-\d{4}/);
    expect(realErrors(errors)).toEqual([]);
  });

  it('takes the photo with the camera after the server refused a dark one, ten fingers and a drawn signature; the ABIS finds no match', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/cards/intake/${dossierId}`);
    await page.getByTestId('intake-form').waitFor();

    // Nothing chosen: the form says what is missing before sending anything.
    await page.getByTestId('intake-submit').click();
    expect(await page.getByTestId('form-errors').textContent()).toContain('Ảnh chân dung');

    for (let n = 1; n <= 9; n++)
      await page
        .getByTestId(`finger-file-${n}`)
        .setInputFiles({ name: `ngon-${n}.png`, mimeType: 'image/png', buffer: fingerprintPng(7000 + n) });
    await page.getByTestId('finger-missing-10').check();
    await page.getByTestId('finger-reason-10').selectOption('injured');
    await page.getByTestId('finger-note-10').fill('Đang băng bó sau tai nạn lao động');
    const pad = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 30, pad.y + pad.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 24; i++)
      await page.mouse.move(pad.x + 30 + i * 14, pad.y + pad.height / 2 + Math.sin(i / 2) * 28, { steps: 2 });
    await page.mouse.up();
    await page.getByTestId('signature-ready').waitFor();

    // A dark photo from a file: the server's check says why, under the photo.
    await page
      .getByTestId('photo-file')
      .setInputFiles({ name: 'toi.png', mimeType: 'image/png', buffer: darkPortraitPng() });
    await page.getByTestId('photo-preview').waitFor();
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('error-photo').waitFor();
    expect(await page.getByTestId('error-photo').textContent()).toContain('Ảnh quá tối');
    expect(await page.getByTestId('form-errors').textContent()).toContain('Chưa thu nhận được');
    await screenshot(page, 'cards-intake-photo-refused');

    // The camera: the middle of the 640×480 frame cut to a 3:4 portrait.
    await page.getByTestId('camera-start').click();
    await page.getByTestId('camera-capture').waitFor();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="camera-video"]') as HTMLVideoElement).videoWidth > 0,
    );
    await screenshot(page, 'cards-intake-camera');
    await page.getByTestId('camera-capture').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="photo-size"]')?.textContent?.includes('Chụp bằng camera'),
    );
    expect(await page.getByTestId('photo-size').textContent()).toBe('Chụp bằng camera · 360×480');
    expect(await page.getByTestId('error-photo').count()).toBe(0);
    await screenshot(page, 'cards-intake-form');

    await page.getByTestId('intake-submit').click();
    await page.getByTestId('intake-result').waitFor();
    expect(await page.getByTestId('intake-fingers-taken').textContent()).toBe(
      '9 ngón lấy được, 1 ngón có lý do',
    );
    await page.getByTestId('abis-clear').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="intake-result-photo"]') as HTMLImageElement | null;
      return img !== null && img.complete && img.naturalWidth === 360;
    });
    await screenshot(page, 'cards-intake-done');
    expect(await page.getByTestId('intake-open-dossier').getAttribute('href')).toBe(`/dossiers/${dossierId}`);
    // Reopened later, the page shows what was captured; "capture again" opens the form over it.
    await page.reload();
    await page.getByTestId('intake-result').waitFor();
    expect(await page.getByTestId('intake-fingers-taken').textContent()).toBe('9 ngón lấy được, 1 ngón có lý do');
    await page.getByTestId('intake-again').click();
    await page.getByTestId('intake-submit').waitFor();
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('production and delivery', () => {
  let cardId: string;

  it("the application is decided, and the province officer produces today's batch", async () => {
    // The dossier's own steps (receive, fee, review, approve) are the dossier page's; here through the API.
    let d = await desk.call<{ state: string; lastSeq: number }>('GET', `/api/dossiers/${dossierId}`);
    const act = async (type: string, payload: Record<string, unknown> = {}) =>
      (d = await desk.call('POST', `/api/dossiers/${dossierId}/actions`, {
        type,
        expectedSeq: d.lastSeq,
        payload,
      }));
    await act('receive');
    if (d.state === 'received') await act('pay_fee', { method: 'cash' });
    await act('review');
    await act('decide', { outcome: 'approve' });
    expect(d.state).toBe('approved');

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.hanoi');
    await page.goto(`${server.url}/cards/production`);
    await page.getByTestId('stage-approved').check();
    await page.locator(`[data-testid="card-row"][data-pin="${holder.pin}"]`).waitFor();
    expect(await page.getByTestId('waiting-count').textContent()).toMatch(/chờ sản xuất: [1-9]/);
    await page.getByTestId('produce-batch').click();
    await page.getByTestId('batch-result').waitFor();
    expect(await page.getByTestId('batch-result').textContent()).toMatch(/Đã sản xuất lô LSX-\d{4}-\d{6}/);
    expect(await page.getByTestId('batch-result').textContent()).toContain(holder.fullName);
    await page.getByTestId('stage-produced').check();
    await page.locator(`[data-testid="card-row"][data-pin="${holder.pin}"]`).waitFor();
    await screenshot(page, 'cards-production-batch');
    cardId = (await page
      .locator(`[data-testid="card-row"][data-pin="${holder.pin}"] [data-testid="card-link"]`)
      .getAttribute('href'))!
      .split('/')
      .pop()!;
    expect(realErrors(errors)).toEqual([]);
  });

  it('the commune officer ships and delivers it, sees its faces and MRZ, exports the delivery rates and revokes it', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/cards/production`);
    // Commune officers deliver; production is not theirs.
    expect(await page.getByTestId('produce-batch').count()).toBe(0);
    await page.getByTestId('stage-produced').check();
    const row = page.locator(`[data-testid="card-row"][data-pin="${holder.pin}"]`);
    await row.getByTestId('card-move-shipped').click();
    await page.getByTestId('stage-shipped').check();
    await row.getByTestId('card-move-delivered').click();
    await page.getByTestId('stage-delivered').check();
    await row.waitFor();
    expect(await row.getByTestId('card-status').getAttribute('data-status')).toBe('valid');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('rates-csv').click(),
    ]);
    const csv = fs.readFileSync(await download.path());
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffMã đơn vị,Đơn vị,"Đã duyệt, chờ sản xuất",Đã sản xuất,Đang chuyển,Đã trả thẻ,Bị trả lại,Tỉ lệ trả thẻ (%)',
    );
    expect(text).toMatch(/00004,Phường Ba Đình,\d+,\d+,\d+,[1-9]\d*,\d+,[\d.]+\r\n/);
    expect(download.suggestedFilename()).toMatch(/^ty-le-tra-the-00004-\d{4}-\d{2}-\d{2}\.csv$/);
    await screenshot(page, 'cards-delivery');

    await page.goto(`${server.url}/cards/card/${cardId}`);
    await page.getByTestId('card-front').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="card-detail"] img')].every(
        (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
      ),
    );
    const mrz = (await page.getByTestId('card-mrz').textContent())!.split('\n');
    expect(mrz).toHaveLength(3);
    expect(mrz.every((line) => line.length === 30)).toBe(true);
    expect(mrz[0]).toContain(holder.pin);
    await screenshot(page, 'cards-detail');

    await page.getByTestId('card-revoke').click();
    await page.getByTestId('card-revoke-dialog-confirm').click();
    expect(await page.getByTestId('card-revoke-dialog').textContent()).toContain('Cần chọn lý do thu hồi');
    await page.getByTestId('card-revoke-reason').selectOption('lost');
    await page.getByTestId('card-revoke-note').fill('Công dân báo mất ví');
    await screenshot(page, 'cards-revoke-dialog');
    await page.getByTestId('card-revoke-dialog-confirm').click();
    await page.locator('[data-testid="card-status"][data-status="revoked"]').waitFor();
    expect(await page.getByTestId('card-revoked').textContent()).toContain('Mất thẻ: Công dân báo mất ví');
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('appointments', () => {
  it("books a desk slot, creates a mobile team, books a home visit and prints the team's route list", async () => {
    const day = tomorrow();
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/cards/appointments`);
    await page.getByTestId('day-next').click();
    expect(await page.getByTestId('appointments-day').inputValue()).toBe(day.shown);
    await page.getByTestId('slot-08:00').click();
    await page.getByTestId('booking-pin').fill(holder.pin);
    await page.getByTestId('booking-submit').click();
    await page.getByTestId('booked').waitFor();
    // The slots are fetched again after the booking: poll until the new count is drawn.
    await expect.poll(() => page.getByTestId('slot-08:00').getAttribute('data-booked')).toBe('1');
    await page.locator(`[data-testid="appointment-row"][data-pin="${holder.pin}"]`).waitFor();
    await screenshot(page, 'cards-appointments-desk');

    await page.getByTestId('team-name').fill('Tổ lưu động số 1');
    await page.getByTestId('team-create').click();
    await page.getByTestId('team-list').waitFor();
    const team = await page
      .locator('[data-testid="appointments-team"] option', { hasText: 'Tổ lưu động số 1' })
      .getAttribute('value');
    await page.getByTestId('appointments-team').selectOption(team!);
    await page.getByTestId('slot-09:30').click();
    // Minh, from the demo: his home is visited (he is booked at the desk nowhere that day).
    const minhPin = server.demoLogins.find((l) => l.description.includes('Trần Văn Minh'))!.username;
    await page.getByTestId('booking-pin').fill(minhPin);
    await page.getByTestId('booking-submit').click();
    expect(await page.getByTestId('form-errors').textContent()).toContain('Địa chỉ đến');
    await page.getByTestId('booking-address').fill('Số 21, phố Đội Cấn (người nhà đón ở cổng)');
    await page.getByTestId('booking-submit').click();
    await page.locator(`[data-testid="appointment-row"][data-pin="${minhPin}"]`).waitFor();
    await expect.poll(() => page.getByTestId('appointment-row').count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-header').isVisible()).toBe(true);
    expect(await page.getByTestId('print-header').textContent()).toContain(
      `Lộ trình Tổ lưu động số 1 ngày ${day.shown}`,
    );
    await screenshot(page, 'cards-route-list-print');
    await page.emulateMedia({ media: 'screen' });
    expect(realErrors(errors)).toEqual([]);
  });
});

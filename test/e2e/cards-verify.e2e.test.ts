import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import jsqr from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { fakeCameraArgs, qrFrameOf, writeY4m } from './camera.js';
import { devOutbox } from './dev-outbox.js';
import { apiAs, type Api } from './officer-api.js';
import { citizenPage, fitsAndShoot } from './portal.js';
import { portraitPng } from './portrait.js';

// jsqr is CommonJS: its function is the module itself (and its `default`).
const jsQR = ((jsqr as { default?: unknown }).default ?? jsqr) as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/**
 * Checking a card, and the card where people see it. An officer of another commune holds Lan's
 * card to the camera (Chromium's fake camera playing her card's QR code, drawn from the payload
 * the registry printed): the desk decodes it, says valid with the registry's view, and the
 * signed answer downloaded verifies with the published keys; a QR read from a picture checks
 * too, and an MRZ with one changed character lists why it fails. Lan sees her card in the
 * portal on a 390×844 phone — its QR code reads back to the same payload. Her person page shows
 * the photo from her card, and the e-ID review puts Minh's card photo beside his selfie. Last, Lan reports her card stolen from
 * the portal, and a check of it then says revoked.
 * Screenshots: test-output/screenshots/cards-verify-*, cards-portal-*, cards-person-*, cards-review-*.
 */
const LAN = { fullName: 'Nguyễn Thị Lan', phone: '0912000001', passcode: '246810' };
const MINH = { fullName: 'Trần Văn Minh', birthDate: '1995-09-21', phone: '0987000002', passcode: '583920' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-cards-verify-e2e-'));

interface Card {
  id: string;
  stage: string;
  status: string;
  qr: string | null;
  mrz: string | null;
}

let server: RunningServer;
let browser: Browser;
let desk: Api;
let lanPin: string;
let lanCard: Card;

const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo-password-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/`);
}

beforeAll(async () => {
  server = await startDemoServer();
  lanPin = server.demoLogins.find((l) => l.description.includes(LAN.fullName))!.username;
  desk = await apiAs(server.url, 'cb.phuongbadinh');
  lanCard = (await desk.call<Card[]>('GET', `/api/cards/people/${lanPin}`))[0]!;
  expect(lanCard).toMatchObject({ stage: 'delivered', status: 'valid' });
  // The camera shows Lan's card's QR code, as the registry printed it.
  const camera = writeY4m(path.join(tmp, 'qr.y4m'), 640, 480, qrFrameOf(lanCard.qr!));
  browser = await launchBrowser(fakeCameraArgs(camera));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the verification desk', () => {
  it('reads the QR code through the camera, says valid with the registry view, and the downloaded proof verifies', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    // An officer of another commune: any one-stop shop checks cards of people from anywhere.
    await logIn(page, 'cb.phuongngocha');
    await page.locator('nav a[href="/verify-card"]').click();
    await page.getByTestId('qr-scan').click();
    await page.locator('[data-testid="verify-answer"][data-valid="yes"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('verify-qr-text').inputValue()).toBe(lanCard.qr);
    expect(await page.getByTestId('verify-name').textContent()).toBe(LAN.fullName);
    expect(await page.getByTestId('verify-pin').textContent()).toBe(lanPin);
    expect(
      await page.locator('[data-testid="registry-card"] [data-status]').getAttribute('data-status'),
    ).toBe('valid');
    expect(await page.getByTestId('registry-holder').textContent()).toBe('Còn sống');
    // The camera is off once the code is read.
    expect(await page.getByTestId('qr-scanner').count()).toBe(0);
    await screenshot(page, 'cards-verify-qr-camera');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('verify-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^kiem-tra-the-qr-${lanPin}-\\d{14}\\.jws$`));
    const jws = fs.readFileSync(await download.path(), 'utf8');
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const keys = (await (await fetch(`${server.url}/api/cards/verification-keys`)).json()) as JSONWebKeySet;
    const { payload } = await compactVerify(jws, createLocalJWKSet(keys));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      kind: 'qr',
      valid: true,
      registry: { card: { id: lanCard.id, status: 'valid' } },
    });
    expect(realErrors(errors)).toEqual([]);
  });

  it('reads a QR code from a picture, and lists every reason an altered MRZ fails', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongngocha');
    await page.goto(`${server.url}/verify-card`);
    await page.getByTestId('qr-image-file').setInputFiles({
      name: 'the.png',
      mimeType: 'image/png',
      buffer: await QRCode.toBuffer(lanCard.qr!, { margin: 4, width: 480 }),
    });
    await page.locator('[data-testid="verify-answer"][data-valid="yes"]').waitFor();

    await page.getByTestId('verify-mode-mrz').check();
    await page.getByTestId('verify-mrz-text').fill('IDVNM\nonly two lines');
    await page.getByTestId('verify-submit').click();
    expect(await page.getByTestId('error-mrz').textContent()).toContain('đúng 3 dòng');
    // One digit of the document number changed.
    const lines = lanCard.mrz!.split('\n');
    const at = lines[0]!.search(/\d/);
    const changed = `${lines[0]!.slice(0, at)}${lines[0]![at] === '9' ? '8' : '9'}${lines[0]!.slice(at + 1)}`;
    await page
      .getByTestId('verify-mrz-text')
      .fill([changed.toLowerCase(), '', lines[1], `  ${lines[2]}  `].join('\n'));
    await page.getByTestId('verify-submit').click();
    await page.locator('[data-testid="verify-answer"][data-valid="no"]').waitFor();
    const codes = await page
      .locator('[data-testid="verify-error"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('mrz_check_digit');
    expect(await page.getByTestId('verify-verdict').textContent()).toContain('Thẻ không hợp lệ');
    await screenshot(page, 'cards-verify-mrz-invalid');
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('the card where people see it', () => {
  it('shows Lan her card on a phone: the face, the QR code that reads back to the printed payload, the back', async () => {
    const { page, errors } = await citizenPage(browser, server.url, lanPin, LAN);
    await page.getByTestId('portal-tab-card').click();
    await page.getByTestId('my-card-front').waitFor();
    expect(await page.getByTestId('my-card-name').textContent()).toBe('NGUYỄN THỊ LAN');
    expect(await page.getByTestId('my-card-pin').textContent()).toBe(lanPin);
    expect(await page.getByTestId('my-card-status').getAttribute('data-status')).toBe('valid');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="my-card"] img')].every(
        (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
      ),
    );
    const src = (await page.getByTestId('my-card-qr-image').getAttribute('src'))!;
    const png = PNG.sync.read(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(lanCard.qr);
    await fitsAndShoot(page, 'cards-portal-phone');
    expect(realErrors(errors)).toEqual([]);
  });

  it('shows the photo from the card on the person page', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/people/${lanPin}`);
    await page.getByTestId('person-card-photo').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="person-card-photo"]') as HTMLImageElement;
      return img.complete && img.naturalWidth > 0;
    });
    expect(await page.locator('[data-testid="person-card-row"]').first().getAttribute('data-status')).toBe(
      'valid',
    );
    expect(await page.getByTestId('person-card-apply').getAttribute('href')).toBe(`/cards?pin=${lanPin}`);
    await screenshot(page, 'cards-person-page');
    expect(realErrors(errors)).toEqual([]);
  });

  it('puts the card photo beside the selfie in the e-ID enrolment review', async () => {
    // Minh's approved application (demo) is produced and delivered, then he enrols for an e-ID.
    const minhPin = server.demoLogins.find((l) => l.description.includes(MINH.fullName))!.username;
    const centre = await apiAs(server.url, 'cb.quocgia');
    await centre.call('POST', '/api/cards/batches', {});
    const minhCard = (await desk.call<Card[]>('GET', `/api/cards/people/${minhPin}`))[0]!;
    await desk.call('POST', `/api/cards/${minhCard.id}/delivery`, { to: 'delivered' });
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const outbox = devOutbox(server.url);
    const seen = await outbox.seen(MINH.phone);
    const started = await post('/api/citizen/enrolments', {
      pin: minhPin,
      fullName: MINH.fullName,
      birthDate: MINH.birthDate,
      phone: MINH.phone,
    });
    await post(`/api/citizen/enrolments/${String(started.enrolmentId)}/confirm`, {
      code: await outbox.nextCode(MINH.phone, seen),
      passcode: MINH.passcode,
      photo: portraitPng().toString('base64'),
    });

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/eid`);
    await page
      .locator(`[data-testid="review-row"][data-pin="${minhPin}"]`)
      .getByTestId('review-open')
      .click();
    const panel = page.getByTestId('review-panel');
    await panel.getByTestId('review-card-photo').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="review-panel"] img')].every(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
    expect(await panel.getByTestId('review-no-registry-photo').count()).toBe(0);
    await screenshot(page, 'cards-review-compare');
    expect(realErrors(errors)).toEqual([]);
  });

  it('Lan reports her card stolen in the portal: it is revoked at once, and a check of its QR code says so', async () => {
    const { page, errors } = await citizenPage(browser, server.url, lanPin, LAN);
    await page.getByTestId('portal-tab-card').click();
    await page.getByTestId('my-card-report-open').click();
    await page.getByTestId('my-card-report-stolen').check();
    await page.getByTestId('my-card-report-note').fill('Bị móc túi trên xe buýt');
    await fitsAndShoot(page, 'cards-portal-report-dialog');
    await page.getByTestId('my-card-report-dialog-confirm').click();
    await page.locator('[data-testid="my-card-status"][data-status="revoked"]').first().waitFor();
    expect(await page.getByTestId('my-card-report').count()).toBe(0);
    // The QR code of a revoked card is not shown for anyone to scan.
    expect(await page.getByTestId('my-card-qr').count()).toBe(0);
    expect(await page.getByTestId('my-card-not-valid').textContent()).toContain('đã bị thu hồi');
    const answer = await desk.call<{ valid: boolean; errors: Array<{ code: string }> }>(
      'POST',
      '/api/cards/verify',
      { qr: lanCard.qr },
    );
    expect(answer.valid).toBe(false);
    expect(answer.errors.map((e) => e.code)).toContain('card_revoked');
    await fitsAndShoot(page, 'cards-portal-revoked');
    expect(realErrors(errors)).toEqual([]);
  });
});

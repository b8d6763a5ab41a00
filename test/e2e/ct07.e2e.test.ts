import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { devOutbox } from './dev-outbox.js';
import { renderPdf } from './pdf.js';

/**
 * CT07 in the browser: the commune officer issues Lan's confirmation from her person page
 * (desktop; another office issues through the API, see ct07.test.ts); the PDF is rendered to PNG with pdftoppm (poppler-utils) to look at, and the
 * QR code read back from that image opens the public verification page on a phone, which says
 * genuine; one changed character says invalid. Lan then gets her own CT07 in the portal on a
 * 390×844 phone. Screenshots: test-output/screenshots/ct07-*.
 */
const PHONE = { width: 390, height: 844 };
const LAN = { fullName: 'Nguyễn Thị Lan', phone: '0912000001', passcode: '246810' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-ct07-e2e-'));

let server: RunningServer;
let browser: Browser;
let lanPin: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  lanPin = server.demoLogins.find((l) => l.description.includes(LAN.fullName))!.username;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function download(page: Page, testId: string, file: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  const target = path.join(tmp, file);
  await dl.saveAs(target);
  return target;
}

describe('CT07 in the browser', () => {
  let qrText: string;

  it('the commune officer issues it from the person page; the PDF renders in Vietnamese with a readable QR code', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('cb.phuongbadinh');
    await page.getByTestId('login-password').fill('demo-password-2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/people/${lanPin}`);
    await page.getByTestId('person-name').waitFor();
    await page.getByTestId('ct07-issue').click();
    await page.getByTestId('ct07-issued').waitFor();
    expect(await page.getByTestId('ct07-issued').textContent()).toMatch(/Đã cấp giấy xác nhận số 00004\/\d{4}\/\d{6}/);
    await screenshot(page, 'ct07-console-issued');
    const pdf = await download(page, 'ct07-download', 'ct07-officer.pdf');
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).normalize('NFC');
    for (const s of ['GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ', LAN.fullName, 'Phạm Gia Bảo', 'CÔNG AN PHƯỜNG BA ĐÌNH', lanPin]) expect(text).toContain(s);
    const rendered = renderPdf(pdf, 'ct07-pdf-officer', tmp);
    expect(fs.statSync(rendered.png).size).toBeGreaterThan(20_000);
    qrText = rendered.qr;
    expect(qrText).toMatch(/\/xac-minh\/ct07#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The PDF carries a signature a reader shows (pdfsig lists it when poppler has it).
    expect(fs.readFileSync(pdf).toString('latin1')).toContain('/ByteRange');
    expect(errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
  });

  it('the QR read from the PDF verifies on the public page on a phone; one changed character does not', async () => {
    const page = await newPage(browser, PHONE);
    const url = new URL(qrText);
    await page.goto(`${server.url}${url.pathname}${url.hash}`);
    await page.locator('[data-testid="ct07-status"][data-status="genuine"]').waitFor();
    expect(await page.getByTestId('ct07-name').textContent()).toBe(LAN.fullName);
    await screenshot(page, 'ct07-verify-phone-genuine');
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    const token = url.hash.slice(1);
    const i = Math.floor(token.length / 2);
    const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    await page.goto(`${server.url}/xac-minh/ct07#${changed}`);
    await page.locator('[data-testid="ct07-status"][data-status="invalid"]').waitFor();
    expect(await page.getByTestId('ct07-status').textContent()).toContain('Không hợp lệ');
    expect(await page.getByTestId('ct07-document').count()).toBe(0);
    await screenshot(page, 'ct07-verify-phone-invalid');
  });

  it('another commune\'s officer issues one from the CT07 desk for a citizen who lives elsewhere, and revokes it; the public page then says revoked', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('cb.phuongngocha');
    await page.getByTestId('login-password').fill('demo-password-2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('nav a[href="/ct07"]').click();
    await page.getByTestId('ct07-desk').waitFor();
    await page.getByTestId('ct07-desk-pin').fill('12345');
    await page.getByTestId('ct07-desk-issue').click();
    expect(await page.locator('[data-field="pin"]').textContent()).toContain('12 chữ số');
    // Lan lives in Ba Đình; Ngọc Hà's office confirms her residence all the same. Her PIN pasted
    // as it is printed, in groups, keeps its twelve digits (an input capped at 12 characters kept nine).
    await page.getByTestId('ct07-desk-pin').fill(lanPin.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4'));
    expect(await page.getByTestId('ct07-desk-pin').inputValue()).toBe(lanPin);
    await page.getByTestId('ct07-desk-issue').click();
    await page.getByTestId('ct07-issued').waitFor();
    expect(await page.getByTestId('ct07-issued').textContent()).toMatch(/Đã cấp giấy xác nhận số 00008\/\d{4}\/\d{6}/);
    expect(await page.getByTestId('ct07-name').textContent()).toBe(LAN.fullName);
    await screenshot(page, 'ct07-desk-issued');
    const verifyPath = await page.getByTestId('ct07-verify-link').getAttribute('href');

    await page.getByTestId('ct07-desk-revoke').click();
    expect(await page.locator('[data-field="reason"]').textContent()).toContain('ít nhất 3 ký tự');
    await page.getByTestId('ct07-desk-reason').fill('Cấp nhầm người');
    await page.getByTestId('ct07-desk-revoke').click();
    await page.getByTestId('ct07-desk-revoke-confirm-confirm').click();
    await page.getByTestId('ct07-desk-revoked').waitFor();
    await screenshot(page, 'ct07-desk-revoked');
    expect(errors).toEqual([]);

    const phone = await newPage(browser, PHONE);
    await phone.goto(`${server.url}${verifyPath}`);
    await phone.locator('[data-testid="ct07-status"][data-status="revoked"]').waitFor();
    expect(await phone.getByTestId('ct07-status').textContent()).toContain('thu hồi');
  });

  it('the citizen gets her own CT07 in the portal on a phone and downloads it', async () => {
    const page = await newPage(browser, PHONE);
    const outbox = devOutbox(server.url);
    const before = await outbox.seen(LAN.phone);
    await page.goto(`${server.url}/portal/login`);
    await page.getByLabel('Số định danh cá nhân').fill(lanPin);
    await page.getByLabel('Mật mã (6 số)').fill(LAN.passcode);
    await page.getByTestId('portal-login-submit').click();
    await page.getByTestId('portal-login-second').waitFor();
    const code = await outbox.nextCode(LAN.phone, before);
    await page.getByLabel('Mã xác thực').fill(code);
    await page.getByTestId('portal-login-verify').click();
    await page.waitForURL(`${server.url}/portal`);
    await page.getByTestId('portal-tab-ct07').click();
    await page.getByTestId('ct07-issue-own').click();
    await page.getByTestId('ct07-issued').waitFor();
    await page.getByTestId('ct07-list').waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'ct07-portal-phone');
    const pdf = await download(page, 'ct07-download', 'ct07-citizen.pdf');
    const rendered = renderPdf(pdf, 'ct07-pdf-citizen', tmp);
    const check = (await (await fetch(`${server.url}/api/public/ct07/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: rendered.qr }) })).json()) as { status: string; issuingOffice: string };
    expect(check).toMatchObject({ status: 'genuine', issuingOffice: 'Công an Phường Ba Đình' });
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoAccount } from '../../src/modules/eid/index.js';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { PDF } from '../dossier-procedures.js';
import { devOutbox } from './dev-outbox.js';
import { citizenPage, fitsAndShoot } from './portal.js';
import { renderPdf } from './pdf.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { DEMO_PASSWORD } from './officer-api.js';

/**
 * Issue 17, "Done when" (third bullet), end to end over the demo: on a 390×844 phone Lan files
 * RES.temporary-registration online for a rented room in Phường Ngọc Hà, naming Minh as the
 * dwelling's owner, and attaches her CT01; Minh consents in his own portal account; the Ngọc Hà
 * officer receives, records the fee, reviews, approves and gives the result (desktop); Lan sees
 * the dossier finished in "Hồ sơ của tôi" and downloads her CT07, which now lists the temporary
 * residence; the PDF rendered to PNG reads in Vietnamese, its QR verifies as genuine on the
 * public page, and the same token with one changed character does not.
 * Screenshots: test-output/screenshots/residence-*.
 */
const PHONE = { width: 390, height: 844 };
const LAN = { fullName: 'Nguyễn Thị Lan', phone: '0912000001', passcode: '246810' };
const MINH = { fullName: 'Trần Văn Minh', phone: '0987000003', passcode: '583920' };
const ADDRESS = 'Phòng 302, số 18 ngõ 29 phố Đội Cấn';
const PROCEDURE = 'RES.temporary-registration';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-residence-e2e-'));

/** A day in Vietnam time, `days` after today, as YYYY-MM-DD. */
function vnDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
}
const VALID_FROM = vnDay(0);
const PLANNED_END = vnDay(365);
const dmy = (iso: string) => iso.split('-').reverse().join('/');

let server: RunningServer;
let browser: Browser;
let lanPin: string;
let minhPin: string;
let dossierId: string;
let dossierCode: string;

const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));


beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  lanPin = server.demoLogins.find((l) => l.description.includes(LAN.fullName))!.username;
  minhPin = server.demoLogins.find((l) => l.description.includes(MINH.fullName))!.username;
  // Minh, the owner asked to consent, gets a level-2 e-ID account of his own.
  await createDemoAccount(server.app.ctx, minhPin, MINH.phone, MINH.passcode);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('temporary residence online, from the phone to a verified CT07', () => {
  it('the citizen files the temporary-residence registration on a phone, names the owner and attaches her CT01', async () => {
    const { page, errors } = await citizenPage(browser, server.url, lanPin, LAN);
    await page.getByTestId('portal-tab-procedures').click();
    const card = page.locator(`[data-testid="procedure"][data-code="${PROCEDURE}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Đăng ký tạm trú');
    expect(await card.getByTestId('fee').textContent()).toContain('7.000');
    await fitsAndShoot(page, 'residence-01-procedures');
    await card.getByTestId('procedure-start').click();
    await page.getByTestId('procedure-form').waitFor();
    // The office defaults to where she lives (Ba Đình); she stays in Ngọc Hà.
    await expect.poll(() => page.getByTestId('picked-unitCode').textContent()).toContain('Ba Đình');
    await page.getByTestId('form-address').fill(ADDRESS);
    // Dates typed day/month/year, as on a Vietnamese form (not the browser's month-first picker).
    expect(await page.getByTestId('form-validFrom').getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await page.getByTestId('form-validFrom').fill(dmy(VALID_FROM));
    await page.getByTestId('form-plannedEnd').fill(dmy(PLANNED_END));
    await page.getByTestId('form-ownerPin').fill(minhPin);
    // The portal names nobody from a typed PIN (only the counter looks names up).
    expect(await page.getByTestId('pin-name').count()).toBe(0);
    await page.getByTestId('change-unitCode').click();
    await page.getByTestId('input-unitCode').fill('Ngọc Hà');
    await page.getByTestId('options-unitCode').getByTestId('unit-option').filter({ hasText: 'Ngọc Hà' }).first().click();
    await expect.poll(() => page.getByTestId('picked-unitCode').textContent()).toContain('Ngọc Hà');
    expect(await page.getByTestId('document-CT01').getAttribute('data-state')).toBe('missing');
    await fitsAndShoot(page, 'residence-02-form');

    await page.getByTestId('filing-review').click();
    await page.getByTestId('filing-confirm').waitFor();
    const summary = (await page.getByTestId('form-summary').textContent()) ?? '';
    expect(summary).toContain(ADDRESS);
    expect(summary).toContain(minhPin);
    expect(summary).toContain(dmy(PLANNED_END));
    await fitsAndShoot(page, 'residence-03-confirm');
    await page.getByTestId('filing-submit').click();
    await page.getByTestId('filed').waitFor();
    dossierCode = ((await page.getByTestId('dossier-code').textContent()) ?? '').trim();
    expect(dossierCode).toMatch(/^00008-\d{8}-\d{4}$/);
    dossierId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.getByTestId('dossier-state').textContent()).toBe('Chờ tiếp nhận');
    // The owner is asked at once; the dossier waits for him.
    expect(await page.getByTestId('dossier').textContent()).toContain('chờ người liên quan đồng ý');
    expect(await page.getByTestId('timeline').textContent()).toContain('chủ sở hữu');
    // The CT01 declaration the checklist requires, attached from the phone.
    expect(await page.getByTestId('document-CT01').getAttribute('data-state')).toBe('missing');
    await page.getByTestId('upload-CT01').setInputFiles({ name: 'to-khai-CT01.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('document-CT01').getAttribute('data-state')).toBe('attached');
    await fitsAndShoot(page, 'residence-04-filed');
    expect(realErrors(errors)).toEqual([]);
  });

  it('the dwelling owner is texted the request, sees it in his own portal and consents', async () => {
    // The request made at filing reaches him by SMS (the relay and dispatcher run each second).
    await expect
      .poll(async () => (await devOutbox(server.url).messagesTo(MINH.phone)).some((m) => m.body.includes(`về hồ sơ ${dossierCode}`) && m.body.includes(LAN.fullName)), { timeout: 30_000 })
      .toBe(true);
    const { page, errors } = await citizenPage(browser, server.url, minhPin, MINH);
    await page.getByTestId('portal-tab-consents').click();
    const card = page.locator(`[data-testid="consent-request"][data-code="${dossierCode}"]`);
    await card.waitFor();
    expect(await card.getByTestId('consent-applicant').textContent()).toBe(LAN.fullName);
    expect(await card.textContent()).toContain(ADDRESS);
    expect(await card.textContent()).toContain('Đăng ký tạm trú');
    expect(await card.textContent()).not.toContain(lanPin);
    await fitsAndShoot(page, 'residence-06-consent-request');
    await card.getByTestId('consent-approve').click();
    await page.getByTestId('consent-confirm').waitFor();
    await page.getByTestId('consent-confirm-confirm').click();
    await page.getByTestId('consent-done').waitFor();
    await page.getByTestId('empty').waitFor();
    await fitsAndShoot(page, 'residence-07-consent-given');
    expect(realErrors(errors)).toEqual([]);
  });

  it('the Ngọc Hà officer receives, records the fee, reviews, approves and gives the result', async () => {
    const page = await newPage(browser, { width: 1440, height: 900 });
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('cb.phuongngocha');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('sidenav').waitFor();
    await page.getByTestId('nav-dossiers').click();
    await page.getByTestId('queue-table').waitFor();
    const row = page.locator(`[data-testid="queue-row"][data-code="${dossierCode}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(LAN.fullName);
    expect(await row.textContent()).toContain('Đăng ký tạm trú');
    await screenshot(page, 'residence-08-officer-queue');
    await row.getByTestId('queue-open').click();
    await page.getByTestId('dossier-page').waitFor();
    expect(await page.getByTestId('dossier-code').textContent()).toBe(dossierCode);
    expect(await page.getByTestId('dossier-page').textContent()).toContain(ADDRESS);

    const act = async (action: string, state: string, fill?: () => Promise<void>) => {
      await page.getByTestId(`action-${action}`).click();
      await page.getByTestId('action-dialog').waitFor({ state: 'visible' });
      if (fill) await fill();
      await page.getByTestId('action-dialog-confirm').click();
      await page.locator(`[data-testid="dossier-state"][data-state="${state}"]`).first().waitFor();
      await page.getByTestId('action-done').waitFor();
    };
    await act('receive', 'received');
    expect(await page.getByTestId('dossier-due').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await act('pay_fee', 'fee_paid', async () => {
      await page.getByTestId('act-method').selectOption('online');
      await page.getByTestId('act-receipt').fill('TT-2026-0307');
    });
    await act('review', 'in_review');
    await act('decide', 'approved', async () => {
      await page.getByTestId('outcome-approve').check();
      await page.getByTestId('act-note').fill('Đủ điều kiện đăng ký tạm trú; chủ sở hữu đã đồng ý.');
    });
    await screenshot(page, 'residence-09-officer-approved');
    await act('notify_result', 'result_notified');
    const log = await page.getByTestId('log-entry').evaluateAll((li) => li.map((x) => x.getAttribute('data-type')));
    expect(log).toEqual(['submit', 'request_consent', 'give_consent', 'receive', 'pay_fee', 'review', 'decide', 'notify_result']);
    await screenshot(page, 'residence-10-officer-result');
    expect(realErrors(errors)).toEqual([]);
  });

  it('the citizen sees the dossier finished, downloads her CT07 listing the temporary residence; its QR verifies, one changed character does not', async () => {
    const { page, errors } = await citizenPage(browser, server.url, lanPin, LAN);
    await page.getByTestId('portal-tab-dossiers').click();
    const mine = page.locator(`[data-testid="my-dossier"][data-code="${dossierCode}"]`);
    await mine.waitFor();
    expect(await mine.getByTestId('dossier-state').textContent()).toBe('Đã trả kết quả');
    expect(await mine.getByTestId('dossier-due').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await fitsAndShoot(page, 'residence-11-my-dossiers');
    await page.goto(`${server.url}/portal/dossiers/${encodeURIComponent(dossierId)}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('Người liên quan đã đồng ý');
    const outcome = page.getByTestId('dossier-outcome');
    expect(await outcome.getAttribute('data-outcome')).toBe('approved');
    expect(await outcome.textContent()).toContain('chấp thuận');
    await fitsAndShoot(page, 'residence-12-dossier-finished');

    // The outcome leads to the confirmation that now lists the stay.
    await page.getByTestId('outcome-ct07').click();
    await page.getByTestId('ct07-issue-own').click();
    await page.getByTestId('ct07-issued').waitFor();
    await page.getByTestId('ct07-list').waitFor();
    await fitsAndShoot(page, 'residence-13-ct07-portal');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ct07-download').first().click()]);
    const pdf = path.join(tmp, 'ct07-residence.pdf');
    await dl.saveAs(pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    // The text layer: correct Vietnamese, and the temporary residence now on it.
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).normalize('NFC');
    for (const s of ['GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ', 'Họ, chữ đệm và tên', LAN.fullName, lanPin, 'Nơi thường trú', 'Kim Mã', 'Phạm Gia Bảo']) expect(text).toContain(s);
    const temporaryLine = text.split('\n').find((l) => l.includes('Nơi tạm trú')) ?? '';
    expect(temporaryLine).toContain('Phòng 302, số 18 ngõ 29');
    const oneLine = text.replace(/\s+/g, ' ');
    expect(oneLine).toContain(`${ADDRESS}, Phường Ngọc Hà`);
    expect(oneLine).toContain(`đến ngày ${dmy(PLANNED_END)}`);
    const rendered = renderPdf(pdf, 'residence-14-ct07-pdf', tmp);
    expect(fs.statSync(rendered.png).size).toBeGreaterThan(20_000);
    expect(rendered.qr).toMatch(/\/xac-minh\/ct07#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    // The QR read from the rendered page opens the public verification page: genuine.
    const verify = await newPage(browser, PHONE);
    const verifyErrors = collectPageErrors(verify);
    const url = new URL(rendered.qr);
    await verify.goto(`${server.url}${url.pathname}${url.hash}`);
    await verify.locator('[data-testid="ct07-status"][data-status="genuine"]').waitFor();
    expect(await verify.getByTestId('ct07-name').textContent()).toBe(LAN.fullName);
    expect(await verify.getByTestId('ct07-document').textContent()).toContain(ADDRESS);
    await fitsAndShoot(verify, 'residence-15-verify-genuine');

    // The same token with one character changed: not genuine, and nothing of the document shown.
    const token = url.hash.slice(1);
    const i = Math.floor(token.length / 2);
    const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    expect(changed).not.toBe(token);
    await verify.goto(`${server.url}/xac-minh/ct07#${changed}`);
    await verify.locator('[data-testid="ct07-status"][data-status="invalid"]').waitFor();
    expect(await verify.getByTestId('ct07-status').textContent()).toContain('Không hợp lệ');
    expect(await verify.getByTestId('ct07-document').count()).toBe(0);
    await fitsAndShoot(verify, 'residence-16-verify-changed');
    expect(realErrors([...errors, ...verifyErrors])).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoAccount } from '../../src/modules/eid/index.js';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { PDF, STAY_TEST } from '../dossier-procedures.js';
import { citizenPage, fitsAndShoot } from './portal.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs, DEMO_PASSWORD } from './officer-api.js';

/**
 * Online filing on a phone (390×844): a citizen files the test procedure (annotated by the
 * form convention) from "Thủ tục cư trú", checks it, files it, attaches a document and finds it
 * in "Hồ sơ của tôi"; another citizen answers the owner's consent in their own account; an
 * officer files the same procedure at the counter (desktop). The lead re-points this at
 * RES.temporary-registration once the residence module is merged. Screenshots: filing-*.
 */
const LAN = { fullName: 'Nguyễn Thị Lan', phone: '0912000001', passcode: '246810' };
const MINH = { fullName: 'Trần Văn Minh', phone: '0987000003', passcode: '583920' };

let server: RunningServer;
let browser: Browser;
let lanPin: string;
let minhPin: string;
let filedCode: string;

const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));


beforeAll(async () => {
  expect(STAY_TEST.code).toBe('TEST.temporary-stay');
  browser = await launchBrowser();
  server = await startDemoServer();
  lanPin = server.demoLogins.find((l) => l.description.includes(LAN.fullName))!.username;
  minhPin = server.demoLogins.find((l) => l.description.includes(MINH.fullName))!.username;
  // Minh (the owner asked to consent) gets a level-2 account of his own.
  await createDemoAccount(server.app.ctx, minhPin, MINH.phone, MINH.passcode);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('online filing on a 390×844 phone', () => {
  it('a citizen files the procedure with the form prefilled, checks it, attaches a document and sees it in “my dossiers”', async () => {
    const { page, errors } = await citizenPage(browser, server.url, lanPin, LAN);
    await page.getByTestId('portal-tab-procedures').click();
    await page.locator(`[data-testid="procedure"][data-code="${STAY_TEST.code}"]`).waitFor();
    await fitsAndShoot(page, 'filing-phone-procedures');
    await page.locator(`[data-testid="procedure"][data-code="${STAY_TEST.code}"]`).getByTestId('procedure-start').click();
    await page.getByTestId('procedure-form').waitFor();
    // Lan's permanent address comes from the registry, read-only, and says so.
    await expect.poll(() => page.getByTestId('form-permanentAddress').inputValue()).toContain('Kim Mã');
    expect(await page.getByTestId('form-permanentAddress').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('registry-permanentAddress').textContent()).toContain('Theo dữ liệu dân cư');
    // Sending it empty: each problem sits under its field.
    await page.getByTestId('filing-review').click();
    await page.getByTestId('filing-errors').waitFor();
    expect(await page.getByTestId('error-form.address').textContent()).toBeTruthy();
    await fitsAndShoot(page, 'filing-phone-form-errors');

    await page.getByTestId('form-address').fill('Số 5, ngõ 12 phố Kim Mã');
    await page.getByTestId('input-form.unitCode').fill('Ba Đình');
    await page.getByTestId('options-form.unitCode').getByTestId('unit-option').first().click();
    await page.getByTestId('form-dwelling').selectOption('rented');
    await page.getByTestId('form-ownerPin').fill(minhPin);
    await page.getByTestId('form-plannedEnd').fill('2027-06-30');
    await page.getByTestId('form-months').fill('7');
    await page.getByTestId('form-members-add').click();
    await page.getByTestId('form-members-item').getByTestId('form-relation').selectOption('con');
    await page.getByTestId('form-members-item').getByTestId('form-pin').fill('001234567890');
    await page.getByTestId('form-members-remove').click();
    await fitsAndShoot(page, 'filing-phone-form');
    await page.getByTestId('filing-review').click();
    await page.getByTestId('filing-confirm').waitFor();
    expect(await page.getByTestId('form-summary').textContent()).toContain('Nhà thuê, mượn');
    await fitsAndShoot(page, 'filing-phone-confirm');
    await page.getByTestId('filing-submit').click();
    await page.getByTestId('filed').waitFor();
    filedCode = ((await page.getByTestId('dossier-code').textContent()) ?? '').trim();
    expect(filedCode).toMatch(/^\d{5}-\d{8}-\d{4}$/);
    expect(await page.getByTestId('dossier-state').textContent()).toBe('Chờ tiếp nhận');
    // The document the procedure asks for, attached from the phone.
    await page.getByTestId('upload-proof_of_dwelling').setInputFiles({ name: 'hop-dong.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('document-proof_of_dwelling').getAttribute('data-state')).toBe('attached');
    expect(await page.getByTestId('document-citizen_id').getAttribute('data-state')).toBe('registry');
    await fitsAndShoot(page, 'filing-phone-submitted');

    await page.getByTestId('portal-tab-dossiers').click();
    await page.locator(`[data-testid="my-dossier"][data-code="${filedCode}"]`).waitFor();
    expect(await page.locator(`[data-testid="my-dossier"][data-code="${filedCode}"]`).getByTestId('dossier-due').textContent()).toContain('Chưa có');
    await fitsAndShoot(page, 'filing-phone-my-dossiers');
    expect(realErrors(errors)).toEqual([]);
  });

  it('the owner sees the consent request in their own account and consents after a confirmation; the applicant sees it in the timeline', async () => {
    // The office asks the owner named on the form.
    const officer = await apiAs(server.url, 'cb.phuongbadinh');
    const queue = await officer.call<{ items: Array<{ id: string; code: string; lastSeq: number }> }>('GET', `/api/dossiers?procedure=${STAY_TEST.code}`);
    const d = queue.items.find((x) => x.code === filedCode)!;
    await officer.call('POST', `/api/dossiers/${d.id}/actions`, { type: 'request_consent', expectedSeq: d.lastSeq, payload: { pin: minhPin, role: 'owner' } });

    const { page, errors } = await citizenPage(browser, server.url, minhPin, MINH);
    await page.getByTestId('portal-tab-consents').click();
    const card = page.locator(`[data-testid="consent-request"][data-code="${filedCode}"]`);
    await card.waitFor();
    expect(await card.getByTestId('consent-applicant').textContent()).toBe(LAN.fullName);
    expect(await card.textContent()).toContain('Số 5, ngõ 12 phố Kim Mã');
    expect(await card.textContent()).not.toContain(lanPin);
    await fitsAndShoot(page, 'filing-phone-consent-inbox');
    await card.getByTestId('consent-approve').click();
    await page.getByTestId('consent-confirm').waitFor();
    await fitsAndShoot(page, 'filing-phone-consent-confirm');
    await page.getByTestId('consent-confirm-confirm').click();
    await page.getByTestId('consent-done').waitFor();
    await page.getByTestId('empty').waitFor();
    await fitsAndShoot(page, 'filing-phone-consent-done');
    expect(realErrors(errors)).toEqual([]);

    const { page: lan } = await citizenPage(browser, server.url, lanPin, LAN);
    await lan.goto(`${server.url}/portal/dossiers/${d.id}`);
    await lan.getByTestId('timeline').waitFor();
    expect(await lan.getByTestId('timeline').textContent()).toContain('Người liên quan đã đồng ý');
    await fitsAndShoot(lan, 'filing-phone-dossier-timeline');
  });
});

describe('counter filing at the desk', () => {
  it('an officer files for a person without an account: procedure, PIN with the name, the same form, then the documents', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('cb.phuongbadinh');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('sidenav').waitFor();
    await page.getByTestId('nav-counterFiling').click();
    await page.getByTestId('counter-procedure').selectOption(STAY_TEST.code);
    await page.getByTestId('counter-pin').fill(minhPin);
    await expect.poll(() => page.getByTestId('counter-form').getByTestId('pin-name').first().textContent()).toBe(MINH.fullName);
    await page.getByTestId('form-address').fill('Số 21, phố Đội Cấn');
    await page.getByTestId('input-form.unitCode').fill('Ba Đình');
    await page.getByTestId('options-form.unitCode').getByTestId('unit-option').first().click();
    await page.getByTestId('form-dwelling').selectOption('own');
    await page.getByTestId('form-plannedEnd').fill('2027-03-31');
    await page.getByTestId('form-months').fill('30');
    await page.getByTestId('counter-submit').click();
    // The server's answer lands under the field it names.
    await page.getByTestId('error-form.months').waitFor();
    await screenshot(page, 'filing-desk-counter-error');
    await page.getByTestId('form-months').fill('4');
    await page.getByTestId('counter-submit').click();
    await page.getByTestId('counter-filed').waitFor();
    expect(await page.getByTestId('counter-filed').textContent()).toMatch(/Đã tiếp nhận hồ sơ \d{5}-\d{8}-\d{4}/);
    expect(await page.getByTestId('fee').textContent()).toContain('15.000');
    await page.getByTestId('upload-proof_of_dwelling').setInputFiles({ name: 'so-do.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('document-proof_of_dwelling').getAttribute('data-state')).toBe('attached');
    await screenshot(page, 'filing-desk-counter-filed');
    expect(realErrors(errors)).toEqual([]);
  });
});

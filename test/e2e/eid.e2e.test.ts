import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/kernel/auth/totp.js';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { startRelyingParty, type RelyingParty } from '../rp/relying-party.js';
import { devOutbox } from './dev-outbox.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { portraitPng } from './portrait.js';
import { apiAs as officerApi, DEMO_PASSWORD, type Api } from './officer-api.js';

const PASSWORD = DEMO_PASSWORD;

const MINH = { fullName: 'Trần Văn Minh', birthDate: '21/09/1995', phone: '0987000002', passcode: '583920' };

let server: RunningServer;
let browser: Browser;
let rp: RelyingParty | undefined;
let minhPin: string;
/** The citizen's browser (context A) stays logged in from one test to the next. */
let citizen: Page;
let citizenErrors: string[];
let totpSecret: string;
/** The last TOTP time step the server accepted: a code is good once, so the next must be later. */
let lastTotpStep = 0;
let rpClientName: string;

/** The API as an officer, from Node. */
const apiAs = (username: string): Promise<Api> => officerApi(server.url, username);

/** A TOTP code of a step later than the last one used (codes of the next step are accepted early; else wait). */
async function freshTotp(): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(lastTotpStep + 1, current);
    if (step <= current + 1 && (step > current || Date.now() % 30_000 < 25_000)) {
      lastTotpStep = step;
      return totpCode(totpSecret, new Date(step * 30_000 + 1_000));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

// ---- a small real PNG: a drawn portrait with some grain, so it is over the 2 KiB minimum

/** Page errors other than the browser's note about 4xx answers (a 401 or 409 is how the API says no). */
function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
}

async function officerLogIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** Step 1 of the portal login: PIN and passcode. */
async function citizenStart(page: Page, pin: string, passcode: string): Promise<void> {
  await page.getByLabel('Số định danh cá nhân').fill(pin);
  await page.getByLabel('Mật mã (6 số)').fill(passcode);
  await page.getByTestId('portal-login-submit').click();
  await page.getByTestId('portal-login-second').waitFor();
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

const nextCode = (phone: string, before: Set<string>) => devOutbox(server.url).nextCode(phone, before);
const seen = (phone: string) => devOutbox(server.url).seen(phone);

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  const minh = server.demoLogins.find((l) => l.role === 'citizen' && l.description.includes(MINH.fullName));
  if (!minh) throw new Error('the demo has no Trần Văn Minh');
  minhPin = minh.username;
});

afterAll(async () => {
  await rp?.close();
  await browser?.close();
  await server?.close();
});

describe('electronic identity: portal, officers, and logging in to a service', () => {
  it('enrols a citizen at level 1 in the browser, and an officer approves the photo', async () => {
    citizen = await newPage(browser);
    citizenErrors = collectPageErrors(citizen);
    await citizen.goto(`${server.url}/portal`);
    await citizen.getByTestId('portal-login-page').waitFor();
    expect(new URL(citizen.url()).pathname).toBe('/portal/login');
    await screenshot(citizen, 'portal-login');
    await citizen.getByTestId('link-enrol').click();
    await citizen.getByTestId('enrol-details').waitFor();

    // Details that do not match the registry are refused without saying which one is wrong.
    await citizen.getByLabel('Số định danh cá nhân').fill(minhPin);
    await citizen.getByLabel('Họ, chữ đệm và tên').fill(MINH.fullName);
    await citizen.getByLabel('Ngày sinh').fill('22/09/1995');
    await citizen.getByLabel('Số điện thoại di động').fill(MINH.phone);
    await citizen.getByTestId('enrol-submit').click();
    // Titled as what it is: a mismatch with the registry, not "not saved".
    await citizen.getByTestId('enrol-mismatch').waitFor();
    expect(await text(citizen, 'enrol-mismatch')).toContain('Thông tin không khớp với Cơ sở dữ liệu dân cư');
    expect(await text(citizen, 'enrol-mismatch')).not.toContain('Chưa lưu được');
    expect(await text(citizen, 'enrol-mismatch')).toContain('Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư');
    await screenshot(citizen, 'portal-enrol-mismatch');

    const before = await seen(MINH.phone);
    await citizen.getByLabel('Ngày sinh').fill(MINH.birthDate);
    await citizen.getByTestId('enrol-submit').click();
    await citizen.getByTestId('enrol-confirm').waitFor();
    expect(await text(citizen, 'enrol-code-sent')).toContain('09******02');
    const code = await nextCode(MINH.phone, before);

    // A passcode that is too easy is refused by the server, next to the field.
    await citizen.getByLabel('Mã xác thực (SMS)').fill(code);
    await citizen.getByLabel('Mật mã (6 số)').fill('123456');
    await citizen.getByLabel('Nhập lại mật mã').fill('123456');
    await citizen.getByTestId('input-photo').setInputFiles({ name: 'chan-dung.png', mimeType: 'image/png', buffer: portraitPng() });
    await citizen.getByTestId('photo-preview').waitFor();
    await citizen.getByTestId('enrol-confirm-submit').click();
    await citizen.getByTestId('error-passcode').waitFor();
    expect(await text(citizen, 'error-passcode')).toContain('Mật mã quá dễ đoán');
    await screenshot(citizen, 'portal-enrol-confirm');

    await citizen.getByLabel('Mật mã (6 số)').fill(MINH.passcode);
    await citizen.getByLabel('Nhập lại mật mã').fill(MINH.passcode);
    await citizen.getByTestId('enrol-confirm-submit').click();
    await citizen.getByTestId('enrol-done').waitFor();
    expect(await text(citizen, 'enrol-done')).toContain('Công an xã/phường sẽ đối chiếu ảnh chân dung');
    await screenshot(citizen, 'portal-enrol-done');

    // Before approval the account cannot log in.
    await citizen.goto(`${server.url}/portal/login`);
    await citizen.getByLabel('Số định danh cá nhân').fill(minhPin);
    await citizen.getByLabel('Mật mã (6 số)').fill(MINH.passcode);
    await citizen.getByTestId('portal-login-submit').click();
    await citizen.getByTestId('portal-login-error').waitFor();
    expect(await text(citizen, 'portal-login-error')).toContain('đang chờ Công an phê duyệt');

    // The commune officer compares the photo and approves, in another browser context.
    const officer = await newPage(browser);
    const officerErrors = collectPageErrors(officer);
    await officer.goto(`${server.url}/eid`);
    await officerLogIn(officer, 'cb.phuongbadinh');
    const row = officer.locator(`[data-testid="review-row"][data-pin="${minhPin}"]`);
    await row.waitFor();
    expect(await officer.getByTestId('nav-eid').getAttribute('aria-current')).toBe('page');
    expect(await row.textContent()).toContain('21/09/1995');
    await row.getByTestId('review-open').click();
    const photo = officer.getByTestId('review-photo');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await screenshot(officer, 'eid-review-queue');
    await officer.getByTestId('review-approve').click();
    await officer.getByTestId('review-done').waitFor();
    expect(await text(officer, 'review-done')).toContain(MINH.fullName);
    await expect.poll(() => row.count()).toBe(0);

    // The account is active: found by PIN on the accounts tab.
    await officer.getByTestId('eid-tab-accounts').click();
    await officer.getByLabel('Số định danh của công dân').fill(minhPin);
    await officer.getByTestId('accounts-search').click();
    const card = officer.getByTestId('account-card');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('active');
    await screenshot(officer, 'eid-accounts');
    expect(realErrors(officerErrors)).toEqual([]);
    await officer.context().close();
  });

  it('logs in with an SMS code, sets up an authenticator app, and logs in again with it', async () => {
    const page = citizen;
    await page.goto(`${server.url}/portal/security`);
    await page.getByTestId('portal-login-page').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/portal/security');
    const before = await seen(MINH.phone);
    await citizenStart(page, minhPin, MINH.passcode);
    // No authenticator yet: the SMS code is the only second factor, so no choice is offered.
    expect(await page.getByTestId('portal-login-method-sms').count()).toBe(0);
    await page.getByLabel('Mã xác thực').fill(await nextCode(MINH.phone, before));
    await page.getByTestId('portal-login-verify').click();
    await page.getByTestId('security-page').waitFor();
    expect(await text(page, 'portal-name')).toBe(MINH.fullName);
    expect(await text(page, 'portal-pin')).toBe(minhPin);
    expect(await text(page, 'eid-level')).toBe('Mức 1');
    expect(await text(page, 'totp-status')).toBe('Chưa bật');

    // Setting up a second factor first asks for a current one: with none yet, a code by SMS.
    await page.getByTestId('totp-setup').click();
    const stepUp = page.getByTestId('step-up');
    await stepUp.waitFor();
    await screenshot(page, 'portal-security-step-up-sms');
    const beforeStepUp = await seen(MINH.phone);
    await page.getByTestId('step-up-send').click();
    expect(await text(page, 'step-up-sent')).toContain('09******02');
    await page.getByTestId('step-up-code').fill(await nextCode(MINH.phone, beforeStepUp));
    await page.getByTestId('step-up-confirm').click();
    const secretEl = page.getByTestId('totp-secret');
    await secretEl.waitFor();
    totpSecret = (await secretEl.getAttribute('data-secret')) ?? '';
    expect(totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await secretEl.textContent()).toBe(totpSecret.match(/.{4}/g)!.join(' '));
    await page.getByTestId('totp-qr').waitFor();
    await screenshot(page, 'portal-security-totp-setup');
    await page.getByLabel('Mã 6 số ứng dụng đang hiển thị').fill(await freshTotp());
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('totp-done').waitFor();
    // The status is read again after the confirmation: poll, the page may still show the old one.
    await expect.poll(() => text(page, 'totp-status')).toBe('Đang bật');
    const current = page.locator('[data-testid="session-row"][data-current="true"]');
    await expect.poll(() => current.count()).toBe(1);
    expect(await current.textContent()).toContain('SMS');
    await screenshot(page, 'portal-security');

    // Log out, then in again: the authenticator is now the second factor.
    await page.getByTestId('portal-logout').click();
    await page.getByTestId('portal-login-page').waitFor();
    expect(await text(page, 'portal-login-notice')).toBe('Bạn đã đăng xuất.');
    await citizenStart(page, minhPin, MINH.passcode);
    expect(await page.getByTestId('portal-login-code').getAttribute('aria-describedby')).toContain('portal-code-hint');
    expect(await page.locator('#portal-code-hint').textContent()).toContain('ứng dụng xác thực');
    await page.getByLabel('Mã xác thực').fill('000000');
    await page.getByTestId('portal-login-verify').click();
    await expect.poll(() => text(page, 'portal-login-error')).toBe('Mã xác thực không đúng hoặc đã dùng.');
    await screenshot(page, 'portal-login-totp-wrong');
    await page.getByLabel('Mã xác thực').fill(await freshTotp());
    await page.getByTestId('portal-login-verify').click();
    await page.getByTestId('my-data').waitFor();
    expect(await text(page, 'my-fullName')).toBe(MINH.fullName);
    expect(await text(page, 'my-birthDate')).toBe(MINH.birthDate);
    expect(await page.getByTestId('my-household').textContent()).toContain('Số 21, phố Đội Cấn');
    expect(await page.getByTestId('my-member').count()).toBe(1);
    expect(await page.getByTestId('my-residence').count()).toBeGreaterThan(0);
    expect(await text(page, 'my-documents')).toContain('Chưa có giấy tờ nào được tích hợp');
    await screenshot(page, 'portal-my-data');

    await page.getByTestId('lang-en').click();
    await expect.poll(() => text(page, 'portal-tab-access')).toBe('Who viewed my data');
    await screenshot(page, 'portal-my-data-en');
    await page.getByTestId('lang-vi').click();
    expect(realErrors(citizenErrors)).toEqual([]);
  });

  it('logs in to a separate service through the interaction page, with consent', async () => {
    rp = await startRelyingParty({ issuer: `${server.url}/oidc`, scope: 'openid profile pin' });
    const admin = await apiAs('admin');
    rpClientName = 'Cổng dịch vụ công thử nghiệm';
    const client = await admin.call<{ clientId: string; clientSecret: string }>('POST', '/api/eid/clients', {
      name: rpClientName,
      redirectUris: [rp.redirectUri],
      scopes: ['profile', 'pin'],
      minLevel: 1,
      confidential: true,
    });
    rp.useClient(client.clientId, client.clientSecret);

    // A browser that is not logged in to the portal: the login form appears on the service's page.
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${rp.url}/login`);
    await page.getByTestId('interaction-login').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/eid\/interaction\/[\w-]+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Đăng nhập vào ${rpClientName}`);
    await screenshot(page, 'interaction-login');
    await citizenStart(page, minhPin, MINH.passcode);
    await page.getByLabel('Mã xác thực').fill(await freshTotp());
    await page.getByTestId('portal-login-verify').click();

    const consent = page.getByTestId('interaction-consent');
    await consent.waitFor();
    expect(await consent.getByRole('heading', { level: 1 }).textContent()).toContain(rpClientName);
    const scopes = consent.getByTestId('scope-list').locator('li');
    expect(await scopes.allTextContents()).toEqual(['Họ tên, ngày sinh, giới tính', 'Số định danh cá nhân']);
    await screenshot(page, 'interaction-consent');
    await page.getByTestId('consent-accept').click();

    await page.waitForURL((url) => url.href.startsWith(rp!.redirectUri));
    const result = JSON.parse((await page.locator('pre').first().textContent()) ?? '{}') as {
      idToken?: { acr?: string; name?: string; pin?: string };
      userinfo?: { name?: string; pin?: string };
      rpError?: string;
    };
    expect(result.rpError).toBeUndefined();
    expect(result.idToken?.acr).toBe('urn:dancu:eid:level1');
    expect(result.userinfo?.name ?? result.idToken?.name).toBe(MINH.fullName);
    expect(result.userinfo?.pin ?? result.idToken?.pin).toBe(minhPin);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();

    // The administrator sees the service among the connected apps, and registers another in the console.
    const adminPage = await newPage(browser);
    const consoleErrors = collectPageErrors(adminPage);
    await adminPage.goto(`${server.url}/eid/clients`);
    await officerLogIn(adminPage, 'admin');
    const rpRow = adminPage.locator(`[data-testid="client-row"][data-client="${client.clientId}"]`);
    await rpRow.waitFor();
    expect(await adminPage.getByTestId('nav-eidClients').getAttribute('aria-current')).toBe('page');
    expect(await adminPage.getByTestId('nav-eid').getAttribute('aria-current')).toBeNull();
    await adminPage.getByLabel('Tên dịch vụ').fill('Bệnh viện Bạch Mai — đặt lịch khám');
    await adminPage.getByLabel('Địa chỉ chuyển hướng').fill('https://datlich.bachmai.example/callback\n');
    await adminPage.getByTestId('scope-pin').check();
    await adminPage.getByTestId('client-submit').click();
    await adminPage.getByTestId('client-created').waitFor();
    expect(await text(adminPage, 'created-client-secret')).toMatch(/^[\w-]{40,}$/);
    await expect.poll(() => adminPage.getByTestId('client-row').count()).toBe(2);
    await screenshot(adminPage, 'eid-clients');
    expect(realErrors(consoleErrors)).toEqual([]);
    await adminPage.context().close();
  });

  it('shows the citizen who read their data: an officer, and the service it consented to', async () => {
    const officer = await apiAs('cb.phuongbadinh');
    const note = 'theo đơn đề nghị số 15/2026';
    await officer.call('GET', `/api/people/${minhPin}?purpose=residence_verification&purposeNote=${encodeURIComponent(note)}`);
    // The purpose is shown by its label in the reader's language, the note beside it.
    const purpose = 'Xác minh thông tin cư trú';

    const page = citizen;
    await page.goto(`${server.url}/portal/access`);
    await page.getByTestId('access-page').waitFor();
    const officerRow = page.locator('[data-testid="access-row"][data-kind="officer"]').filter({ hasText: purpose });
    await officerRow.waitFor();
    expect(await officerRow.getByTestId('access-purpose-note').textContent()).toContain(note);
    expect(await officerRow.getByTestId('access-accessor').textContent()).toContain('Nguyễn Văn Bình');
    // The agency that read, by name: the officer's commune police.
    expect(await officerRow.getByTestId('access-agency').textContent()).toBe('Công an Phường Ba Đình');
    expect(await officerRow.textContent()).toContain('Xem hồ sơ cá nhân');
    const serviceRow = page.locator('[data-testid="access-row"][data-kind="client"]').first();
    await serviceRow.waitFor();
    expect(await serviceRow.getByTestId('access-accessor').textContent()).toBe(rpClientName);
    expect(await serviceRow.getByTestId('access-purpose').textContent()).toContain('theo đồng ý của công dân');
    const tokenRow = page.getByTestId('access-row').filter({ hasText: 'Cấp mã truy cập cho dịch vụ' });
    expect(await tokenRow.getByTestId('access-accessor').textContent()).toBe(rpClientName);
    await screenshot(page, 'portal-access');

    // A service that needs level 2: the logged-in level-1 citizen is told why, and sent back.
    const admin = await apiAs('admin');
    const strict = await admin.call<{ clientId: string; clientSecret: string }>('POST', '/api/eid/clients', {
      name: 'Dịch vụ công mức độ 4',
      redirectUris: [rp!.redirectUri],
      scopes: ['profile', 'pin'],
      minLevel: 2,
      confidential: true,
    });
    rp!.useClient(strict.clientId, strict.clientSecret);
    await page.goto(`${rp!.url}/login`);
    await page.getByTestId('interaction-level').waitFor();
    expect(await text(page, 'interaction-level-message')).toContain('yêu cầu tài khoản định danh điện tử mức 2');
    await screenshot(page, 'interaction-level2-required');
    await page.getByTestId('interaction-back').click();
    await page.waitForURL((url) => url.href.startsWith(rp!.redirectUri));
    expect(JSON.parse((await page.locator('pre').first().textContent()) ?? '{}')).toMatchObject({ error: 'unmet_authentication_requirements' });

    await page.goto(`${server.url}/portal/activity`);
    // The usage history lists the consent and the logins; the consent can be withdrawn.
    const consentRow = page.getByTestId('consent-row').filter({ hasText: rpClientName });
    await consentRow.waitFor();
    // The usage history loads on its own, after or before the consents: wait for it.
    await expect.poll(() => page.locator('[data-testid="usage-row"][data-kind="consent"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="usage-row"][data-kind="totp_enabled"]').count()).toBe(1);
    await screenshot(page, 'portal-activity');
    await consentRow.getByTestId('consent-revoke').click();
    await page.getByTestId('consents').getByTestId('empty').waitFor();

    // The development outbox shows the codes sent to the citizen's phone.
    await page.goto(`${server.url}/dev/messages`);
    await page.getByLabel('Số điện thoại hoặc thư điện tử').fill(MINH.phone);
    await page.getByRole('button', { name: 'Xem' }).click();
    await expect.poll(() => page.getByTestId('dev-message').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'dev-messages');
    expect(realErrors(citizenErrors)).toEqual([]);
  });
  it('registers a passkey on the security page and logs in with it (Chromium virtual authenticator)', async () => {
    const page = citizen;
    // Chromium's WebAuthn domain: a platform authenticator that always verifies the user.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(`${server.url}/portal/security`);
    await page.getByLabel('Tên gợi nhớ của khoá').fill('Máy tính ở nhà');
    await page.getByTestId('passkey-add').click();
    // The authenticator app is on now: it, not an SMS, proves it is the citizen before a passkey is added.
    await page.getByTestId('step-up').waitFor();
    expect(await page.getByTestId('step-up-send').count()).toBe(0);
    await page.getByTestId('step-up-code').fill(await freshTotp());
    await page.getByTestId('step-up-confirm').click();
    await page.getByTestId('passkey').filter({ hasText: 'Máy tính ở nhà' }).waitFor();
    await screenshot(page, 'portal-security-passkey');

    await page.getByTestId('portal-logout').click();
    await page.getByTestId('portal-login-page').waitFor();
    await citizenStart(page, minhPin, MINH.passcode);
    await page.getByTestId('portal-login-method-passkey').check();
    await page.getByTestId('portal-login-verify').click();
    await page.getByTestId('my-data').waitFor();
    const current = await apiAs('cb.phuongbadinh');
    const accounts = await current.call<{ items: Array<{ passkeys: number }> }>('GET', `/api/eid/accounts?pin=${minhPin}`);
    expect(accounts.items[0]!.passkeys).toBe(1);
    await page.goto(`${server.url}/portal/security`);
    const session = page.locator('[data-testid="session-row"][data-current="true"]');
    await session.waitFor();
    expect(await session.textContent()).toContain('khoá truy cập');
    expect(realErrors(citizenErrors)).toEqual([]);
  });
});

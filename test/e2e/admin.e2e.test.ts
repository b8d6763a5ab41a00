import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/kernel/auth/totp.js';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { devOutbox } from './dev-outbox.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs, DEMO_PASSWORD } from './officer-api.js';
import { portraitPng } from './portrait.js';

/**
 * Issue 16 items 7 and 8 in the browser: officer accounts, one-time password links, required
 * TOTP and its enrolment from the console, the audit-log viewer with verification, the menu by
 * permission with a "not permitted" page, and the e-ID review showing what it asks the officer
 * to compare. Screenshots in test-output/screenshots/admin-*.png and review2-*.png.
 */
const NEW_USERNAME = 'cb.phuongbadinh3';
const NEW_PASSWORD = 'mat-khau-moi-2026';
const MINH = { fullName: 'Trần Văn Minh', birthDate: '1995-09-21', phone: '0987000002', passcode: '583920' };

let server: RunningServer;
let browser: Browser;
let admin: Page;
let adminErrors: string[];
let passwordLink = '';
let minhPin = '';

/** Page errors other than the browser's note about 4xx answers (a 403 or 409 is how the API says no). */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));

async function logIn(page: Page, username: string, password = DEMO_PASSWORD, totp?: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
  if (totp) {
    await page.getByLabel(/Mã xác thực/).fill(totp);
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('header').waitFor();
}

/** A level-1 enrolment of Trần Văn Minh through the portal API, with a drawn portrait. */
async function enrolMinh(seen: Set<string>): Promise<string> {
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const started = await post('/api/citizen/enrolments', { pin: minhPin, fullName: MINH.fullName, birthDate: MINH.birthDate, phone: MINH.phone });
  const code = await devOutbox(server.url).nextCode(MINH.phone, seen);
  const account = await post(`/api/citizen/enrolments/${String(started.enrolmentId)}/confirm`, { code, passcode: MINH.passcode, photo: portraitPng().toString('base64') });
  return String(account.id);
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  minhPin = server.demoLogins.find((l) => l.role === 'citizen' && l.description.includes(MINH.fullName))!.username;
  admin = await newPage(browser);
  adminErrors = collectPageErrors(admin);
  await logIn(admin, 'admin');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('officer accounts (administrator)', () => {
  it('shows the administration entries in the menu and lists officers with filters', async () => {
    const nav = admin.getByTestId('sidenav');
    for (const key of ['officers', 'audit', 'security']) await expect(nav.getByTestId(`nav-${key}`).getAttribute('href')).resolves.toBeTruthy();
    expect(await nav.locator('[aria-disabled="true"]').count()).toBe(0);
    await nav.getByTestId('nav-officers').click();
    await admin.getByTestId('officers-table').waitFor();
    expect(await admin.getByTestId('officer-row').count()).toBeGreaterThanOrEqual(5);
    await admin.getByTestId('officers-role').selectOption('commune_officer');
    await admin.waitForFunction(() => [...document.querySelectorAll('[data-testid="officer-row"]')].every((r) => r.getAttribute('data-username')?.startsWith('cb.phuong')));
    const usernames = await admin.getByTestId('officer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')));
    expect(usernames).toEqual(['cb.phuongbadinh', 'cb.phuongngocha']);
    await screenshot(admin, 'admin-officers-list');
  });

  it('creates an officer with a unit chosen from the picker and shows the one-time password link once', async () => {
    await admin.getByTestId('officer-new').click();
    await admin.getByTestId('new-username').fill(NEW_USERNAME);
    await admin.getByTestId('new-name').fill('Hoàng Thị Mai');
    await admin.getByTestId('new-unit-input').fill('Ba Đình');
    await admin.locator('[data-testid="new-unit-option"][data-code="00004"]').click();
    expect(await admin.getByTestId('new-unit-chosen').textContent()).toContain('00004');
    await screenshot(admin, 'admin-officer-create');
    await admin.getByTestId('new-submit').click();
    await admin.getByTestId('officer-created').waitFor();
    passwordLink = (await admin.getByTestId('password-link-url').textContent())!.trim();
    expect(passwordLink).toMatch(new RegExp(`^${server.url}/reset-password#[A-Za-z0-9_-]{43}$`));
    await admin.locator(`[data-testid="officer-row"][data-username="${NEW_USERNAME}"]`).waitFor();
    await screenshot(admin, 'admin-officer-created');
  });

  it('requires TOTP of the new officer, with a reason', async () => {
    await admin.locator(`[data-testid="officer-row"][data-username="${NEW_USERNAME}"]`).getByTestId('officer-open').click();
    const panel = admin.getByTestId('officer-panel');
    await panel.getByTestId('panel-totp-required').click();
    expect(await panel.getByTestId('error-reason').textContent()).toBeTruthy();
    await panel.getByTestId('officer-reason').fill('Chính sách bảo mật của Công an tỉnh');
    await panel.getByTestId('panel-totp-required').click();
    await admin.getByTestId('officer-done').waitFor();
    await admin.locator(`[data-testid="officer-row"][data-username="${NEW_USERNAME}"] [data-testid="totp-required-badge"]`).waitFor();
    await screenshot(admin, 'admin-officer-panel');
  });
});

describe('the new officer', () => {
  let officer: Page;
  let errors: string[];

  it('sets a password through the link, once', async () => {
    officer = await newPage(browser);
    errors = collectPageErrors(officer);
    await officer.goto(passwordLink);
    await officer.getByTestId('reset-form').waitFor();
    await officer.getByTestId('reset-password').fill('short');
    await officer.getByTestId('reset-again').fill('short');
    await officer.getByTestId('reset-submit').click();
    await officer.getByTestId('error-password').waitFor();
    await officer.getByTestId('reset-password').fill(NEW_PASSWORD);
    await officer.getByTestId('reset-again').fill(NEW_PASSWORD);
    await officer.getByTestId('reset-submit').click();
    expect(await officer.getByTestId('reset-done').textContent()).toContain(NEW_USERNAME);
    await screenshot(officer, 'admin-reset-password');
    // The same link again (a fresh load, not a jump within the page): refused, and said so.
    await officer.goto('about:blank');
    await officer.goto(passwordLink);
    await officer.getByTestId('reset-password').fill(NEW_PASSWORD);
    await officer.getByTestId('reset-again').fill(NEW_PASSWORD);
    await officer.getByTestId('reset-submit').click();
    expect(await officer.getByTestId('reset-error').textContent()).toMatch(/không hợp lệ, đã dùng hoặc đã hết hạn/);
  });

  it('is led to turn TOTP on before anything else, scans the QR code and confirms a code', async () => {
    await logIn(officer, NEW_USERNAME, NEW_PASSWORD);
    await officer.getByTestId('totp-forced').waitFor();
    expect(new URL(officer.url()).pathname).toBe('/account/security');
    await screenshot(officer, 'admin-totp-forced');
    await officer.goto(`${server.url}/people`);
    await officer.getByTestId('totp-forced').waitFor();
    expect(new URL(officer.url()).pathname).toBe('/account/security');
    await officer.getByTestId('totp-setup').click();
    await officer.getByTestId('totp-proof').fill(NEW_PASSWORD);
    await officer.getByTestId('totp-proof-submit').click();
    await officer.getByTestId('totp-qr').waitFor();
    const secret = (await officer.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await screenshot(officer, 'admin-totp-qr');
    await officer.getByTestId('totp-code').fill(totpCode(secret, new Date()));
    await officer.getByTestId('totp-confirm').click();
    await officer.getByTestId('totp-enabled').waitFor();
    expect(await officer.getByTestId('totp-status').textContent()).toBe('Đang bật');
    expect(await officer.getByTestId('totp-disable').count()).toBe(0);
    await screenshot(officer, 'admin-totp-enabled');
    await officer.getByTestId('nav-people').click();
    await officer.waitForURL(`${server.url}/people`);
    expect(await officer.getByTestId('totp-forced').count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('the menu and "not permitted"', () => {
  it('gives a commune officer their own menu, and a clear page where the role may not go', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    const nav = page.getByTestId('sidenav');
    expect(await nav.getByTestId('nav-officers').count()).toBe(0);
    expect(await nav.getByTestId('nav-eidClients').count()).toBe(0);
    expect(await nav.getByTestId('nav-audit').count()).toBe(1);
    for (const url of ['/officers', '/eid/clients']) {
      await page.goto(`${server.url}${url}`);
      await page.getByTestId('not-permitted').waitFor();
      expect(await page.getByTestId('not-permitted').textContent()).toContain('Cán bộ cấp xã');
    }
    await screenshot(page, 'admin-not-permitted');
    // The audit log of their own commune they may read, without the verification panel.
    await nav.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('audit-verify').count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('says so when a page cannot be downloaded, keeps the menu, and loads it on "reload" once the network is back', async () => {
    const page = await newPage(browser);
    await logIn(page, 'cb.phuongbadinh');
    // The page's code is cut off: the first failure reloads once (a release may have renamed
    // it); the second shows the message in the content area instead of a blank console.
    const cut = (route: Route) => route.abort('internetdisconnected');
    await page.route('**/assets/AuditPage-*.js', cut);
    await page.getByTestId('sidenav').getByTestId('nav-audit').click();
    await page.getByTestId('page-failed').waitFor();
    expect(await page.getByTestId('page-failed').textContent()).toContain('Không tải được trang này');
    expect(await page.getByTestId('sidenav').isVisible()).toBe(true);
    await screenshot(page, 'admin-page-failed');
    // Another page of the menu draws normally: the failure stays with the page that had it.
    await page.getByTestId('sidenav').getByTestId('nav-people').click();
    await page.waitForURL(`${server.url}/people`);
    await page.getByTestId('page-failed').waitFor({ state: 'detached' });
    await page.goBack();
    await page.getByTestId('page-failed').waitFor();
    await page.unroute('**/assets/AuditPage-*.js', cut);
    await page.getByTestId('page-failed-reload').click();
    await page.getByTestId('audit-table').waitFor();
    await page.context().close();
  });
});

describe('audit log (administrator)', () => {
  it('filters by actor and action family, and runs a verification', async () => {
    await admin.getByTestId('nav-audit').click();
    await admin.getByTestId('audit-table').waitFor();
    await admin.getByTestId('audit-actor').fill(NEW_USERNAME);
    await admin.getByTestId('audit-action').fill('officer');
    await admin.getByTestId('audit-apply').click();
    await admin.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action')?.startsWith('officer.'));
    });
    const actions = await admin.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['officer.password_set', 'officer.totp_enabled', 'officer.login', 'officer.step_up']));
    expect(await admin.getByTestId('audit-row').first().textContent()).toContain('Hoàng Thị Mai');
    // A time range typed the Vietnamese way (Vietnam time); an impossible day is refused in the form.
    const today = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    await admin.getByTestId('audit-from').fill('31/02/2026');
    await admin.getByTestId('audit-apply').click();
    await admin.getByTestId('error-fromDate').waitFor();
    await admin.getByTestId('audit-from').fill(today);
    await admin.getByTestId('audit-to').fill(today);
    await admin.getByTestId('audit-apply').click();
    await admin.getByTestId('error-fromDate').waitFor({ state: 'detached' });
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 0);
    expect(await admin.getByTestId('audit-row').count()).toBe(actions.length);
    await screenshot(admin, 'admin-audit-filtered');
    await admin.getByTestId('audit-verify-run').click();
    const result = admin.getByTestId('audit-verify-result');
    await result.waitFor();
    await screenshot(admin, 'admin-audit-verify');
    expect(await result.getAttribute('data-ok'), (await result.textContent()) ?? '').toBe('true');
    expect(await result.textContent()).toMatch(/khối, [\d.]+ dòng đã kiểm tra/);
    await screenshot(admin, 'admin-audit-verify');
  });

  it('disables the new officer with a reason', async () => {
    await admin.getByTestId('nav-officers').click();
    await admin.getByTestId('officers-q').fill(NEW_USERNAME);
    await admin.locator(`[data-testid="officer-row"][data-username="${NEW_USERNAME}"]`).getByTestId('officer-open').click();
    await admin.getByTestId('officer-reason').fill('Chuyển công tác');
    await admin.getByTestId('panel-disable').click();
    await admin.locator(`[data-testid="officer-row"][data-username="${NEW_USERNAME}"] [data-status="disabled"]`).waitFor();
    expect(realErrors(adminErrors)).toEqual([]);
  });
});

describe('e-ID review: what the officer compares', () => {
  it('shows the record with a link, the photo on file (none yet), and the earlier attempt with its note; the account shows the notes', async () => {
    const seen = new Set<string>();
    const accountId = await enrolMinh(seen);
    const desk = await apiAs(server.url, 'cb.phuongbadinh');
    await desk.call('POST', `/api/eid/accounts/${accountId}/review`, { decision: 'rejected', note: 'Ảnh bị lóa, không rõ mặt' });
    expect(await enrolMinh(seen)).toBe(accountId);

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/eid`);
    await page.locator(`[data-testid="review-row"][data-pin="${minhPin}"]`).getByTestId('review-open').click();
    const panel = page.getByTestId('review-panel');
    await panel.getByTestId('review-record').waitFor();
    expect(await panel.getByTestId('review-record').textContent()).toContain('Trần Văn Minh');
    expect(await panel.getByTestId('review-person-link').getAttribute('href')).toBe(`/people/${minhPin}`);
    expect(await panel.getByTestId('review-no-registry-photo').textContent()).toBe('Chưa có ảnh trong hồ sơ');
    const earlier = panel.getByTestId('review-attempt');
    expect(await earlier.count()).toBe(1);
    expect(await earlier.getAttribute('data-decision')).toBe('rejected');
    expect(await earlier.getByTestId('review-attempt-note').textContent()).toContain('Ảnh bị lóa, không rõ mặt');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="review-panel"] img')].every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, 'review2-panel');
    await panel.getByTestId('review-approve').click();
    await page.getByTestId('review-done').waitFor();

    await page.getByTestId('eid-tab-accounts').click();
    await page.getByTestId('accounts-pin').fill(minhPin);
    await page.getByTestId('accounts-search').click();
    const card = page.getByTestId('account-card');
    await card.getByTestId('review-history').waitFor();
    const decisions = await card.getByTestId('review-attempt').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-decision')));
    expect(decisions).toEqual(['approved', 'rejected']);
    expect(await card.getByTestId('review-attempt-note').first().textContent()).toContain('Ảnh bị lóa');
    await screenshot(page, 'review2-account');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

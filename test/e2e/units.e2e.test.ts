import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';

const PASSWORD = 'demo-password-2026';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Page errors other than the browser's own note about 4xx answers (a 401 is how login says no). */
function realErrors(errors: string[]): string[] {
  return errors.filter(
    (e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e),
  );
}

async function logIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('officer console: administrative units', () => {
  it('logs in, searches without diacritics, converts an old code, and speaks English on request', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);

    // Not signed in: any page lands on the login form, in Vietnamese.
    await page.goto(`${server.url}/units`);
    await page.getByTestId('login-form').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expect
      .poll(() => page.getByTestId('product-name').textContent())
      .toBe('dancu — Cơ sở dữ liệu quốc gia về dân cư');
    await screenshot(page, 'login');

    // A wrong password: the server's Vietnamese message, no stack trace, still on the form.
    await logIn(page, 'cb.phuongbadinh', 'not-the-password');
    const loginError = page.getByTestId('login-error');
    await loginError.waitFor();
    expect(await loginError.textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await screenshot(page, 'login-wrong-password');

    // The right one: back to the page asked for, with the officer in the header.
    await logIn(page, 'cb.phuongbadinh');
    await page.getByTestId('units-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/units');
    const officer = await page.getByTestId('officer').textContent();
    expect(officer).toContain('Phường Ba Đình');
    expect(officer).toContain('Cán bộ cấp xã');

    // Nav by role: a commune officer sees people and households (links) but not the admin pages.
    expect(await page.getByTestId('nav-people').getAttribute('href')).toBe('/people');
    expect(await page.getByTestId('nav-households').getAttribute('href')).toBe('/households');
    expect(await page.getByTestId('nav-officers').count()).toBe(0);

    // Current tree: 34 provinces; the pre-2025 tree: 63. Only provinces are loaded here.
    await expect.poll(() => page.getByTestId('province-row').count()).toBe(34);
    await page.getByTestId('tree-pre2025').click();
    await expect.poll(() => page.getByTestId('province-row').count()).toBe(63);
    await page.getByTestId('tree-current').click();
    await expect.poll(() => page.getByTestId('province-row').count()).toBe(34);

    // A province's communes come a page at a time.
    await page.getByTestId('province-row').filter({ hasText: 'Hà Nội' }).getByRole('link').click();
    await page.getByTestId('commune-list').waitFor();
    const firstPage = await page.getByTestId('unit-row').count();
    expect(firstPage).toBeGreaterThan(0);
    expect(firstPage).toBeLessThanOrEqual(20);

    // Search, diacritics optional.
    await page.getByTestId('tab-search').click();
    await page.getByTestId('unit-search').fill('phuong ba dinh');
    const hit = page
      .getByTestId('search-results')
      .getByTestId('unit-row')
      .filter({ hasText: 'Phường Ba Đình' })
      .first();
    await hit.waitFor();
    expect(await hit.getAttribute('data-code')).toBe('00004');
    expect(new URL(page.url()).searchParams.get('q')).toBe('phuong ba dinh');
    await screenshot(page, 'units-search');

    // Old → new: Phường Quán Thánh (00013, pre-2025) is now part of Phường Ba Đình (00004).
    await page.getByTestId('tab-convert').click();
    await page.getByTestId('convert-code').fill('00013');
    await page.getByTestId('convert-submit').click();
    await page.getByTestId('convert-result').waitFor();
    expect(await page.getByTestId('convert-old').textContent()).toContain('00013');
    const target = page.locator('[data-testid="convert-target"][data-code="00004"]');
    await target.waitFor();
    expect(await target.textContent()).toContain('Phường Ba Đình');
    expect(await page.getByTestId('convert-partial-warning').count()).toBe(0);
    await screenshot(page, 'units-convert');

    // 00016 was split between two new wards: the officer is warned to decide by address.
    await page.getByTestId('convert-code').fill('00016');
    await page.getByTestId('convert-submit').click();
    const warning = page.getByTestId('convert-partial-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe(
      'Sáp nhập một phần — cần xác định đơn vị mới theo địa chỉ cụ thể.',
    );
    expect(await page.getByTestId('convert-target').count()).toBeGreaterThan(1);
    await screenshot(page, 'units-convert-partial');

    // English: the whole UI switches, <html lang> follows, and the choice survives a reload.
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Administrative units');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByTestId('convert-result').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('tab-convert').textContent()).toBe('Old code → new unit');
    expect(await page.getByTestId('convert-partial-warning').textContent()).toBe(
      'Partly merged — the new unit depends on the exact address.',
    );
    await screenshot(page, 'units-convert-en');

    // Sign out: back at the login form, and the session is really gone.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);

    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('shows the administrator the officer and audit entries, and no registry work', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await logIn(page, 'admin');
    await page.getByTestId('overview').waitFor();
    expect(await page.getByTestId('nav-officers').getAttribute('href')).toBe('/officers');
    expect(await page.getByTestId('nav-audit').getAttribute('href')).toBe('/audit');
    expect(await page.getByTestId('nav-people').count()).toBe(0);
    expect(await page.getByTestId('scope').textContent()).toContain('Toàn quốc');
    await screenshot(page, 'overview-admin');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

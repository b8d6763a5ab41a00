import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { DEMO_PASSWORD } from './officer-api.js';


let server: RunningServer;
let browser: Browser;
let lanPin: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  // The demo citizen Nguyễn Thị Lan (born 1988, Phường Ba Đình) logs in to the portal with her PIN.
  const lan = server.demoLogins.find((l) => l.role === 'citizen' && l.description.includes('Nguyễn Thị Lan'));
  if (!lan) throw new Error('the demo has no citizen Nguyễn Thị Lan');
  lanPin = lan.username;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/people`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('people-search-page').waitFor();
}

async function search(page: Page, q: string, birthYear: string): Promise<void> {
  await page.getByTestId('people-search').fill(q);
  await page.getByTestId('filter-birth-year').fill(birthYear);
  await page.getByTestId('people-search-submit').click();
}

/** The first result row once the search for `q` has answered (the previous rows stay while it runs). */
async function firstRow(page: Page, q: string) {
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(q);
  await page.locator('.table-wrap[aria-busy="false"]').filter({ has: page.locator('caption', { hasText: `“${q}”` }) }).waitFor();
  const row = page.getByTestId('person-row').first();
  await row.waitFor();
  return row;
}

describe('officer console: search catches the easy typos', () => {
  it('finds Nguyễn Thị Lan typed "nguyen thi lna", in Telex and with a lost space, and says why', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    expect(await page.getByTestId('people-search-page').textContent()).toContain('quên bật bộ gõ');

    // Two letters swapped in a three-letter given name, with the birth year.
    await search(page, 'nguyen thi lna', '1988');
    const row = await firstRow(page, 'nguyen thi lna');
    expect(await row.getAttribute('data-pin')).toBe(lanPin);
    expect(await row.textContent()).toContain('Nguyễn Thị Lan');
    expect(await row.textContent()).toContain('12/03/1988');
    const reason = row.getByTestId('match-reason');
    expect(await reason.textContent()).toBe('gần đúng');
    expect(await reason.getAttribute('title')).toContain('đảo chữ');
    await screenshot(page, 'search-typo-transposition');

    // Telex keys typed with the input method off.
    await search(page, 'nguyeenx thij lan', '1988');
    const telex = await firstRow(page, 'nguyeenx thij lan');
    expect(await telex.getAttribute('data-pin')).toBe(lanPin);
    expect(await telex.getByTestId('match-reason').textContent()).toBe('gõ Telex/VNI');

    // VNI digits and a lost space together, then a lost space alone.
    await search(page, 'nguye6n4thi5 lan', '1988');
    const vni = await firstRow(page, 'nguye6n4thi5 lan');
    expect(await vni.getAttribute('data-pin')).toBe(lanPin);
    expect(await vni.getByTestId('match-reason').getAttribute('data-match')).toBe('spacing');
    await search(page, 'nguyenthi lan', '1988');
    const spaced = await firstRow(page, 'nguyenthi lan');
    expect(await spaced.getAttribute('data-pin')).toBe(lanPin);
    expect(await spaced.getByTestId('match-reason').textContent()).toBe('khác dấu cách');
    await screenshot(page, 'search-typo-spacing');

    // The name as written needs no explanation.
    await search(page, 'Nguyễn Thị Lan', '1988');
    const exact = await firstRow(page, 'Nguyễn Thị Lan');
    expect(await exact.getByTestId('match-reason').count()).toBe(0);
    // The login page's session probe answers 401 before signing in; that is the browser's note, not an error.
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
  });

  it('stays within the officer scope: Phường Ngọc Hà does not see Lan of Phường Ba Đình', async () => {
    const page = await newPage(browser);
    await logIn(page, 'cb.phuongngocha');
    await search(page, 'nguyen thi lna', '1988');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('nguyen thi lna');
    await expect.poll(async () => page.locator(`[data-testid="person-row"][data-pin="${lanPin}"]`).count()).toBe(0);
    await page.getByText('Không tìm thấy công dân nào').or(page.getByTestId('person-row').first()).first().waitFor();
    expect(await page.locator(`[data-testid="person-row"][data-pin="${lanPin}"]`).count()).toBe(0);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInVietnam } from '../../src/kernel/clock.js';
import { compareVietnamese } from '../../src/modules/people/vi-sort.js';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot, SCREENSHOT_DIR } from './browser.js';
import { apiAs, DEMO_PASSWORD } from './officer-api.js';

/**
 * The officer's desk (issue 16, items 1, 3, 4) in a real browser over the demo: figures that
 * lead to their lists, lists filtered, sorted in Vietnamese order and exported, and the person
 * and household pages printed on A4.
 */
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

async function signedIn(username: string, size?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, size);
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('sidenav').waitFor();
  return { page, errors };
}

const figure = async (page: Page, key: string) => Number(((await page.getByTestId(`figure-${key}`).locator('.figure__value').textContent()) ?? '').replace(/\D/g, ''));
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

describe('the overview', () => {
  it('shows the commune’s live figures, each leading to its filtered list, and the latest changes by name', async () => {
    const api = await apiAs(server.url, 'cb.phuongbadinh');
    // A change to see in "recent changes": a birth in the commune today.
    const today = dayInVietnam(new Date());
    const mothers = await api.call<{ items: Array<{ pin: string }> }>('GET', '/api/lists/people?sex=F&bornIn=1992&status=living&pageSize=1');
    const { person } = await api.call<{ person: { pin: string } }>('POST', '/api/births', { fullName: 'Đỗ Minh Khang', birthDate: today, sex: 'M', ethnicity: '01', birthPlaceCode: '00004', motherPin: mothers.items[0]!.pin, reasonCode: 'birth_registration', requestId: `desk-${Date.now()}` });
    const expected = await api.call<{ figures: Record<string, number> }>('GET', '/api/overview');

    const { page, errors } = await signedIn('cb.phuongbadinh');
    await page.getByTestId('desk').waitFor();
    expect(await figure(page, 'residents')).toBe(expected.figures.residents);
    expect(await figure(page, 'households')).toBe(expected.figures.households);
    expect(await figure(page, 'birthsThisMonth')).toBeGreaterThanOrEqual(1);
    expect(await figure(page, 'headlessHouseholds')).toBe(expected.figures.headlessHouseholds);
    await expect.poll(() => page.getByTestId('recent-name').first().textContent()).toBe('Đỗ Minh Khang · ');
    await screenshot(page, 'desk-overview-commune');
    // Each change is named in words, whichever module made it (the demo's cards, the birth above), never by its code.
    const actions = await page.getByTestId('recent-item').locator('strong').allTextContents();
    expect(actions.length).toBeGreaterThan(1);
    expect(actions.filter((a) => /^[a-z_]+(\.[a-z_]+)+$/.test(a))).toEqual([]);

    // "14+ without an ID number" opens the people list with exactly that filter and count.
    const noId = await figure(page, 'adultsWithoutIdNumber');
    await page.getByTestId('figure-adultsWithoutIdNumber').click();
    await page.getByTestId('people-list').waitFor();
    expect(new URL(page.url()).search).toBe('?status=living&aged14=true&noIdNumber=true');
    expect(await page.getByTestId('filter-aged14').isChecked()).toBe(true);
    expect(await page.getByTestId('list-total').textContent()).toContain(new Intl.NumberFormat('vi-VN').format(noId));

    // "Born this month" lists the child just registered.
    await page.goto(`${server.url}/`);
    await page.getByTestId('figure-birthsThisMonth').click();
    await page.locator(`[data-testid="list-row"][data-pin="${person.pin}"]`).waitFor();
    expect(realErrors(errors)).toEqual([]);
  });

  it('counts a province at most every 10 minutes and says when; the e-ID menu item carries the waiting enrolments', async () => {
    const { page, errors } = await signedIn('cb.hanoi');
    await page.getByTestId('desk').waitFor();
    expect(await page.getByTestId('desk-asof').textContent()).toMatch(/Số liệu (tại thời điểm|được tổng hợp lúc) \d{2}\/\d{2}\/\d{4}/);
    const pending = (await (await apiAs(server.url, 'cb.hanoi')).call<{ pending: number }>('GET', '/api/eid/review-queue/count')).pending;
    if (pending > 0) expect(await page.getByTestId('nav-eid-badge').textContent()).toBe(String(pending));
    else expect(await page.getByTestId('nav-eid-badge').count()).toBe(0);
    expect(await figure(page, 'eidPending')).toBe(pending);
    await screenshot(page, 'desk-overview-province');
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('lists', () => {
  it('filters people without a name, sorts them in Vietnamese order both ways, and exports Excel and CSV with a purpose', async () => {
    const { page, errors } = await signedIn('cb.phuongbadinh');
    await page.goto(`${server.url}/lists`);
    await page.getByTestId('people-list').waitFor();
    await page.getByTestId('filter-bornIn').fill('1985');
    await page.getByTestId('filter-sex').selectOption('F');
    await page.getByTestId('filters-apply').click();
    await expect.poll(() => new URL(page.url()).search).toContain('bornIn=1985');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length > 0 && !document.querySelector('[aria-busy="true"]'));
    const names = async () => page.locator('[data-testid="list-row"] th').allTextContents();
    const asc = await names();
    expect(asc.length).toBeGreaterThan(1);
    expect(asc).toEqual([...asc].sort(compareVietnamese));
    await page.getByTestId('sort-name').click();
    await expect.poll(() => new URL(page.url()).search).toContain('dir=desc');
    await expect.poll(names).not.toEqual(asc);
    const desc = await names();
    expect(desc).toEqual([...desc].sort(compareVietnamese).reverse());
    await screenshot(page, 'desk-lists-people');

    // No purpose, no file.
    await page.getByTestId('export-xlsx').click();
    expect(await page.getByTestId('export-purpose').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('export-purpose').fill('rà soát phụ nữ sinh năm 1985');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^cong-dan-00004-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = path.join(SCREENSHOT_DIR, '..', download.suggestedFilename());
    await download.saveAs(file);
    const rows = (await readXlsxFile(fs.readFileSync(file)))[0]!.data;
    expect(rows[0]![2]).toBe('Họ và tên');
    expect(rows.slice(1).every((r) => String(r[3]).endsWith('1985') && r[4] === 'Nữ')).toBe(true);
    expect(rows.slice(1).map((r) => r[2])).toEqual([...rows.slice(1).map((r) => String(r[2]))].sort(compareVietnamese).reverse());
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('.csv');
    expect(realErrors(errors)).toEqual([]);
  });

  it('lists households without a head and by street, sorted by address', async () => {
    const { page, errors } = await signedIn('cb.phuongbadinh');
    await page.goto(`${server.url}/lists/households?headless=true`);
    await page.getByTestId('households-list').waitFor();
    const headless = await page.locator('[data-testid="list-row"]').count();
    expect(headless).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="list-row"] .text-danger').count()).toBe(headless);
    await screenshot(page, 'desk-lists-households-headless');
    await page.getByTestId('lists-tab-households').click();
    await page.getByTestId('filter-headless').uncheck();
    await page.getByTestId('filters-apply').click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.getByTestId('sort-address').click();
    await expect.poll(() => new URL(page.url()).search).toContain('sort=address');
    // The sorted page replaces the unsorted one when its request answers: wait for it, not for
    // a busy flag that may not be up yet when the URL has changed.
    const addresses = () => page.locator('[data-testid="list-row"] th').allTextContents();
    await expect.poll(async () => {
      const shown = await addresses();
      return shown.length > 0 && shown.join('\n') === [...shown].sort(compareVietnamese).join('\n');
    }).toBe(true);
    await screenshot(page, 'desk-lists-households-by-address');
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('print', () => {
  it('prints the person record and the household on A4: unit and date on top, no navigation or buttons', async () => {
    const api = await apiAs(server.url, 'cb.phuongbadinh');
    const list = await api.call<{ items: Array<{ householdNo: string; headPin: string }> }>('GET', '/api/lists/households?minMembers=3&pageSize=1');
    const { householdNo, headPin } = list.items[0]!;
    const { page, errors } = await signedIn('cb.phuongbadinh');

    for (const [url, name] of [[`/people/${headPin}`, 'person'], [`/households/${householdNo}`, 'household']] as const) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${server.url}${url}`);
      await page.getByTestId('print-button').waitFor();
      expect(await page.getByTestId('print-header').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('print-header').isVisible()).toBe(true);
      expect(await page.getByTestId('print-unit').textContent()).toBe('Phường Ba Đình');
      expect(await page.getByTestId('print-date').textContent()).toMatch(/^In ngày \d{2}\/\d{2}\/\d{4}$/);
      for (const hidden of ['sidenav', 'print-button']) expect(await page.getByTestId(hidden).isVisible()).toBe(false);
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(await page.locator('main button:visible, main .button:visible').count()).toBe(0);
      await screenshot(page, `desk-print-${name}`);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      fs.writeFileSync(path.join(SCREENSHOT_DIR, `desk-print-${name}.pdf`), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // A4 is 595 × 842 points.
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    }
    expect(realErrors(errors)).toEqual([]);
  });
});

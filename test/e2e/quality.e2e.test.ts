import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs, type Api } from './officer-api.js';

/**
 * The data-quality desk in the browser. Setup: a demo person of Phường Ba Đình is entered a
 * second time (new PIN, a letter doubled at the end of the name, same birth date and places)
 * through POST /api/people, and the national officer runs duplicate detection through
 * POST /api/quality/runs, polling GET /api/quality/runs until it is done. The commune officer
 * then finds the pair, compares the two records (desktop and a 390 px phone), merges keeping
 * the first record, and sees the pair leave the open list; the report tab is shown too.
 * Screenshots: test-output/screenshots/quality-*.
 */

let server: RunningServer;
let browser: Browser;
let desk: Api;
let original: { pin: string; fullName: string };
let copy: { pin: string; fullName: string };
/** The pair as the list orders it (record 1, record 2). */
let pair: { pinA: string; pinB: string };

interface PairItem {
  pinA: string | null;
  pinB: string | null;
  state: string;
}

const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo-password-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/`);
}

const isOurPair = (p: PairItem) => [p.pinA, p.pinB].includes(copy.pin) && [p.pinA, p.pinB].includes(original.pin);

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  desk = await apiAs(server.url, 'cb.phuongbadinh');
  const nation = await apiAs(server.url, 'cb.quocgia');
  const people = await desk.call<{ items: Array<{ pin: string; fullName: string; status: string }> }>('GET', '/api/lists/people?unitCode=00004&pageSize=50&page=3');
  const chosen = people.items.find((p) => p.status === 'living')!;
  const { person } = await desk.call<{ person: { pin: string; fullName: string; birthDate: string; sex: string; ethnicity: string; birthPlaceCode: string | null; originPlaceCode: string | null } }>('GET', `/api/people/${chosen.pin}`);
  original = { pin: person.pin, fullName: person.fullName };
  const created = await desk.call<{ pin: string; fullName: string }>('POST', '/api/people', {
    fullName: `${person.fullName}h`,
    birthDate: person.birthDate,
    sex: person.sex,
    ethnicity: person.ethnicity,
    birthPlaceCode: person.birthPlaceCode,
    originPlaceCode: person.originPlaceCode,
    unitCode: '00004',
    reasonCode: 'initial_registration',
  });
  copy = { pin: created.pin, fullName: created.fullName };
  const before = new Set((await nation.call<Array<{ id: string }>>('GET', '/api/quality/runs')).map((r) => r.id));
  await nation.call('POST', '/api/quality/runs', { kind: 'duplicates' });
  for (let i = 0; ; i++) {
    const run = (await nation.call<Array<{ id: string; kind: string; status: string }>>('GET', '/api/quality/runs')).find((r) => r.kind === 'duplicates' && !before.has(r.id));
    if (run && run.status !== 'running' && run.status !== 'queued') {
      expect(run.status).toBe('done');
      break;
    }
    if (i > 240) throw new Error('duplicate detection did not finish in 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const list = await desk.call<{ items: PairItem[]; total: number }>('GET', '/api/quality/duplicates?pageSize=100');
  const found = list.items.find(isOurPair);
  if (!found) throw new Error(`the pair ${original.pin} / ${copy.pin} was not found among ${list.total} pairs`);
  pair = { pinA: found.pinA!, pinB: found.pinB! };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the data-quality desk', () => {
  it('lists the pair, compares the two records with the weights, and merges keeping the first', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    expect(await page.getByTestId('nav-quality').textContent()).toBe('Làm sạch dữ liệu');
    await page.getByTestId('nav-quality').click();
    await page.getByTestId('pairs-table').waitFor();
    const row = page.locator(`[data-testid="pair-row"][data-pins="${pair.pinA} ${pair.pinB}"]`);
    // Best score first: the pair may sit on a later page.
    while ((await row.count()) === 0) {
      const next = page.getByTestId('page-next');
      expect(await next.isEnabled()).toBe(true);
      await next.click();
      await page.waitForTimeout(300);
    }
    expect(await row.textContent()).toContain(copy.fullName);
    await screenshot(page, 'quality-duplicates');

    await row.getByTestId('pair-open').click();
    await page.waitForURL(`${server.url}/quality/duplicates/${pair.pinA}/${pair.pinB}`);
    await page.getByTestId('compare-records').waitFor();
    const names = [await page.getByTestId('a-fullName').textContent(), await page.getByTestId('b-fullName').textContent()];
    expect(names.sort()).toEqual([original.fullName, copy.fullName].sort());
    expect(await page.getByTestId('row-fullName').getAttribute('data-differs')).toBe('true');
    expect(await page.getByTestId('row-birthDate').getAttribute('data-differs')).toBe('false');
    expect(await page.getByTestId('a-pin').textContent()).toBe(pair.pinA);
    expect(await page.getByTestId('b-pin').textContent()).toBe(pair.pinB);
    const weights = page.getByTestId('weight');
    expect(await weights.count()).toBeGreaterThan(10);
    expect(await page.locator('[data-testid="weight"][data-field="birth_date"]').textContent()).toContain('Ngày sinh');
    expect(Number(await page.locator('[data-testid="weight"][data-field="birth_date"]').getAttribute('data-weight'))).toBeGreaterThan(0);
    expect(await page.getByTestId('weights-total').textContent()).toContain('Tổng điểm');
    await screenshot(page, 'quality-compare');

    const phone = await newPage(browser, { width: 390, height: 844 });
    await logIn(phone, 'cb.phuongbadinh');
    await phone.goto(`${server.url}/quality/duplicates/${pair.pinA}/${pair.pinB}`);
    await phone.getByTestId('compare-records').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(phone, 'quality-compare-phone');
    await phone.emulateMedia({ media: 'print' });
    await screenshot(phone, 'quality-compare-print');
    await phone.context().close();

    // Keep record 1.
    await page.getByTestId('keep-a').check();
    await page.getByTestId('merge-open').click();
    await page.getByTestId('merge-dialog').waitFor();
    const warning = await page.getByTestId('merge-warning').textContent();
    expect(warning).toContain(`Số định danh ${pair.pinB}`);
    expect(warning).toContain(`trỏ tới ${pair.pinA}`);
    await screenshot(page, 'quality-merge-confirm');
    await page.getByTestId('merge-dialog-confirm').click();
    await page.getByTestId('merge-result').waitFor();
    expect(await page.getByTestId('merge-result').textContent()).toContain(pair.pinA);
    expect(await page.getByTestId('result-account').getAttribute('data-account')).toBeTruthy();
    expect(await page.getByTestId('result-survivor').getAttribute('href')).toBe(`/people/${pair.pinA}`);
    expect(await page.getByTestId('merge-open').count()).toBe(0);
    await screenshot(page, 'quality-merge-result');

    // The pair left the open list.
    const open = await desk.call<{ items: PairItem[] }>('GET', '/api/quality/duplicates?pageSize=100');
    expect(open.items.filter(isOurPair)).toEqual([]);
    await page.goto(`${server.url}/quality`);
    await page.getByTestId('quality-duplicates').waitFor();
    await page.getByTestId('pagination').waitFor();
    expect(await page.locator(`[data-testid="pair-row"][data-pins="${pair.pinA} ${pair.pinB}"]`).count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
  });

  it('shows the report with the clean rate, the table per unit and the trend', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await logIn(page, 'cb.phuongbadinh');
    await page.goto(`${server.url}/quality/report`);
    await page.getByTestId('report-totals').waitFor();
    expect(await page.getByTestId('report-clean-rate').textContent()).toMatch(/%/);
    expect(await page.getByTestId('report-unit').count()).toBeGreaterThan(0);
    await page.getByTestId('report-trend').waitFor();
    await screenshot(page, 'quality-report');
    await page.getByTestId('quality-tab-findings').click();
    await page.getByTestId('findings-table').waitFor();
    await screenshot(page, 'quality-findings');
    const phone = await newPage(browser, { width: 390, height: 844 });
    await logIn(phone, 'cb.phuongbadinh');
    await phone.goto(`${server.url}/quality/report`);
    await phone.getByTestId('report-totals').waitFor();
    await screenshot(phone, 'quality-report-phone');
    await phone.context().close();
    expect(realErrors(errors)).toEqual([]);
  });

  it('shows the runs with their progress and the start buttons to a national officer', async () => {
    const page = await newPage(browser);
    await logIn(page, 'cb.quocgia');
    await page.goto(`${server.url}/quality/runs`);
    await page.getByTestId('runs-table').waitFor();
    expect(await page.getByTestId('run-duplicates').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="run-row"][data-kind="duplicates"][data-status="done"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'quality-runs');
  });
});

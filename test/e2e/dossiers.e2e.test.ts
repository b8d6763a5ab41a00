import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { ADJUST_MARKS, PDF } from '../dossier-procedures.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { DEMO_PASSWORD } from './officer-api.js';

/**
 * Dossier processing (issue 17 item 5) in a real browser over the demo, on a desktop screen:
 * the queue, a dossier received, its fee recorded, assigned, reviewed (after a concurrent
 * change caught and reloaded), approved and its result given, the applicant texted at each
 * step, and the figures page. The engine's test procedure is declared in this process, which
 * is the server's.
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

/** The API as an officer from Node, raw bodies included (attachments). */
async function officerSession(username: string) {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async <T,>(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const r = await fetch(`${server.url}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const json: unknown = await r.json();
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}

async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('sidenav').waitFor();
  return { page, errors };
}

const realErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

/** Opens the action's dialog, fills it with `fill`, confirms, and waits for the new state. */
async function act(page: Page, action: string, state: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId('action-dialog').waitFor({ state: 'visible' });
  if (fill) await fill();
  await page.getByTestId('action-dialog-confirm').click();
  await page.locator(`[data-testid="dossier-state"][data-state="${state}"]`).first().waitFor();
  await page.getByTestId('action-done').waitFor();
}

describe('processing a dossier', () => {
  it('walks queue → dossier → receive → fee → assign → review → approve → result, and the applicant is told each step', async () => {
    const lan = server.demoLogins.find((l) => l.role === 'citizen' && l.description.includes('Nguyễn Thị Lan'))!;
    const api = await officerSession('cb.phuongbadinh');
    const filed = await api<{ id: string; code: string }>('POST', '/api/dossiers', {
      procedure: ADJUST_MARKS.code,
      applicantPin: lan.username,
      unitCode: '00004',
      channel: 'counter',
      requestId: `e2e-desk-${Date.now()}`,
      form: { identifyingMarks: 'Nốt ruồi cạnh mũi phải', witnesses: [] },
    });
    await api('POST', `/api/dossiers/${filed.id}/attachments?documentCode=CT01&fileName=${encodeURIComponent('tờ khai CT01.pdf')}`, PDF, 'application/pdf');

    const { page, errors } = await signedIn('cb.phuongbadinh');
    await page.getByTestId('nav-dossiers').click();
    await page.getByTestId('queue-table').waitFor();
    const row = page.locator(`[data-testid="queue-row"][data-code="${filed.code}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Nguyễn Thị Lan');
    expect(await row.getByTestId('dossier-state').textContent()).toBe('Chờ kiểm tra tiếp nhận');
    await screenshot(page, 'dossiers-queue');

    await row.getByTestId('queue-open').click();
    await page.getByTestId('dossier-page').waitFor();
    expect(await page.getByTestId('dossier-code').textContent()).toBe(filed.code);
    expect(await page.getByTestId('applicant-link').getAttribute('href')).toBe(`/people/${lan.username}`);
    expect(await page.getByTestId('attachment-link').textContent()).toBe('tờ khai CT01.pdf');
    // Only what the state allows this officer.
    const buttons = async () => (await page.getByTestId('dossier-actions').locator('.button-row button').evaluateAll((b) => b.map((x) => x.getAttribute('data-testid')))).sort();
    expect(await buttons()).toEqual(['action-assign', 'action-receive', 'action-refuse', 'action-request_supplement']);

    await act(page, 'receive', 'received');
    expect(await page.getByTestId('dossier-due').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await act(page, 'pay_fee', 'fee_paid', async () => {
      await page.getByTestId('act-method').selectOption('cash');
      await page.getByTestId('act-receipt').fill('BL-2026-0001');
    });
    await act(page, 'assign', 'fee_paid', async () => {
      await page.locator('[data-testid="act-officer"] option', { hasText: 'Lê Thị Thu Hà' }).waitFor({ state: 'attached' });
      await page.getByTestId('act-officer').selectOption({ label: (await page.locator('[data-testid="act-officer"] option', { hasText: 'Lê Thị Thu Hà' }).textContent())! });
    });
    expect(await page.getByTestId('dossier-assigned').textContent()).toBe('Lê Thị Thu Hà (cb.hanoi)');

    // Someone else acts meanwhile: the page's next action is refused with a clear message and a reload.
    const current = await api<{ lastSeq: number }>('GET', `/api/dossiers/${filed.id}`);
    const me = await api<{ officer: { id: string } }>('GET', '/api/auth/me');
    await api('POST', `/api/dossiers/${filed.id}/actions`, { type: 'assign', expectedSeq: current.lastSeq, payload: { officerId: me.officer.id } });
    await page.getByTestId('action-review').click();
    await page.getByTestId('action-dialog-confirm').click();
    await page.getByTestId('action-error').waitFor();
    expect(await page.getByTestId('action-error').textContent()).toContain('Hồ sơ vừa được người khác thay đổi');
    await page.getByTestId('dialog-reload').click();
    await expect.poll(() => page.getByTestId('dossier-assigned').textContent()).toBe('Nguyễn Văn Bình (cb.phuongbadinh)');

    await act(page, 'review', 'in_review');
    await act(page, 'decide', 'approved', async () => {
      await page.getByTestId('outcome-approve').check();
      await page.getByTestId('act-note').fill('Đủ điều kiện điều chỉnh');
    });
    await screenshot(page, 'dossiers-dossier-approved');
    await act(page, 'notify_result', 'result_notified');
    expect(await buttons()).toEqual([]);
    const log = await page.getByTestId('log-entry').evaluateAll((li) => li.map((x) => x.getAttribute('data-type')));
    expect(log).toEqual(['submit', 'receive', 'pay_fee', 'assign', 'assign', 'review', 'decide', 'notify_result']);
    await screenshot(page, 'dossiers-dossier');

    // The applicant was texted each change (the relay and the dispatcher run in the server).
    await expect
      .poll(
        async () => {
          const sent = (await (await fetch(`${server.url}/api/dev/messages?recipient=0912000001&limit=50`)).json()) as Array<{ body: string }>;
          return sent.filter((m) => m.body.includes(filed.code)).length;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(6);
    const sent = (await (await fetch(`${server.url}/api/dev/messages?recipient=0912000001&limit=50`)).json()) as Array<{ body: string }>;
    expect(sent.some((m) => m.body.includes(filed.code) && m.body.includes('đã trả kết quả'))).toBe(true);
    expect(sent.some((m) => m.body.includes(filed.code) && /Ngày hẹn trả kết quả: \d{2}\/\d{2}\/\d{4}/.test(m.body))).toBe(true);
    expect(realErrors(errors)).toEqual([]);
  });

  it('shows the figures of the month per commune, and per province to a national officer', async () => {
    const { page, errors } = await signedIn('cb.phuongbadinh');
    await page.goto(`${server.url}/dossiers/figures`);
    await page.getByTestId('figures-table').waitFor();
    const row = page.locator('[data-testid="figures-row"][data-code="00004"]');
    expect(Number(await row.locator('[data-col="filed"]').textContent())).toBeGreaterThanOrEqual(1);
    // The one decided above, and the demo's two card applications (Lan's and Minh's, approved at start).
    expect(await row.locator('[data-col="decided"]').textContent()).toBe('3');
    expect(await row.locator('[data-col="onTimeShare"]').textContent()).toBe('100 %');
    await screenshot(page, 'dossiers-figures-commune');

    const national = await signedIn('cb.quocgia');
    await national.page.goto(`${server.url}/dossiers/figures`);
    await national.page.getByTestId('figures-table').waitFor();
    expect(await national.page.getByTestId('figures-row').count()).toBe(34);
    await national.page.getByTestId('sort-filed').click();
    expect(await national.page.getByTestId('figures-row').first().getAttribute('data-code')).toBe('01');
    await screenshot(national.page, 'dossiers-figures-nation');
    await national.page.locator('[data-testid="figures-row"][data-code="01"]').getByTestId('figures-drill').click();
    await national.page.locator('[data-testid="figures-row"][data-code="00004"]').waitFor();
    expect(realErrors([...errors, ...national.errors])).toEqual([]);
  });
});

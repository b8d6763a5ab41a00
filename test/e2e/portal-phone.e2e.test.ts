import zlib from 'node:zlib';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { devOutbox } from './dev-outbox.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs } from './officer-api.js';

/**
 * The citizen portal on a phone (390×844, an everyday handset): every page fits the width
 * (nothing scrolls sideways; tables turn into cards), the photo field offers the camera, and
 * pages load without a failed request in the console. Screenshots: test-output/screenshots/phone-*.
 */
const PHONE = { width: 390, height: 844 };
/** Script a phone downloads to show the portal's login page: 682 KB with both languages' texts, 603 KB with Vietnamese only. */
const BUDGET = 650_000;
const LAN = { fullName: 'Nguyễn Thị Lan', phone: '0912000001', passcode: '246810' };
const MINH = { fullName: 'Trần Văn Minh', birthDate: '21/09/1995', phone: '0987000003', passcode: '583920' };

let server: RunningServer;
let browser: Browser;
let lanPin: string;
let minhPin: string;

/** How far the page is wider than the screen (0: it fits). */
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** The elements that stick out past the right edge, to name in a failure. */
const wideElements = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}[${e.getAttribute('data-testid') ?? ''}]`),
  );

/** Boxes that scroll sideways inside the page (a table in an overflow-x wrapper, say). */
const innerScrollers = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
  );

/** The page fits a phone's width, nothing inside it scrolls sideways, then a screenshot to look at. */
async function fitsAndShoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const extra = await overflow(page);
  expect(extra, `${name} scrolls sideways by ${extra}px: ${(await wideElements(page)).join(', ')}`).toBeLessThanOrEqual(0);
  if ((await page.evaluate(() => window.innerWidth)) < 600) expect(await innerScrollers(page), `${name}: boxes that scroll sideways`).toEqual([]);
  await screenshot(page, name);
}

const nextCode = (phone: string, before: Set<string>) => devOutbox(server.url).nextCode(phone, before);
const seen = (phone: string) => devOutbox(server.url).seen(phone);

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
  lanPin = server.demoLogins.find((l) => l.description.includes(LAN.fullName))!.username;
  minhPin = server.demoLogins.find((l) => l.description.includes(MINH.fullName))!.username;
  // Officers read Lan's record, so her "who accessed my data" page has rows to show.
  const commune = await apiAs(server.url, 'cb.phuongbadinh');
  await commune.call('GET', `/api/people/${lanPin}`);
  const province = await apiAs(server.url, 'cb.hanoi');
  await province.call('GET', `/api/people/${lanPin}/history`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the citizen portal on a 390×844 phone', () => {
  it('login, activation and enrolment pages fit, and the first load logs no failed request', async () => {
    const page = await newPage(browser, PHONE);
    const errors = collectPageErrors(page);
    const scripts: Array<{ name: string; bytes: number }> = [];
    const pending: Array<Promise<void>> = [];
    const onScript = (r: Response) => {
      if (r.url().endsWith('.js') && r.status() === 200) pending.push(r.body().then((b) => void scripts.push({ name: r.url().split('/').pop() ?? '', bytes: b.length })));
    };
    page.on('response', onScript);
    await page.goto(`${server.url}/portal/login`);
    await page.getByTestId('portal-login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    page.off('response', onScript);
    await Promise.all(pending);
    await fitsAndShoot(page, 'phone-portal-login');
    // The session probe answers 200 "not signed in": no 401 in the console on each load.
    expect(errors).toEqual([]);
    // A phone downloads the portal, not the officer console's pages (972 KB of script when
    // everything was one download; 682 KB with the console's pages loaded when first shown),
    // and Vietnamese texts only: English is downloaded when chosen (BUDGET).
    expect(scripts.filter((s) => /^(OverviewPage|PeopleSearchPage|DossierQueuePage|ListsPage|CardDeskView|AuditPage)-/.test(s.name))).toEqual([]);
    expect(scripts.filter((s) => /^en-/.test(s.name))).toEqual([]);
    expect(scripts.reduce((n, s) => n + s.bytes, 0)).toBeLessThan(BUDGET);

    await page.goto(`${server.url}/portal/activate`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await fitsAndShoot(page, 'phone-portal-activate');

    await page.goto(`${server.url}/portal/enrol`);
    await page.getByTestId('enrol-details').waitFor();
    await fitsAndShoot(page, 'phone-portal-enrol-details');
    expect(errors).toEqual([]);
  });

  it('enrols with the photo field: camera or file, the rules before upload, a preview; a mismatch says so', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(`${server.url}/portal/enrol`);
    await page.getByLabel('Số định danh cá nhân').fill(minhPin);
    await page.getByLabel('Họ, chữ đệm và tên').fill(MINH.fullName);
    await page.getByLabel('Ngày sinh').fill('22/09/1995');
    await page.getByLabel('Số điện thoại di động').fill(MINH.phone);
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-mismatch').waitFor();
    const mismatch = (await page.getByTestId('enrol-mismatch').textContent()) ?? '';
    expect(mismatch).toContain('Thông tin không khớp với Cơ sở dữ liệu dân cư');
    expect(mismatch).not.toContain('Chưa lưu được');
    await fitsAndShoot(page, 'phone-portal-enrol-mismatch');

    const before = await seen(MINH.phone);
    await page.getByLabel('Ngày sinh').fill(MINH.birthDate);
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-confirm').waitFor();
    // The rules are on the page before anything is chosen, with the server's limits.
    const rules = (await page.getByTestId('photo-rules').textContent()) ?? '';
    expect(rules).toContain('JPEG hoặc PNG, từ 2 KB đến 2 MB');
    // One input opens the front camera, the other the gallery or files.
    expect(await page.getByTestId('input-photo-camera').getAttribute('capture')).toBe('user');
    expect(await page.getByTestId('input-photo-camera').getAttribute('accept')).toBe('image/*');
    expect(await page.getByTestId('input-photo').getAttribute('capture')).toBeNull();
    await fitsAndShoot(page, 'phone-portal-enrol-photo-empty');

    // A file too small is refused before upload, next to the field.
    await page.getByLabel('Mã xác thực (SMS)').fill(await nextCode(MINH.phone, before));
    await page.getByLabel('Mật mã (6 số)').fill(MINH.passcode);
    await page.getByLabel('Nhập lại mật mã').fill(MINH.passcode);
    await page.getByTestId('input-photo-camera').setInputFiles({ name: 'tiny.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
    await page.getByTestId('enrol-confirm-submit').click();
    await page.getByTestId('error-photo').waitFor();
    expect(await page.getByTestId('error-photo').textContent()).toContain('nhỏ hơn 2 KB');

    // "Taking" a photo: the preview shows the picture with its size and type.
    await page.getByTestId('input-photo-camera').setInputFiles({ name: 'chup-anh.png', mimeType: 'image/png', buffer: portrait() });
    await page.getByTestId('photo-preview').waitFor();
    expect(await page.getByTestId('photo-facts').textContent()).toMatch(/chup-anh\.png — \d+ KB, image\/png/);
    expect(await page.getByTestId('photo-camera').textContent()).toBe('Chụp lại');
    expect(await page.locator('[data-testid="photo-preview"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await fitsAndShoot(page, 'phone-portal-enrol-photo-preview');

    await page.getByTestId('enrol-confirm-submit').click();
    await page.getByTestId('enrol-done').waitFor();
    await fitsAndShoot(page, 'phone-portal-enrol-done');
  });

  it('every page of a logged-in citizen fits: my data, children, activity, who accessed my data, security', async () => {
    const page = await newPage(browser, PHONE);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/portal/login`);
    const before = await seen(LAN.phone);
    await page.getByLabel('Số định danh cá nhân').fill(lanPin);
    await page.getByLabel('Mật mã (6 số)').fill(LAN.passcode);
    await page.getByTestId('portal-login-submit').click();
    await page.getByTestId('portal-login-second').waitFor();
    await fitsAndShoot(page, 'phone-portal-login-code');
    await page.getByLabel('Mã xác thực').fill(await nextCode(LAN.phone, before));
    await page.getByTestId('portal-login-verify').click();
    await page.waitForURL(`${server.url}/portal`);

    for (const [url, name, ready] of [
      ['/portal', 'phone-portal-my-data', 'h1'],
      ['/portal/children', 'phone-portal-children', 'h1'],
      ['/portal/activity', 'phone-portal-activity', 'h1'],
      ['/portal/access', 'phone-portal-access', '[data-testid="access-row"]'],
      ['/portal/security', 'phone-portal-security', 'h1'],
    ] as const) {
      await page.goto(`${server.url}${url}`);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await fitsAndShoot(page, name);
      if (url === '/portal/access') {
        // The access log is a list of cards on a phone: each row names its columns.
        const row = page.getByTestId('access-row').first();
        expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
        // Purposes are codes shown in the reader's language: one language at a time.
        expect(await row.getByTestId('access-purpose').textContent()).toBe('Tra cứu nghiệp vụ');
        await page.getByTestId('lang-en').click();
        await expect.poll(() => row.getByTestId('access-purpose').textContent()).toBe('Official lookup');
        await fitsAndShoot(page, 'phone-portal-access-en');
        await page.getByTestId('lang-vi').click();
      }
    }
    expect(errors).toEqual([]);
  });

  it('the same pages at desktop size still show tables', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/portal/login`);
    const before = await seen(LAN.phone);
    await page.getByLabel('Số định danh cá nhân').fill(lanPin);
    await page.getByLabel('Mật mã (6 số)').fill(LAN.passcode);
    await page.getByTestId('portal-login-submit').click();
    await page.getByLabel('Mã xác thực').fill(await nextCode(LAN.phone, before));
    await page.getByTestId('portal-login-verify').click();
    await page.waitForURL(`${server.url}/portal`);
    await page.goto(`${server.url}/portal/access`);
    await page.getByTestId('access-row').first().waitFor();
    expect(await page.getByTestId('access-row').first().evaluate((tr) => getComputedStyle(tr).display)).toBe('table-row');
    await fitsAndShoot(page, 'desktop-portal-access');
  });
});

/** A 48×60 PNG of grain: noise compresses badly, so it is above the 2 KB minimum. */
function portrait(): Buffer {
  const width = 48;
  const height = 60;
  const raw = Buffer.alloc((1 + width * 3) * height);
  let seed = 11;
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0;
    for (let i = 1; i <= width * 3; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      raw[y * (1 + width * 3) + i] = 120 + (seed % 100);
    }
  }
  return png(width, height, raw);
}

function png(width: number, height: number, raw: Buffer): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('pages a new user opens first, at desktop size', () => {
  it('the officer login page loads without a failed request in the console', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });

  it('the API docs page runs under the Content-Security-Policy with no violation', async () => {
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
    // Swagger UI (5.3x) virtualises the list once tags + operations reach 150: it draws what is
    // on screen. So scroll to the end and see the last tag's operations drawn there.
    const spec = (await (await fetch(`${server.url}/api/docs/json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBeGreaterThan(100);
    for (let i = 0; i < 40 && !(await page.locator('.opblock-tag[data-tag="development"]').count()); i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(100);
    }
    await page.locator('.opblock-tag[data-tag="development"]').waitFor();
    await page.locator('.opblock', { hasText: '/api/dev/messages' }).waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'desktop-api-docs');
  });
});

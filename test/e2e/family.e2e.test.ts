import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { devOutbox } from './dev-outbox.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs as officerApi, DEMO_PASSWORD, type Api } from './officer-api.js';

/**
 * Issue 16 items 5, 6 and 12 in the browser: the birth form that prevents mistakes (parent
 * lookup, unit pickers, nationality list, place of birth apart from the registration, a
 * confirmation step), families by name on the person page and in the citizen portal (390×844),
 * and demo records whose dates follow their lives.
 */
const LAN_PHONE = '0912000001';
const LAN_PASSCODE = '246810';

let server: RunningServer;
let browser: Browser;
const apiAs = (username: string): Promise<Api> => officerApi(server.url, username);

interface Created {
  pin: string;
  version: number;
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Page errors other than the browser's note about 4xx answers (a 404 is how a lookup says "not in your area"). */
function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

/** Today in Vietnam, `daysBack` ago, as ISO and as the form takes it (dd/mm/yyyy). */
function vietnamDay(daysBack: number): { iso: string; vn: string } {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() - daysBack * 86_400_000));
  const [y, m, d] = iso.split('-');
  return { iso, vn: `${d}/${m}/${y}` };
}

async function officerLogIn(page: Page, username: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** Picks a unit in a picker by typing part of its name and choosing the option that contains `option`. */
async function pickUnit(page: Page, field: string, query: string, option: string): Promise<void> {
  await page.getByTestId(`input-${field}`).fill(query);
  await page.getByTestId(`options-${field}`).getByTestId('unit-option').filter({ hasText: option }).first().click();
  await page.getByTestId(`picked-${field}`).waitFor();
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('birth form that prevents mistakes, and families by name (officer console)', () => {
  it('looks parents up by PIN, picks units by name, confirms, and lists the child on the mother', async () => {
    const badinh = await apiAs('cb.phuongbadinh');
    const ngocha = await apiAs('cb.phuongngocha');
    const base = { ethnicity: '01', reasonCode: 'initial_registration' };
    const mother = await badinh.call<Created>('POST', '/api/people', { ...base, unitCode: '00004', fullName: 'Hoàng Thị Thu Trang', birthDate: '1993-10-08', sex: 'F' });
    await badinh.call('POST', '/api/households', { unitCode: '00004', address: 'Số 5, ngõ 120, phố Kim Mã', headPin: mother.pin, members: [], validFrom: '2021-04-01', reasonCode: 'residence_registration' });
    // The father lives in Ngọc Hà: outside the Ba Đình officer's area.
    const father = await ngocha.call<Created>('POST', '/api/people', { ...base, unitCode: '00008', fullName: 'Lý Quang Huy', birthDate: '1991-02-17', sex: 'M' });

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/people/new/birth`);
    await officerLogIn(page, 'cb.phuongbadinh');
    await page.getByTestId('birth-form').waitFor();
    // The registration place starts at the officer's own commune, by name.
    await expect.poll(() => text(page, 'picked-birthPlaceCode')).toContain('Phường Ba Đình, Thành phố Hà Nội');

    // Nothing filled: every problem at once, the place of birth among them.
    await page.getByTestId('birth-review').click();
    await page.getByTestId('form-errors').waitFor();
    expect(await text(page, 'form-errors')).toContain('Cần ghi nơi sinh: cơ sở y tế hoặc địa chỉ nơi trẻ được sinh ra.');

    // Parents by PIN: the mother is named at once; the father, outside the area, reads like an unknown PIN.
    await page.getByTestId('input-motherPin').fill(mother.pin);
    await expect.poll(() => text(page, 'parent-mother-found')).toBe('Hoàng Thị Thu Trang, sinh 08/10/1993');
    await page.getByTestId('input-fatherPin').fill(father.pin);
    await page.getByTestId('parent-father-unknown').waitFor();
    expect(await text(page, 'parent-father-unknown')).toContain('Không tìm thấy người có số này trong phạm vi quản lý của bạn');

    const born = vietnamDay(2);
    await page.getByTestId('input-fullName').fill('Lý Hoàng Minh Châu');
    await page.getByTestId('input-birthDate').fill(born.vn);
    await page.getByTestId('input-sex-F').check();
    // Nationality from the list, Viet Nam first.
    expect(await page.getByTestId('input-nationality').locator('option:checked').textContent()).toBe('Việt Nam');
    expect(await page.getByTestId('input-nationality').locator('option').count()).toBeGreaterThan(200);
    // Place of birth: a hospital in Ngọc Hà; registered in Ba Đình; quê quán picked by name.
    await page.getByTestId('input-birthFacility').fill('Bệnh viện Nhi Trung ương');
    await page.getByTestId('input-birthAddress').fill('Số 18/879, đường La Thành');
    await pickUnit(page, 'birthAddressUnitCode', 'ngoc ha', 'Phường Ngọc Hà');
    await pickUnit(page, 'originPlaceCode', 'ninh binh', 'Ninh Bình');
    await page.getByTestId('input-dossier').fill('KS-2026-000101');
    await screenshot(page, 'birth2-form');

    // The confirmation step says everything in words before the PIN is issued.
    await page.getByTestId('birth-review').click();
    await page.getByTestId('birth-confirm').waitFor();
    expect(await text(page, 'confirm-fullName')).toBe('Lý Hoàng Minh Châu');
    expect(await text(page, 'confirm-birthDate')).toBe(born.vn);
    expect(await text(page, 'confirm-nationality')).toBe('Việt Nam');
    expect(await text(page, 'confirm-birthFacility')).toBe('Bệnh viện Nhi Trung ương');
    expect(await text(page, 'confirm-birthPlaceCode')).toContain('Phường Ba Đình, Thành phố Hà Nội (00004)');
    expect(await text(page, 'confirm-mother')).toContain('Hoàng Thị Thu Trang');
    expect(await text(page, 'confirm-father')).toBe(`${father.pin}: người cư trú ngoài phạm vi quản lý của bạn`);
    await screenshot(page, 'birth2-confirm');

    // Back to the form keeps every value; then confirm for real.
    await page.getByTestId('birth-back').click();
    expect(await page.getByTestId('input-fullName').inputValue()).toBe('Lý Hoàng Minh Châu');
    await page.getByTestId('birth-review').click();
    await page.getByTestId('birth-confirm').waitFor();
    await page.getByTestId('birth-submit').click();
    await page.getByTestId('birth-done').waitFor();
    const childPin = await text(page, 'new-pin');
    expect(childPin).toMatch(new RegExp(`^0013${born.iso.slice(2, 4)}\\d{6}$`));

    // The child's record: place of birth apart from the registration; parents by name, the father as "outside".
    await page.getByTestId('open-new-person').click();
    await page.getByTestId('person-overview').waitFor();
    await expect.poll(() => text(page, 'fact-placeOfBirth')).toContain('Bệnh viện Nhi Trung ương, Số 18/879, đường La Thành');
    await expect.poll(() => text(page, 'fact-placeOfBirth')).toContain('Phường Ngọc Hà');
    expect(await text(page, 'fact-birthPlace')).toContain('Phường Ba Đình, Thành phố Hà Nội');
    await expect.poll(() => text(page, 'family-mother')).toContain('Hoàng Thị Thu Trang');
    expect(await text(page, 'family-father-outside')).toBe('Một người ngoài địa bàn quản lý của bạn');
    expect(await page.getByTestId('family-links').textContent()).not.toContain('Lý Quang Huy');
    await screenshot(page, 'family-child');

    // The mother's record lists the child, by name with a link.
    await page.getByTestId('family-mother').getByRole('link').click();
    await expect.poll(() => text(page, 'person-name')).toBe('Hoàng Thị Thu Trang');
    await expect.poll(() => text(page, 'family-child')).toContain('Lý Hoàng Minh Châu');
    expect(await page.getByTestId('family-child').getByRole('link').getAttribute('href')).toBe(`/people/${childPin}`);
    await screenshot(page, 'family-mother');

    // The Ngọc Hà officer sees the father's child as outside their area.
    const fatherFamily = await ngocha.call<{ children: unknown[] }>('GET', `/api/people/${father.pin}/family`);
    expect(fatherFamily.children).toEqual([{ visible: false }]);
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('families in the citizen portal at 390×844', () => {
  it("lists Lan's children and tells her a child was registered into her household", async () => {
    const lanPin = server.demoLogins.find((l) => l.description.includes('Nguyễn Thị Lan'))!.username;
    const badinh = await apiAs('cb.phuongbadinh');
    const born = vietnamDay(5);
    await badinh.call('POST', '/api/births', { fullName: 'Phạm Gia Hân', birthDate: born.iso, sex: 'F', ethnicity: '01', birthPlaceCode: '00004', birthFacility: 'Bệnh viện Phụ sản Hà Nội', motherPin: lanPin, reasonCode: 'birth_registration' });

    const page = await newPage(browser, { width: 390, height: 844 });
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/portal/children`);
    await page.getByLabel('Số định danh cá nhân').fill(lanPin);
    await page.getByLabel('Mật mã (6 số)').fill(LAN_PASSCODE);
    await page.getByTestId('portal-login-submit').click();
    await page.getByTestId('portal-login-second').waitFor();
    await page.getByTestId('portal-login-code').fill(await devOutbox(server.url).latestCode(LAN_PHONE));
    await page.getByTestId('portal-login-verify').click();

    await page.getByTestId('my-children').waitFor();
    await expect.poll(() => page.getByTestId('my-child').count()).toBe(2);
    const children = await page.getByTestId('my-child').allTextContents();
    expect(children[0]).toContain('Phạm Gia Bảo');
    expect(children[0]).toContain('03/08/2019');
    expect(children[1]).toContain('Phạm Gia Hân');
    // Both are under 14: each can get an account from here; the button fills the form.
    await page.getByTestId('child-enrol').first().click();
    expect(await page.getByTestId('input-childPin').inputValue()).toMatch(/^\d{12}$/);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'portal-children-390');

    await page.goto(`${server.url}/portal/activity`);
    await page.getByTestId('household-activity').waitFor();
    const event = page.locator('[data-testid="household-event"][data-cause="birth"]').first();
    await event.waitFor();
    expect(await event.textContent()).toContain('Phạm Gia Hân (Con) được đăng ký khai sinh và nhập vào hộ.');
    expect(await event.textContent()).toContain('Công an Phường Ba Đình');
    expect(await event.getByTestId('household-event-reason').textContent()).toBe('Lý do: Đăng ký khai sinh');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'portal-activity-390');
    expect(realErrors(errors)).toEqual([]);
  });
});

describe('believable demo data', () => {
  it('shows a demo man born in the 1950s living in his household for decades, with a PIN issued years ago', async () => {
    const r = await server.db.pool.query<{ pin: string; valid_from: string; issued_on: string }>(
      `SELECT p.pin, r.valid_from::text AS valid_from, (g.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS issued_on
         FROM person p JOIN residence r ON r.person_id = p.id AND r.kind = 'permanent' JOIN pin_registry g ON g.pin = p.pin
        WHERE p.unit_code = '00004' AND p.sex = 'M' AND p.birth_year BETWEEN 1950 AND 1955 AND p.external_id LIKE 'g-demo%'
          AND EXISTS (SELECT 1 FROM household_member m WHERE m.person_id = p.id AND m.relation = 'chu_ho')
        ORDER BY p.birth_date, p.pin LIMIT 1`,
    );
    const man = r.rows[0]!;
    expect(man.valid_from < '2000-01-01').toBe(true);
    expect(man.issued_on >= '2016-01-01' && man.issued_on < '2021-07-01').toBe(true);

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/people/${man.pin}`);
    await officerLogIn(page, 'cb.phuongbadinh');
    await page.getByTestId('person-overview').waitFor();
    const [y, m, d] = man.valid_from.split('-');
    await expect.poll(async () => (await page.getByTestId('residence-row').first().textContent()) ?? '').toContain(`${d}/${m}/${y}`);
    const [iy, im, id] = man.issued_on.split('-');
    expect(await page.getByTestId('pin-row').first().textContent()).toContain(`${id}/${im}/${iy}`);
    await screenshot(page, 'demo-person-1950s');

    // Lan: place of birth registration (Hà Nội) and place of origin (Nam Định) on her record.
    const lanPin = server.demoLogins.find((l) => l.description.includes('Nguyễn Thị Lan'))!.username;
    await page.goto(`${server.url}/people/${lanPin}`);
    await page.getByTestId('person-overview').waitFor();
    await expect.poll(() => text(page, 'fact-birthPlace')).toContain('Hà Nội');
    expect(await page.getByTestId('personal-data').textContent()).toContain('Nam Định');
    // Code lists come from the API for citizens too (/api/citizen/reference): labels, not codes.
    await expect.poll(() => page.getByTestId('personal-data').textContent()).toContain('Kinh');
    await expect.poll(() => text(page, 'family-child')).toContain('Phạm Gia Bảo');
    await screenshot(page, 'demo-citizen-lan');
    expect(realErrors(errors)).toEqual([]);
  });
});


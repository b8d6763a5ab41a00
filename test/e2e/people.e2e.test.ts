import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startDemoServer } from './demo-server.js';
import { collectPageErrors, launchBrowser, newPage, screenshot } from './browser.js';
import { apiAs as officerApi, DEMO_PASSWORD, type Api } from './officer-api.js';

const PASSWORD = DEMO_PASSWORD;

let server: RunningServer;
let browser: Browser;

/** The API as an officer, from Node. */
const apiAs = (username: string): Promise<Api> => officerApi(server.url, username);

interface CreatedPerson {
  pin: string;
  version: number;
}

/** Today in Vietnam, `days` back, as ISO and as the UI writes it (dd/mm/yyyy). */
function vietnamDay(daysBack: number): { iso: string; vn: string } {
  const day = new Date(Date.now() - daysBack * 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(day);
  const [y, m, d] = iso.split('-');
  return { iso, vn: `${d}/${m}/${y}` };
}

/** A family in Phường Ba Đình: head, wife (linked as spouse), and the head's mother born "07/1950". */
async function seedFamily(api: Api) {
  const base = { ethnicity: '01', unitCode: '00004', reasonCode: 'initial_registration' };
  const head = await api.call<CreatedPerson>('POST', '/api/people', {
    ...base,
    fullName: 'Trịnh Quốc Khánh',
    birthDate: '1975-04-12',
    sex: 'M',
    oldId9: '011223344',
    religion: 'phat_giao',
  });
  const wife = await api.call<CreatedPerson>('POST', '/api/people', {
    ...base,
    fullName: 'Vũ Thị Hồng Nhung',
    birthDate: '1982-09-03',
    sex: 'F',
    spousePin: head.pin,
  });
  const mother = await api.call<CreatedPerson>('POST', '/api/people', {
    ...base,
    fullName: 'Lê Thị Mơ',
    birthDate: '1950-07',
    sex: 'F',
  });
  const household = await api.call<{ householdNo: string }>('POST', '/api/households', {
    unitCode: '00004',
    address: 'Số 12, ngõ 35, phố Đội Cấn',
    headPin: head.pin,
    members: [
      { pin: wife.pin, relation: 'vo' },
      { pin: mother.pin, relation: 'me' },
    ],
    validFrom: '2020-01-15',
    reasonCode: 'residence_registration',
  });
  return { head, wife, mother, householdNo: household.householdNo };
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startDemoServer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Page errors other than the browser's note about 4xx answers (a 400 or 409 is how the API says no). */
function realErrors(errors: string[]): string[] {
  return errors.filter(
    (e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e),
  );
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).first().textContent()) ?? '';

describe('officer console: people and households', () => {
  it('searches, reads, edits, registers a birth and a death, and flags the household without a head', async () => {
    const api = await apiAs('cb.phuongbadinh');
    const family = await seedFamily(api);
    const page = await newPage(browser);
    const errors = collectPageErrors(page);

    await page.goto(`${server.url}/people`);
    await logIn(page, 'cb.phuongbadinh');
    await page.getByTestId('people-search-page').waitFor();
    expect(await page.getByTestId('nav-people').getAttribute('aria-current')).toBe('page');

    // An incomplete query is caught before anything is sent (every hit is a logged read).
    await page.getByTestId('people-search').fill('0011');
    await page.getByTestId('people-search-submit').click();
    expect(await text(page, 'error-q')).toBe(
      'Nhập họ tên (ít nhất 2 chữ cái), số định danh 12 số hoặc số CMND 9 số.',
    );

    // Without diacritics and with a typo ("khan" for "Khánh"), filtered by birth year and commune.
    await page.getByTestId('people-search').fill('trinh quoc khan');
    await page.getByTestId('filter-birth-year').fill('1975');
    await page.getByTestId('filter-unit').fill('00004');
    await page.getByTestId('people-search-submit').click();
    const hit = page.locator(`[data-testid="person-row"][data-pin="${family.head.pin}"]`);
    await hit.waitFor();
    const row = (await hit.textContent()) ?? '';
    expect(row).toContain('Trịnh Quốc Khánh');
    expect(row).toContain('12/04/1975');
    expect(row).toContain('Nam');
    expect(row).toContain('Đang sống');
    await expect.poll(async () => (await hit.textContent()) ?? '').toContain('Phường Ba Đình');
    expect(new URL(page.url()).searchParams.get('q')).toBe('trinh quoc khan');
    await screenshot(page, 'people-search');

    // The filters narrow: nobody by that name was born in 1976.
    await page.getByTestId('filter-birth-year').fill('1976');
    await page.getByTestId('people-search-submit').click();
    await page.getByTestId('empty').waitFor();

    // A 9-digit old ID number finds the same person.
    await page.getByTestId('filter-birth-year').fill('');
    await page.getByTestId('people-search').fill('011223344');
    await page.getByTestId('people-search-submit').click();
    await page.locator(`[data-testid="person-row"][data-pin="${family.head.pin}"]`).waitFor();
    expect(await text(page, 'search-mode')).toBe('Tìm theo số CMND');

    // The person: personal data with labels, family links, household, open residence, PINs.
    await page.locator(`[data-testid="person-row"][data-pin="${family.head.pin}"] a`).click();
    await page.getByTestId('person-overview').waitFor();
    expect(await text(page, 'person-name')).toBe('Trịnh Quốc Khánh');
    expect(await text(page, 'person-pin')).toBe(family.head.pin);
    await expect.poll(() => text(page, 'fact-ethnicity')).toBe('Kinh');
    expect(await text(page, 'fact-religion')).toBe('Phật giáo');
    expect(await text(page, 'household-link')).toBe(family.householdNo);
    expect(await page.getByTestId('person-household').textContent()).toContain('Chủ hộ');
    const residence = page.getByTestId('residence-row').first();
    expect(await residence.getAttribute('data-open')).toBe('true');
    expect(await residence.textContent()).toContain('Số 12, ngõ 35, phố Đội Cấn');
    expect(await residence.textContent()).toContain('15/01/2020');
    expect(await page.getByTestId('pin-row').count()).toBe(1);
    await screenshot(page, 'person');

    // History: the registration, then the spouse link written from the wife's record;
    // an edit with a reason makes version 3.
    await page.getByTestId('person-tab-history').click();
    await page.getByTestId('person-history').waitFor();
    expect(await page.getByTestId('version').count()).toBe(2);
    // The spouse link written from the wife's record carries her change's reason, as its label.
    expect(await page.locator('[data-testid="version"][data-version="2"]').getByTestId('version-reason').textContent()).toBe('Thu thập, cập nhật công dân vào Cơ sở dữ liệu dân cư');

    await page.getByTestId('person-tab-edit').click();
    await page.getByTestId('person-edit-form').waitFor();
    await page.getByTestId('edit-submit').click();
    expect(await text(page, 'form-errors')).toContain('Chưa có thông tin nào được thay đổi.');
    await page.getByTestId('input-identifyingMarks').fill('Nốt ruồi cách 2 cm trên đuôi mắt trái');
    await page.getByTestId('edit-submit').click();
    expect(await text(page, 'error-reasonCode')).toBe('Vui lòng chọn lý do thay đổi.');
    // "Other reason" needs the officer's words.
    await page.getByTestId('reason-code').selectOption('other');
    await page.getByTestId('edit-submit').click();
    expect(await text(page, 'error-reasonNote')).toBe('Với “Lý do khác”, cần ghi rõ lý do.');
    await page.getByTestId('reason-code').selectOption({ label: 'Điều chỉnh thông tin theo giấy tờ' });
    await page.getByTestId('reason-note').fill('Bổ sung đặc điểm nhận dạng theo tờ khai CT01');
    await screenshot(page, 'person-edit-reason');
    await page.getByTestId('input-dossier').fill('CT01-2026-000123');
    await page.getByTestId('edit-submit').click();
    await page.getByTestId('saved-notice').waitFor();
    expect(await text(page, 'saved-notice')).toBe('Đã lưu thay đổi (phiên bản 3).');
    expect(await text(page, 'fact-identifyingMarks')).toBe('Nốt ruồi cách 2 cm trên đuôi mắt trái');

    await page.getByTestId('person-tab-history').click();
    const v3 = page.locator('[data-testid="version"][data-version="3"]');
    await v3.waitFor();
    expect(await page.getByTestId('version').count()).toBe(3);
    expect(await v3.getByTestId('version-reason').textContent()).toBe('Điều chỉnh thông tin theo giấy tờ');
    expect(await v3.getByTestId('version-reason-note').textContent()).toBe('Bổ sung đặc điểm nhận dạng theo tờ khai CT01');
    expect(await v3.getByTestId('version-author').textContent()).toBe('Bạn (Nguyễn Văn Bình)');
    const changed = v3.getByTestId('changed-field');
    expect(await changed.count()).toBe(1);
    expect(await changed.getAttribute('data-field')).toBe('identifyingMarks');
    expect(await changed.textContent()).toContain('Đặc điểm nhận dạng');
    await screenshot(page, 'person-history');
    // The same history in English: the reason's English label, the officer's words as written.
    await page.getByTestId('lang-en').click();
    await expect.poll(() => v3.getByTestId('version-reason').textContent()).toBe('Correction from documents');
    expect(await v3.getByTestId('version-reason-note').textContent()).toBe('Bổ sung đặc điểm nhận dạng theo tờ khai CT01');
    await screenshot(page, 'person-history-en');
    await page.getByTestId('lang-vi').click();
    await expect.poll(() => v3.getByTestId('version-reason').textContent()).toBe('Điều chỉnh thông tin theo giấy tờ');

    // Someone else saves first: the officer is told to reload, and the reload shows their data.
    await page.getByTestId('person-tab-edit').click();
    await page.getByTestId('input-identifyingMarks').fill('Sẹo nhỏ ở cằm');
    await page.getByTestId('reason-code').selectOption('record_correction');
    await api.call('PATCH', `/api/people/${family.head.pin}`, {
      religion: 'khong',
      expectedVersion: 3,
      reasonCode: 'record_correction', reasonNote: 'cán bộ khác sửa tôn giáo',
    });
    await page.getByTestId('edit-submit').click();
    await page.getByTestId('version-conflict').waitFor();
    expect(await text(page, 'version-conflict')).toContain('Hồ sơ vừa được người khác thay đổi.');
    await screenshot(page, 'person-edit-conflict');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('input-religion').inputValue()).toBe('khong');
    expect(await page.getByTestId('input-identifyingMarks').inputValue()).toBe(
      'Nốt ruồi cách 2 cm trên đuôi mắt trái',
    );
    expect(await text(page, 'person-version')).toBe('phiên bản 4');

    // The household: head first with relation labels, the mother's partial date of birth.
    await page.getByTestId('person-tab-overview').click();
    await page.getByTestId('household-link').click();
    await page.getByTestId('household-page').waitFor();
    const members = page.getByTestId('current-members').getByTestId('member-row');
    await expect.poll(() => members.count()).toBe(3);
    expect(await members.first().getAttribute('data-pin')).toBe(family.head.pin);
    await expect.poll(async () => (await members.first().textContent()) ?? '').toContain('Chủ hộ');
    const motherRow = page.locator(`[data-testid="member-row"][data-pin="${family.mother.pin}"]`);
    expect(await motherRow.textContent()).toContain('07/1950');
    expect(await motherRow.textContent()).toContain('Mẹ');
    expect(await page.getByTestId('headless-flag').count()).toBe(0);
    await screenshot(page, 'household');

    // A birth into the household: a wrong parent is refused by the server, next to the field.
    await page.getByTestId('household-birth').click();
    await page.getByTestId('birth-form').waitFor();
    expect(await page.getByTestId('input-householdNo').inputValue()).toBe(family.householdNo);
    await expect.poll(() => text(page, 'picked-birthPlaceCode')).toContain('Phường Ba Đình, Thành phố Hà Nội (00004)');
    await page.getByTestId('birth-review').click();
    expect(await page.getByTestId('form-errors').locator('li').count()).toBeGreaterThanOrEqual(4);
    expect(await text(page, 'error-motherPin')).toBe('Cần số định danh của mẹ hoặc cha (ít nhất một người).');
    expect(await page.getByTestId('form-errors').textContent()).toContain(
      'Họ, chữ đệm và tên của trẻ: Vui lòng nhập thông tin này.',
    );
    await screenshot(page, 'birth-form-errors');

    const born = vietnamDay(3);
    await page.getByTestId('input-fullName').fill('Trịnh Minh An');
    await page.getByTestId('input-birthDate').fill(born.vn);
    await page.getByTestId('input-sex-F').check();
    await page.getByTestId('input-birthFacility').fill('Bệnh viện Phụ sản Hà Nội');
    await page.getByTestId('input-motherPin').fill(family.head.pin); // the father's PIN, by mistake
    // The lookup names him at once and says a man cannot be the mother.
    await page.getByTestId('parent-mother-sex').waitFor();
    await page.getByTestId('input-dossier').fill('KS-2026-000045');
    await screenshot(page, 'birth-form');
    // Sent anyway, past the confirmation step: the server refuses it next to the field.
    await page.getByTestId('birth-review').click();
    await page.getByTestId('birth-confirm').waitFor();
    await page.getByTestId('birth-submit').click();
    await page.getByTestId('error-motherPin').waitFor();
    expect(await text(page, 'error-motherPin')).toBe('Giới tính của cha/mẹ không khớp.');
    await page.getByTestId('input-motherPin').fill(family.wife.pin);
    await page.getByTestId('input-fatherPin').fill(family.head.pin);
    await page.getByTestId('parent-father-found').waitFor();
    await page.getByTestId('birth-review').click();
    await page.getByTestId('birth-confirm').waitFor();
    await page.getByTestId('birth-submit').click();
    await page.getByTestId('birth-done').waitFor();
    const newPin = await text(page, 'new-pin');
    // 001 = Hà Nội, 3 = a girl born in the 2000s, then the year's last two digits.
    expect(newPin).toMatch(new RegExp(`^0013${born.iso.slice(2, 4)}\\d{6}$`));
    expect(await text(page, 'birth-household')).toBe(family.householdNo);
    expect(await page.getByTestId('birth-done').textContent()).toContain('Con');
    await screenshot(page, 'birth-done');

    await page.getByTestId('open-new-person').click();
    await page.getByTestId('person-overview').waitFor();
    expect(await text(page, 'person-pin')).toBe(newPin);
    await expect.poll(() => text(page, 'family-mother')).toContain('Vũ Thị Hồng Nhung');
    expect(await text(page, 'family-father')).toContain('Trịnh Quốc Khánh');

    // The head dies: the household is left without a head and says so.
    await page.goto(`${server.url}/people/${family.head.pin}/death`);
    await page.getByTestId('death-form').waitFor();
    expect(await page.getByTestId('input-pin').inputValue()).toBe(family.head.pin);
    await page.getByTestId('input-deathDate').fill('31/02/2026');
    await page.getByTestId('death-submit').click();
    expect(await text(page, 'error-deathDate')).toContain('Ngày không hợp lệ');
    await page.getByTestId('input-deathDate').fill(vietnamDay(1).vn);
    await page.getByTestId('death-submit').click();
    await page.getByTestId('death-headless').waitFor();
    expect(await text(page, 'death-headless')).toContain(`Hộ ${family.householdNo} hiện không có chủ hộ.`);
    await page.getByTestId('deceased-banner').waitFor();
    expect(await page.getByTestId('person-tab-edit').count()).toBe(0);

    await page.getByTestId('death-headless-link').click();
    await page.getByTestId('headless-flag').waitFor();
    expect(await text(page, 'headless-flag')).toContain('Hộ chưa có chủ hộ');
    await expect.poll(() => page.getByTestId('current-members').getByTestId('member-row').count()).toBe(3);
    const formerHead = page.getByTestId('past-members').locator(`[data-pin="${family.head.pin}"]`);
    expect(await formerHead.textContent()).toContain('Đã mất');
    await screenshot(page, 'household-headless');

    // It is on the list of households without a head.
    await page.getByTestId('nav-households').click();
    await page.getByTestId('households-tab-headless').click();
    await page.locator(`[data-testid="headless-row"][data-household="${family.householdNo}"]`).waitFor();
    await screenshot(page, 'households-headless-list');

    // The dead head's record is locked.
    await page.goto(`${server.url}/people/${family.head.pin}/edit`);
    await page.getByTestId('person-overview').waitFor();
    expect(await page.getByTestId('deceased-banner').textContent()).toContain('Hồ sơ đã khoá');
    const closed = page.getByTestId('residence-row').first();
    expect(await closed.getAttribute('data-open')).toBe('false');
    expect(await closed.textContent()).toContain('Đã mất');
    await screenshot(page, 'person-deceased');

    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('finds a person by a cancelled PIN and says which PIN replaced it', async () => {
    const api = await apiAs('cb.phuongbadinh');
    const person = await api.call<CreatedPerson>('POST', '/api/people', {
      fullName: 'Đinh Thị Sáu',
      birthDate: '1950-07',
      sex: 'F',
      ethnicity: '01',
      unitCode: '00004',
      reasonCode: 'initial_registration',
    });
    const { newPin } = await api.call<{ newPin: string }>(
      'POST',
      `/api/people/${person.pin}/reestablish-pin`,
      {
        birthDate: '1951-07',
        expectedVersion: person.version,
        reasonCode: 'pin_reestablishment', reasonNote: 'năm sinh nhập sai, đã đối chiếu giấy khai sinh',
      },
    );

    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/people?q=${person.pin}`);
    await logIn(page, 'cb.phuongbadinh');
    const notice = page.getByTestId('replaced-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      `Số định danh ${person.pin} là số cũ, đã được thay bằng ${newPin}.`,
    );
    const row = page.locator(`[data-testid="person-row"][data-pin="${newPin}"]`);
    expect(await row.getByTestId('replaced-pin').textContent()).toBe(
      `${person.pin} số cũ, đã thay bằng ${newPin}`,
    );
    expect(await row.textContent()).toContain('07/1951');
    await screenshot(page, 'people-search-old-pin');

    await page.goto(`${server.url}/people/${person.pin}`);
    await page.getByTestId('replaced-banner').waitFor();
    expect(await text(page, 'person-pin')).toBe(newPin);
    const cancelled = page.locator('[data-testid="pin-row"][data-status="cancelled"]');
    expect(await cancelled.textContent()).toContain(`thay bằng ${newPin}`);

    // English: same screens, other words; dates stay dd/mm/yyyy.
    await page.getByTestId('lang-en').click();
    await expect.poll(() => text(page, 'replaced-banner')).toContain('is an old PIN, replaced by');
    expect(await text(page, 'fact-birthDate')).toBe('07/1951');
    expect(await page.getByTestId('pin-row').filter({ hasText: 'Cancelled' }).count()).toBe(1);
    await screenshot(page, 'person-en');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

describe('why the officer reads', () => {
  it('the purpose picked in the bar, with its note, goes with the next reads into the access log the citizen sees', async () => {
    const api = await apiAs('cb.phuongbadinh');
    const person = await api.call<CreatedPerson>('POST', '/api/people', { fullName: 'Mai Thị Đọc', birthDate: '1969-11-02', sex: 'F', ethnicity: '01', unitCode: '00004', reasonCode: 'initial_registration' });
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/people/${person.pin}`);
    await logIn(page, 'cb.phuongbadinh');
    await page.getByTestId('person-name').waitFor();
    const bar = page.getByTestId('purpose-bar');
    expect(await bar.getByTestId('purpose-code').inputValue()).toBe('official_lookup');
    await bar.getByTestId('purpose-code').selectOption('residence_verification');
    await bar.getByTestId('purpose-note').fill('Theo văn bản số 125/TA của Tòa án');
    await screenshot(page, 'person-purpose-bar');
    // The choice holds for the tab: the next read of the record carries it.
    await page.reload();
    await page.getByTestId('person-name').waitFor();
    expect(await page.getByTestId('purpose-code').inputValue()).toBe('residence_verification');
    const latest = () =>
      server.db.pool.query<{ purpose: string; note: string | null }>(
        "SELECT purpose, detail->>'purposeNote' AS note FROM audit_log WHERE chain = 'access' AND target_id = $1 AND action = 'person.read' ORDER BY seq DESC LIMIT 1",
        [person.pin],
      );
    await expect.poll(async () => (await latest()).rows[0], { timeout: 15_000 }).toEqual({ purpose: 'residence_verification', note: 'Theo văn bản số 125/TA của Tòa án' });
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('an e-ID account is locked and unlocked with a reason picked from the list, shown as its label', async () => {
    const lanPin = server.demoLogins.find((l) => l.description.includes('Nguyễn Thị Lan'))!.username;
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/eid/accounts`);
    await logIn(page, 'cb.phuongbadinh');
    await page.getByTestId('accounts-pin').fill(lanPin);
    await page.getByTestId('accounts-search').click();
    const card = page.getByTestId('account-card');
    await card.waitFor();
    // No reason: refused in the form, nothing sent.
    await card.getByTestId('account-lock').click();
    await expect.poll(() => card.locator('[data-field="reasonCode"]').textContent()).toMatch(/lý do/i);
    expect(await card.getAttribute('data-status')).toBe('active');
    await card.getByTestId('account-reason-code').selectOption('eid_device_lost');
    await card.getByTestId('account-lock').click();
    await page.locator('[data-testid="account-card"][data-status="locked"]').waitFor();
    expect(await page.getByTestId('account-lock-reason').textContent()).toContain('Mất điện thoại hoặc thiết bị đăng nhập');
    await screenshot(page, 'eid-account-locked');
    await page.getByTestId('account-reason-code').selectOption('eid_device_recovered');
    await page.getByTestId('account-unlock').click();
    await page.locator('[data-testid="account-card"][data-status="active"]').waitFor();
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('the household page leads to its change history in the log, each change with its reason as a label', async () => {
    const api = await apiAs('cb.phuongbadinh');
    const head = await api.call<CreatedPerson>('POST', '/api/people', { fullName: 'Tạ Văn Lịch', birthDate: '1971-05-20', sex: 'M', ethnicity: '01', unitCode: '00004', reasonCode: 'initial_registration' });
    const { householdNo } = await api.call<{ householdNo: string }>('POST', '/api/households', { unitCode: '00004', address: 'Số 3, ngõ 7, phố Đội Cấn', headPin: head.pin, members: [], validFrom: '2021-03-01', reasonCode: 'residence_registration' });
    const page = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/households/${householdNo}`);
    await logIn(page, 'cb.phuongbadinh');
    await page.getByTestId('household-history').click();
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('audit-target').inputValue()).toBe(householdNo);
    const created = page.locator('[data-testid="audit-row"][data-action="household.create"]');
    await created.waitFor();
    expect(await created.getByTestId('audit-purpose').textContent()).toBe('Đăng ký cư trú');
    expect(await created.locator('td').nth(3).textContent()).toContain('hộ');
    // Only changes: the reads of the household are in the access chain, not here.
    expect(await page.locator('[data-testid="audit-row"][data-action="household.read"]').count()).toBe(0);
    await screenshot(page, 'household-history');
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { collectPageErrors, newPage, screenshot } from './browser.js';
import { devOutbox } from './dev-outbox.js';

export const PHONE = { width: 390, height: 844 };

/** A citizen signed in to the portal on a phone: PIN, passcode, then the SMS code from the demo outbox. */
export async function citizenPage(browser: Browser, serverUrl: string, pin: string, who: { phone: string; passcode: string }): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, PHONE);
  const errors = collectPageErrors(page);
  const outbox = devOutbox(serverUrl);
  await page.goto(`${serverUrl}/portal/login`);
  const before = await outbox.seen(who.phone);
  await page.getByLabel('Số định danh cá nhân').fill(pin);
  await page.getByLabel('Mật mã (6 số)').fill(who.passcode);
  await page.getByTestId('portal-login-submit').click();
  await page.getByLabel('Mã xác thực').fill(await outbox.nextCode(who.phone, before));
  await page.getByTestId('portal-login-verify').click();
  await page.waitForURL(`${serverUrl}/portal`);
  return { page, errors };
}

/** The page fits the phone's width (nothing scrolls sideways); the screenshot is taken first, so a page that overflows can be looked at. */
export async function fitsAndShoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const extra = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}[${e.getAttribute('data-testid') ?? ''}]`),
  );
  await screenshot(page, name);
  expect(extra, `${name} scrolls sideways by ${extra}px: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
}

import { expect, Locator, Page } from '@playwright/test';

export const PASSWORD = 'worklane-demo';
const shots = '../../target/e2e/screenshots';

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('signin-submit').click();
}

export async function signInAndWait(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/// Collects uncaught errors and console errors (a Content-Security-Policy refusal among them).
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|409|422)/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/// A screenshot of one part of the page (a section to look at closely).
export async function shotOf(part: Locator, name: string) {
  await part.screenshot({ path: `${shots}/${name}.png` });
}

/// Signs in (landing on the Inbox) and opens Contacts from the navigation.
export async function signInToContacts(page: Page, email: string) {
  await signInAndWait(page, email);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

/// As an admin: sets who may see contacts on Who May See What (`private`, `public_read_only`,
/// `public_read_write`), saving only when it changes.
export async function setContactSharing(page: Page, key: string) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Who May See What' }).click();
  await expect(page).toHaveURL(/\/admin\/sharing$/);
  const option = page.getByTestId(`contacts-${key}`);
  await option.check();
  const save = page.getByTestId('save-sharing');
  if (await save.isEnabled()) {
    await save.click();
    await expect(page.getByTestId('notice')).toBeVisible();
  }
  await expect(option).toBeChecked();
}

/// The key the organisation page makes of a new item's name (lower-case words joined by
/// dashes, at most 40 characters).
export function keyOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase())
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/// As an admin: opens Admin → Organisation from the navigation.
export async function openOrganisation(page: Page) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(page).toHaveURL(/\/admin\/org$/);
  await expect(page.getByTestId('org-form')).toBeVisible();
}

/// As an admin: waits until the re-index an organisation change started is done.
export async function reindexDone(page: Page) {
  await expect
    .poll(async () => (await (await page.request.get('/api/org/reindex')).json()).running, { timeout: 30_000 })
    .toBe(false);
}

/// Fails when anything on the page is wider than the screen.
export async function fitsTheScreen(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
}

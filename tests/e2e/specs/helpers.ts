import { expect, Page } from '@playwright/test';

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

/// Signs in (landing on the Inbox) and opens Contacts from the navigation.
export async function signInToContacts(page: Page, email: string) {
  await signInAndWait(page, email);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
}

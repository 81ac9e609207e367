import { expect, test } from '@playwright/test';
import { shot, signInToContacts, watchErrors } from './helpers';

test('a rep finds a contact by two letters, changes a phone number, and it survives a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await signInToContacts(page, 'rep1@worklane.test');
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  await shot(page, 'contacts-grid');

  await page.getByLabel('Search contacts').fill('sa');
  const hits = page.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  expect(await hits.count()).toBeLessThanOrEqual(10);
  await shot(page, 'contacts-search');
  const name = (await hits.first().locator('a').textContent())!.trim();
  await hits.first().locator('a').click();

  await expect(page.getByTestId('contact-name')).toHaveText(name);
  // Everyone sees the owner's availability beside their name.
  await expect(page.getByTestId('contact-owner').getByRole('img')).toHaveAttribute('aria-label', /Available|Busy|Away/);
  await page.getByTestId('edit-contact').click();
  const phone = page.getByTestId('phone-input').first();
  await expect(phone).toBeVisible();
  await phone.fill('+1 (555) 010-4242');
  await page.getByTestId('save-contact').click();

  await expect(page.getByTestId('contact-phones')).toContainText('15550104242');
  const detailUrl = page.url();
  await page.reload();
  await expect(page).toHaveURL(detailUrl);
  await expect(page.getByTestId('contact-name')).toHaveText(name);
  await expect(page.getByTestId('contact-phones')).toContainText('15550104242');
  await shot(page, 'contact-detail-after-reload');
  expect(errors).toEqual([]);
});

test('the server\'s field errors show inline on the contact form', async ({ page }) => {
  await signInToContacts(page, 'rep2@worklane.test');
  await page.getByTestId('new-contact').click();
  const form = page.getByTestId('contact-form');
  await expect(form).toBeVisible();
  await form.getByLabel('Name').fill('Inline Errors');
  await page.getByTestId('email-input').first().fill('not-an-email');
  await page.getByTestId('save-contact').click();
  await expect(page.getByTestId('emails-fieldset').getByTestId('field-error')).toContainText('is missing the @ sign');
  await expect(form.locator('#contact-kind-error')).toContainText('choose Prospect or Customer');
  await shot(page, 'contact-form-errors');
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('rep1@worklane.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toContainText(/not right/);
});

test('the contacts page is usable on a 390 px wide phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInToContacts(page, 'rep3@worklane.test');
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  await expect(page.getByLabel('Search contacts')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'contacts-phone-width');
});

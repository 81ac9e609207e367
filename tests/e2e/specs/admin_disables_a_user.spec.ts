import { expect, test } from '@playwright/test';
import { shot, signIn, signInAndWait } from './helpers';

test('an admin disables a user and that user can no longer sign in', async ({ page }) => {
  await signInAndWait(page, 'admin@worklane.test');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const row = page.getByTestId('user-row').filter({ hasText: 'rep6@worklane.test' });
  await expect(row.getByTestId('user-status')).toHaveText('Active');
  await row.getByTestId('toggle-disabled').click();
  await expect(row.getByTestId('user-status')).toHaveText('Disabled');
  await shot(page, 'admin-users-disabled');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, 'rep6@worklane.test');
  await expect(page.getByTestId('signin-error')).toContainText(/disabled/);
  await shot(page, 'signin-disabled');
});

test('a rep sees no admin pages', async ({ page }) => {
  await signInAndWait(page, 'rep4@worklane.test');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Contacts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
});

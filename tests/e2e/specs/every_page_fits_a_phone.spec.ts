import { expect, Page, test } from '@playwright/test';
import { shot, signInAndWait, watchErrors } from './helpers';

// Every page at 390 px: nothing wider than the screen, so nothing scrolls sideways.
async function fits(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shot(page, `phone-${name}`);
  expect(overflow, `${name} is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
}

test('every page fits a 390 px wide phone, admin pages included', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);

  await page.goto('/signin');
  await expect(page.getByTestId('signin-submit')).toBeVisible();
  await fits(page, 'signin');

  await signInAndWait(page, 'admin@worklane.test');
  const pages: [string, string, () => ReturnType<Page['getByTestId']>][] = [
    ['inbox', '/inbox', () => page.getByTestId('inbox').or(page.getByTestId('inbox-empty'))],
    ['contacts', '/contacts', () => page.getByTestId('contact-row').first()],
    ['contact-new', '/contacts/new', () => page.getByTestId('contact-form')],
    ['my-work-items', '/my/work-items', () => page.getByRole('heading', { name: 'My Work Items' })],
    ['outbox', '/outbox', () => page.getByRole('heading', { name: 'Outbox' })],
    ['admin-users', '/admin/users', () => page.getByTestId('user-row').first()],
    ['admin-sharing', '/admin/sharing', () => page.getByTestId('sharing-form')],
    ['admin-org', '/admin/org', () => page.getByTestId('org-form')],
    ['admin-work-item-types', '/admin/work-item-types', () => page.getByTestId('type-row').first()],
    ['admin-workflows', '/admin/workflows', () => page.getByTestId('workflow-card').first()],
    ['admin-imports', '/admin/imports', () => page.getByTestId('routing-form').last()],
    ['admin-shop', '/admin/shop', () => page.getByTestId('shop-settings-form')],
    ['linked-orders', '/reports/linked-orders', () => page.getByTestId('report-table').or(page.getByTestId('report-empty'))],
    ['work-orders', '/work-orders', () => page.getByTestId('work-order-row').first()],
    ['work-orders-urgent', '/work-orders?scene=urgent', () => page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))],
    ['work-order-not-found', '/work-orders/999999', () => page.getByTestId('work-order-not-found')],
    ['work-order-new', '/work-orders/new', () => page.getByTestId('new-work-order-form')],
    ['accounts', '/accounts', () => page.getByTestId('account-row').first()],
    ['account-not-found', '/accounts/no-such-account', () => page.getByTestId('account-not-found')],
    ['not-found', '/no/such/page', () => page.getByTestId('not-found')],
  ];
  for (const [name, path, ready] of pages) {
    await page.goto(path);
    await expect(ready()).toBeVisible();
    await fits(page, name);
  }

  // A work order's page, with its More menu open.
  await page.goto('/work-orders');
  await page.getByTestId('work-order-link').first().click();
  await expect(page.getByTestId('work-order-detail')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await fits(page, 'work-order');
  await page.getByTestId('work-order-more').click();
  await expect(page.getByTestId('menu-change-owner')).toBeVisible();
  await fits(page, 'work-order-more');

  // An account and each of its tabs, its edit form, and a new work order for it (the account
  // beside the form goes below it).
  await page.goto('/accounts');
  await page.getByTestId('account-link').filter({ hasText: 'Harbor View Hotel' }).click();
  await expect(page.getByTestId('account-detail')).toBeVisible();
  const account = page.url().replace(/\/$/, '');
  for (const [name, suffix, tab] of [
    ['account-details', '', 'Details'],
    ['account-contacts', '/contacts', 'Contacts'],
    ['account-work-orders', '/work-orders', 'Work Orders'],
  ]) {
    await page.goto(account + suffix);
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await page.waitForLoadState('networkidle');
    await fits(page, name);
  }
  await page.goto(account);
  await page.getByTestId('edit-account').click();
  await expect(page.getByTestId('account-form')).toBeVisible();
  await fits(page, 'account-edit');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('edit-account-team').click();
  await expect(page.getByTestId('team-form')).toBeVisible();
  await fits(page, 'account-team');
  await page.goto(account + '/work-orders');
  await page.getByTestId('new-work-order').click();
  await expect(page.getByTestId('account-panel-name')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await fits(page, 'work-order-new-for-account');

  // A contact and each of its tabs, and its edit form.
  await page.goto('/contacts');
  await page.getByTestId('contact-row').first().locator('a').first().click();
  await expect(page.getByRole('tab', { name: 'Details' })).toBeVisible();
  const contact = page.url().replace(/\/$/, '');
  for (const [name, suffix, tab] of [
    ['contact-details', '', 'Details'],
    ['contact-interactions', '/interactions', 'Interactions'],
    ['contact-work-items', '/work-items', 'Work Items'],
    ['contact-tickets', '/tickets', 'Tickets'],
  ]) {
    await page.goto(contact + suffix);
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await page.waitForLoadState('networkidle');
    await fits(page, name);
  }
  await page.goto(`${contact}/edit`);
  await expect(page.getByTestId('contact-form')).toBeVisible();
  await fits(page, 'contact-edit');

  // A rep's own lists, full of rows.
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/signin/);
  await signInAndWait(page, 'rep1@worklane.test');
  await expect(page.getByTestId('inbox-row').first()).toBeVisible();
  await fits(page, 'rep-inbox');
  await page.goto('/my/work-items');
  await expect(page.getByTestId('my-work-item').first()).toBeVisible();
  await fits(page, 'rep-my-work-items');
  expect(errors).toEqual([]);
});

import { expect, Page, test } from '@playwright/test';
import { shot, signInAndWait, signInToContacts } from './helpers';

async function newContact(page: Page, name: string, email: string) {
  await page.getByTestId('new-contact').click();
  await page.getByTestId('contact-form').getByLabel('Name').fill(name);
  await page.getByTestId('email-input').first().fill(email);
  await page.getByTestId('contact-kind').selectOption('Prospect');
  await page.getByTestId('save-contact').click();
  await expect(page.getByTestId('contact-detail')).toBeVisible();
  await page.getByTestId('tab-work-items').click();
}

async function newItem(page: Page, type: string, description: string): Promise<string> {
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('new-work-item-type').selectOption(type);
  await page.getByTestId('new-work-item-description').fill(description);
  await page.getByTestId('create-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await expect(detail).toContainText(description);
  return (await detail.getAttribute('data-number'))!;
}

test('My Work Items lists my open items across contacts, filtered by type and priority', async ({ page }) => {
  await signInToContacts(page, 'rep4@worklane.test');
  await newContact(page, 'Priya Raman', 'priya.raman@example.org');
  const ticket = await newItem(page, 'support-ticket', 'Refund not received');
  const query = await newItem(page, 'product-info-query', 'Is the blender dishwasher safe?');

  await page.getByRole('link', { name: 'My Work Items' }).click();
  const row = (n: string) => page.locator(`[data-testid="my-work-item"][data-number="${n}"]`);
  await expect(row(ticket)).toBeVisible();
  await expect(row(query)).toBeVisible();

  await page.getByTestId('my-type').selectOption('support-ticket');
  await expect(row(ticket)).toBeVisible();
  await expect(row(query)).toHaveCount(0);
  await shot(page, 'my-work-items-by-type');

  await page.getByTestId('my-type').selectOption('');
  await page.getByTestId('my-priority').selectOption('Low');
  await expect(page.getByTestId('my-work-items').or(page.getByTestId('no-my-work-items'))).toBeVisible();
  await expect(row(ticket)).toHaveCount(0);

  // The row opens the item on its contact's WORK ITEM tab.
  await page.getByTestId('my-priority').selectOption('');
  await row(query).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/work-items/${query}$`));
  await expect(page.getByTestId('work-item-detail')).toHaveAttribute('data-number', query);
});

test('a duplicate ticket is merged, kept on record, and linked to the one that stays', async ({ page }) => {
  await signInToContacts(page, 'rep4@worklane.test');
  await newContact(page, 'Omar Haddad', 'omar.haddad@example.org');
  const survivor = await newItem(page, 'support-ticket', 'Blender lid cracked');
  const duplicate = await newItem(page, 'support-ticket', 'Lid of blender is broken');

  const detail = page.getByTestId('work-item-detail');
  await detail.getByTestId('merge-work-item').click();
  await page.getByTestId('merge-into').selectOption(survivor);
  await page.getByTestId('merge-submit').click();
  await expect(detail.getByTestId('merged-into')).toContainText(`#${survivor}`);
  await expect(detail.getByTestId('change-status')).toBeDisabled();
  await shot(page, 'work-item-merged');

  // The merged one leaves the active list but is still there with every item shown.
  await expect(page.getByTestId('work-item-counts')).toHaveText('1 / 2');
  await detail.getByTestId('merged-into').getByRole('link').click();
  await expect(page.getByTestId('work-item-detail')).toHaveAttribute('data-number', survivor);
  await expect(page.getByTestId('work-item-history')).toContainText(`Merged from: #${duplicate}`);
});

test('a stale edit shows what someone else changed and reloads their version', async ({ page, browser }) => {
  // (rep6 is disabled by the admin test, which runs first.)
  await signInToContacts(page, 'rep1@worklane.test');
  await newContact(page, 'Lena Vogt', 'lena.vogt@example.org');
  const number = await newItem(page, 'support-ticket', 'Wrong colour delivered');
  const url = page.url();

  // A colleague moves the same item on, in another browser.
  const other = await (await browser.newContext()).newPage();
  await signInAndWait(other, 'manager@worklane.test');
  await other.goto(url);
  await other.getByTestId('change-status').click();
  await other.getByTestId('status-to').selectOption('IN_PROGRESS');
  await other.getByTestId('status-submit').click();
  await expect(other.getByTestId('work-item-detail').getByTestId('status-chip')).toHaveText('In Progress');

  // This page still shows New; its edit is refused with the difference.
  const detail = page.getByTestId('work-item-detail');
  await detail.getByTestId('edit-work-item-detail').click();
  await page.getByTestId('edit-description').fill('Wrong colour delivered (ordered blue)');
  await page.getByTestId('work-item-save').click();
  await expect(page.getByTestId('conflict-changes')).toContainText('Status');
  await expect(page.getByTestId('conflict-changes')).toContainText('In Progress');
  await shot(page, 'work-item-conflict');
  await page.getByTestId('conflict-reload').click();
  await expect(detail.getByTestId('status-chip')).toHaveText('In Progress');
  await expect(detail).toHaveAttribute('data-number', number);
});

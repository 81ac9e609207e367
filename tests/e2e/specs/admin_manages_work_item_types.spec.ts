import { expect, test } from '@playwright/test';
import { shot, signInAndWait, signInToContacts, watchErrors } from './helpers';

// Seed 000 "Manage Work Item Types": admins add types (category "Manually Created"), reps
// then create items of them by hand; workflows are data an admin can change.
test('an admin adds a work item type that reps can then create', async ({ page }) => {
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');
  await page.getByRole('link', { name: 'Work Item Types' }).click();
  await expect(page.getByTestId('type-row').first()).toBeVisible();

  await page.getByTestId('new-type').click();
  const form = page.getByTestId('type-form');
  await form.getByLabel('Name').fill('Support Ticket');
  await page.getByTestId('type-workflow').selectOption('consultation');
  await page.getByTestId('save-type').click();
  await expect(form.locator('#type-name-error')).toContainText('a type with this name exists');

  await form.getByLabel('Name').fill('Warranty Claim');
  await page.getByTestId('type-explanation').fill('The contact claims a repair under warranty. Check the purchase date first.');
  await page.getByTestId('type-priority').selectOption('High');
  await page.getByTestId('type-workflow').selectOption('service-ticket');
  await page.getByTestId('save-type').click();
  const row = page.locator('[data-testid="type-row"][data-key="warranty-claim"]');
  await expect(row).toContainText('Manually Created');
  await expect(row).toContainText('High');
  await expect(row).toContainText('Active');
  await shot(page, 'admin-work-item-types');

  // Editing keeps the workflow.
  await row.getByTestId('edit-type').click();
  await expect(page.getByTestId('type-workflow')).toBeDisabled();
  await page.getByTestId('type-priority').selectOption('Low');
  await page.getByTestId('save-type').click();
  await expect(row).toContainText('Low');

  // A rep finds it among the types to create.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInToContacts(page, 'rep5@worklane.test');
  await page.getByTestId('contact-search').fill('ch');
  await page.locator('.hit-name').first().click();
  await page.getByTestId('tab-work-items').click();
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('new-work-item-type').selectOption('warranty-claim');
  await page.getByTestId('new-work-item-description').fill('Kettle stopped heating after 3 months');
  await page.getByTestId('create-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await expect(detail.getByTestId('status-chip')).toHaveText('0 – New');
  await detail.getByTestId('tab-reference').click();
  await expect(detail.getByTestId('type-explanation')).toContainText('under warranty');
  expect(errors).toEqual([]);
});

test('an admin adds a status to a workflow, and a definition the server refuses says why', async ({ page }) => {
  await signInAndWait(page, 'admin@worklane.test');
  await page.getByRole('link', { name: 'Workflows' }).click();
  await page.locator('[data-testid="edit-workflow"][data-key="consultation"]').click();
  const form = page.getByTestId('workflow-form');
  // Stored statuses cannot be removed (items may be in them); only new ones can.
  await expect(form.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await page.getByTestId('add-status').click();
  const added = form.getByTestId('status-row').last();
  await added.getByLabel('Key', { exact: true }).fill('WAITING');
  await added.getByLabel('Label').fill('Waiting for Customer');
  await form.locator('[data-transition="IN_PROGRESS>WAITING"]').check();
  await form.locator('[data-transition="WAITING>IN_PROGRESS"]').check();
  await shot(page, 'admin-workflow-editor');
  await page.getByTestId('save-workflow').click();
  await expect(page.getByTestId('notice')).toContainText('Saved the Consultation workflow');
  const card = page.locator('[data-testid="workflow-card"][data-key="consultation"]');
  await expect(card).toContainText('Waiting for Customer');

  // A definition the server refuses says why.
  await page.locator('[data-testid="edit-workflow"][data-key="consultation"]').click();
  await page.getByTestId('workflow-name').fill('');
  await page.getByTestId('save-workflow').click();
  await expect(page.getByTestId('workflow-errors')).toContainText('name');
});

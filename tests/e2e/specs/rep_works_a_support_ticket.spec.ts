import { expect, test } from '@playwright/test';
import { shot, signInToContacts, watchErrors } from './helpers';

// Seed 001 "Manage Work Items": a rep creates a Support Ticket on a contact, walks it through
// its workflow, reads its history, filters the tiles, and keeps a note that survives a reload.
test('a rep creates a support ticket, resolves it with a reason, and keeps a note', async ({ page }) => {
  const errors = watchErrors(page);
  await signInToContacts(page, 'rep2@worklane.test');

  // A contact of its own, so the counts start from nothing.
  await page.getByTestId('new-contact').click();
  await page.getByTestId('contact-form').getByLabel('Name').fill('Nora Lindqvist');
  await page.getByTestId('email-input').first().fill('nora.lindqvist@example.org');
  await page.getByTestId('contact-kind').selectOption('Customer');
  await page.getByTestId('save-contact').click();
  await expect(page.getByTestId('contact-detail')).toBeVisible();
  await page.getByTestId('tab-work-items').click();
  await expect(page).toHaveURL(/\/contacts\/[^/]+\/work-items$/);
  await expect(page.getByTestId('work-item-counts')).toHaveText('0 / 0');

  // Create it by hand.
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('create-work-item').click();
  await expect(page.getByTestId('field-error').first()).toBeVisible();
  await page.getByTestId('new-work-item-type').selectOption('support-ticket');
  await page.getByTestId('new-work-item-description').fill('Order 1042 arrived damaged');
  await page.getByTestId('create-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(/\/work-items\/\d+$/);
  const number = await detail.getAttribute('data-number');
  await expect(detail.getByTestId('status-chip')).toHaveText('New');
  await expect(page.getByTestId('work-item-counts')).toHaveText('1 / 1');
  await shot(page, 'work-item-created');

  // Edit: a callback tomorrow morning and a colleague to help.
  await detail.getByTestId('edit-work-item-detail').click();
  await page.getByTestId('edit-callback').fill('2030-05-06T09:30');
  await page.getByTestId('edit-team').getByLabel('Taylor Chen').check();
  await page.getByTestId('work-item-save').click();
  await expect(detail.getByTestId('work-item-team')).toHaveText('Taylor Chen');
  await expect(detail.getByTestId('work-item-callback')).toContainText('2030');
  await expect(detail.getByTestId('history-entry').first()).toContainText('Team: Taylor Chen');
  await expect(page.getByTestId('work-item-tile').first()).toContainText('Callback');

  // NEW → IN PROGRESS → PENDING → RESOLVED, which asks for a closing reason.
  const moveTo = async (status: string) => {
    await page.getByTestId('change-status').click();
    await page.getByTestId('status-to').selectOption(status);
  };
  await moveTo('IN_PROGRESS');
  await page.getByTestId('status-submit').click();
  await expect(detail.getByTestId('status-chip')).toHaveText('In Progress');
  await moveTo('PENDING');
  await page.getByTestId('status-submit').click();
  await expect(detail.getByTestId('status-chip')).toHaveText('Pending');

  await moveTo('RESOLVED');
  await expect(page.getByTestId('closing-reason')).toBeVisible();
  await page.getByTestId('status-submit').click();
  await expect(page.getByTestId('status-form').getByTestId('field-error')).toContainText(/reason/i);
  await page.getByTestId('closing-reason').fill('Replacement shipped');
  await shot(page, 'work-item-closing-reason');
  await page.getByTestId('status-submit').click();
  await expect(detail.getByTestId('status-chip')).toHaveText('Resolved');
  await expect(detail.getByTestId('work-item-closing-reason')).toHaveText('Replacement shipped');

  // The Action tab lists every change, newest first.
  const history = detail.getByTestId('history-entry');
  await expect(history.first()).toContainText('Pending → Resolved');
  await expect(history.first()).toContainText('Closing reason: Replacement shipped');
  const statuses = detail.locator('[data-testid="history-change"][data-field="status"]');
  await expect(statuses).toHaveCount(4);
  await expect(detail.getByTestId('history-entry')).toHaveCount(5);
  await expect(statuses.nth(0)).toContainText('Pending → Resolved');
  await expect(statuses.nth(3)).toContainText('New');

  // Resolved is closed: the default filter (active only) hides it; the counts say so.
  await expect(page.getByTestId('work-item-counts')).toHaveText('0 / 1');
  await page.getByTestId('work-item-filter-toggle').click();
  await page.getByTestId('filter-active-only').uncheck();
  await expect(page.getByTestId('work-item-counts')).toHaveText('1 / 1');
  await page.locator('[data-testid="work-item-filter"] input[data-filter-value="Quiz Result Consultations"]').check();
  await expect(page.getByTestId('work-item-counts')).toHaveText('0 / 1');
  await page.locator('[data-testid="work-item-filter"] input[data-filter-value="Manually Created"]').check();
  await expect(page.getByTestId('work-item-counts')).toHaveText('1 / 1');
  await page.locator('[data-testid="work-item-filter"] input[data-filter-value="RESOLVED"]').first().check();
  await expect(page.getByTestId('work-item-counts')).toHaveText('1 / 1');
  await shot(page, 'work-item-filtered');

  // The note saves itself as the rep types, and is there after a reload.
  await detail.getByTestId('tab-reference').click();
  await expect(detail.getByTestId('type-explanation')).toContainText('needs tracking');
  const note = detail.getByTestId('work-item-note');
  await note.click();
  await note.pressSequentially('Called the courier; claim 77-31.', { delay: 15 });
  await expect(detail.getByTestId('note-state')).toHaveAttribute('data-state', 'saved');
  await shot(page, 'work-item-note-saved');
  // A save refreshes the panel in place: the rep stays on the Reference tab.
  await detail.getByTestId('edit-work-item-detail').click();
  await page.getByTestId('edit-description').fill('Order 1042 arrived damaged (box crushed)');
  await page.getByTestId('work-item-save').click();
  await expect(detail.getByTestId('work-item-description')).toHaveText('Order 1042 arrived damaged (box crushed)');
  await expect(detail.getByTestId('tab-reference')).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(page.getByTestId('work-item-detail')).toHaveAttribute('data-number', number!);
  await page.getByTestId('work-item-detail').getByTestId('tab-reference').click();
  await expect(page.getByTestId('work-item-note')).toHaveValue('Called the courier; claim 77-31.');

  expect(errors).toEqual([]);
});

test('a note typed just before a reload is not lost', async ({ page }) => {
  await signInToContacts(page, 'rep3@worklane.test');
  await page.getByTestId('contact-search').fill('ma');
  await page.locator('.hit-name').first().click();
  await page.getByTestId('tab-work-items').click();
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('new-work-item-type').selectOption('product-info-query');
  await page.getByTestId('new-work-item-description').fill('Which size fits a 1.80 m runner?');
  await page.getByTestId('create-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await detail.getByTestId('tab-reference').click();
  await detail.getByTestId('work-item-note').fill('Recommend size L');
  // Reload at once, before the pause after typing has passed.
  await page.reload();
  await page.getByTestId('work-item-detail').getByTestId('tab-reference').click();
  await expect(page.getByTestId('work-item-note')).toHaveValue('Recommend size L');
  await expect(page.getByTestId('note-state')).toHaveAttribute('data-state', 'saved');
});

test('a note typed just before leaving the Reference tab is saved, and the app keeps working', async ({ page }) => {
  const errors = watchErrors(page);
  await signInToContacts(page, 'rep3@worklane.test');
  await page.getByTestId('contact-search').fill('ma');
  await page.locator('.hit-name').first().click();
  await page.getByTestId('tab-work-items').click();
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('new-work-item-type').selectOption('faq-request');
  await page.getByTestId('new-work-item-description').fill('Do you ship to Norway?');
  await page.getByTestId('create-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await detail.getByTestId('tab-reference').click();
  await detail.getByTestId('work-item-note').fill('Checked: yes, 5-7 days');
  // Leave at once: the editor goes away before its pause ends.
  await detail.getByTestId('tab-action').click();
  await page.waitForTimeout(1000);
  await page.reload();
  await page.getByTestId('work-item-detail').getByTestId('tab-reference').click();
  await expect(page.getByTestId('work-item-note')).toHaveValue('Checked: yes, 5-7 days');
  await expect(page.getByTestId('note-state')).toHaveAttribute('data-state', 'saved');
  expect(errors).toEqual([]);
});

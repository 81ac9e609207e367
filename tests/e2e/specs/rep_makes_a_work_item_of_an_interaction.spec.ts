import { expect, Page, test } from '@playwright/test';
import { fitsTheScreen, shot, shotOf, signInAndWait, watchErrors } from './helpers';

type WorkItemType = { key: string; name: string; active: boolean; manual: boolean };

/// The types a rep may create by hand: active and manual, by name.
async function manualTypes(page: Page): Promise<WorkItemType[]> {
  const types: WorkItemType[] = await (await page.request.get('/api/work-item-types')).json();
  return types.filter((t) => t.active && t.manual);
}

// Seed 000, "Create work item" from an interaction: an Inbox message (and an interaction on the
// contact's Interactions tab) becomes a work item of a type reps create by hand, the
// interaction attached to it.
test('an inbox message becomes a work item, and so does an interaction on the contact', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'rep1@worklane.test');
  const types = await manualTypes(page);
  expect(types.length).toBeGreaterThan(0);
  const chosen = types.find((t) => t.key === 'support-ticket') ?? types[0];

  // A message in the Inbox (All Entities: emails, SMS and calls) on no work item yet.
  const candidate = page.getByTestId('inbox-row').filter({ has: page.getByRole('button', { name: 'Create work item' }) }).first();
  await expect(candidate).toBeVisible();
  const line = (await candidate.getByTestId('inbox-line').innerText()).trim();
  const contact = (await candidate.getByTestId('inbox-contact').innerText()).trim();
  // That row by what it says, so it is still found once its buttons are gone.
  const row = page
    .getByTestId('inbox-row')
    .filter({ has: page.getByTestId('inbox-line').getByText(line, { exact: true }) })
    .filter({ has: page.getByTestId('inbox-contact').getByText(contact, { exact: true }) })
    .first();

  await row.getByRole('button', { name: 'Create work item' }).click();
  const form = row.getByRole('form', { name: 'Create work item' });
  await expect(form).toBeVisible();
  // Exactly the active types reps may create by hand, after "Choose a type…".
  const offered = (await form.getByLabel('Type').locator('option').allInnerTexts()).slice(1);
  expect(offered.sort()).toEqual(types.map((t) => t.name).sort());
  // Without a type nothing is sent.
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(form.getByTestId('field-error')).toHaveText('choose the type of work item');
  await shotOf(row, 'inbox-create-work-item-form');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page, 'the inbox with the form open');
  await shot(page, 'inbox-create-work-item-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await form.getByLabel('Type').selectOption(chosen.key);
  await form.getByLabel('Description (optional)').fill('Answer the question in this message');
  await form.getByRole('button', { name: 'Create', exact: true }).click();

  // The row links to the new item; its buttons are gone (it is on a work item now).
  const link = row.getByTestId('inbox-work-item');
  await expect(link).toHaveText(/^Work item #\d+$/);
  await expect(form).toBeHidden();
  await expect(row.getByRole('button', { name: 'Create work item' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Add to work item' })).toHaveCount(0);
  const number = (await link.innerText()).replace(/\D/g, '');
  await link.click();
  const detail = page.getByTestId('work-item-detail');
  await expect(detail).toHaveAttribute('data-number', number);
  await expect(detail).toContainText('Answer the question in this message');
  await expect(page.getByTestId('contact-name')).toHaveText(contact);
  await expect(page.getByTestId('work-item-history')).toContainText(line);

  // On the contact's Interactions tab, a note: Cancel closes the form; with no description the
  // item says what the note said.
  await page.getByRole('tab', { name: 'Interactions' }).click();
  await page.getByTestId('compose-note').click();
  await page.getByTestId('compose-body').fill('Wants the blue one in stock again');
  await page.getByTestId('compose-submit').click();
  const card = page.getByTestId('interaction').filter({ hasText: 'Wants the blue one in stock again' });
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Create work item' }).click();
  const cardForm = card.getByRole('form', { name: 'Create work item' });
  await cardForm.getByRole('button', { name: 'Cancel' }).click();
  await expect(cardForm).toBeHidden();
  await card.getByRole('button', { name: 'Create work item' }).click();
  await cardForm.getByLabel('Type').selectOption(chosen.key);
  await cardForm.getByRole('button', { name: 'Create', exact: true }).click();
  const made = card.getByTestId('interaction-work-item');
  await expect(made).toHaveText(/^Work item #\d+$/);
  await expect(card.getByRole('button', { name: 'Create work item' })).toHaveCount(0);
  const madeNumber = (await made.innerText()).replace(/\D/g, '');
  await made.click();
  const item = page.getByTestId('work-item-detail');
  await expect(item).toHaveAttribute('data-number', madeNumber);
  await expect(item).toContainText('Wants the blue one in stock again');
  expect(errors).toEqual([]);
});

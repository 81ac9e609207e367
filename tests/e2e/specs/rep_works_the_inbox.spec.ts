import { expect, Page, test } from '@playwright/test';
import { shot, signInAndWait, signInToContacts, watchErrors } from './helpers';

async function unreadCount(page: Page): Promise<number> {
  const badge = page.getByTestId('unread-count');
  if ((await badge.count()) === 0) return 0;
  return Number(await badge.innerText());
}

// Seeds 001/002 "Access" and "How to Mark a Message as Read": the Inbox has Unread and Read;
// opening a message does not move it, the envelope does.
test('a rep answers an inbound email, files it as read, and attaches it to a work item', async ({ page }) => {
  const errors = watchErrors(page);
  await signInAndWait(page, 'rep2@worklane.test');
  await page.getByRole('link', { name: /^Inbox/ }).click();
  await page.getByTestId('inbox-filter').selectOption('email');
  const row = page.getByTestId('inbox-row').first();
  await expect(row).toBeVisible();
  const line = (await row.getByTestId('inbox-line').innerText()).trim();
  const contact = (await row.getByTestId('inbox-contact').innerText()).trim();
  await shot(page, 'inbox-unread-emails');
  await expect.poll(() => unreadCount(page)).toBeGreaterThan(0);

  // Opening the contact from the row leaves the row unread.
  await row.getByTestId('inbox-contact').click();
  await expect(page.getByTestId('contact-name')).toHaveText(contact);
  await page.getByTestId('tab-interactions').click();
  await expect(page.getByTestId('contact-timeline')).toContainText(line);

  // Reply by email; locally it lands in the outbox.
  await page.getByTestId('compose-email').click();
  await page.getByTestId('compose-subject').fill('Re: your question');
  await page.getByTestId('compose-body').fill('Thanks for writing — here is what we suggest.');
  await page.getByTestId('compose-submit').click();
  const sent = page.getByTestId('interaction').first();
  await expect(sent).toContainText('Re: your question');
  await expect(sent.getByTestId('delivery')).toHaveText('Sent');

  // A work item to attach the email to.
  await page.getByTestId('tab-work-items').click();
  await page.getByTestId('new-work-item').click();
  await page.getByTestId('new-work-item-type').selectOption('support-ticket');
  await page.getByTestId('new-work-item-description').fill('Answer the emailed question');
  await page.getByTestId('create-work-item').click();
  const number = await page.getByTestId('work-item-detail').getAttribute('data-number');

  // Mark it read with the envelope: it leaves Unread and the count drops at once.
  await page.getByRole('link', { name: /^Inbox/ }).click();
  await page.getByTestId('inbox-filter').selectOption('email');
  // The row of that email: its contact and its first line (demo lines repeat across contacts).
  const rowOf = (text: string) =>
    page
      .getByTestId('inbox-row')
      .filter({ has: page.getByTestId('inbox-line').getByText(text, { exact: true }) })
      .filter({ has: page.getByTestId('inbox-contact').getByText(contact, { exact: true }) });
  const unreadRow = rowOf(line).first();
  await expect(unreadRow.getByTestId('toggle-read')).toHaveAttribute('title', 'Mark as Read');
  const before = await unreadCount(page);
  await unreadRow.getByTestId('toggle-read').click();
  await expect(rowOf(line)).toHaveCount(0);
  await expect.poll(() => unreadCount(page)).toBe(before - 1);

  // It is in Read, from where it is attached to the work item.
  await page.getByTestId('tab-read').click();
  const readRow = rowOf(line).first();
  await expect(readRow).toHaveAttribute('data-direction', 'Inbound');
  await expect(readRow.getByTestId('toggle-read')).toHaveAttribute('title', 'Mark as Unread');
  await readRow.getByTestId('inbox-attach').click();
  await readRow.getByTestId('attach-work-item').selectOption(number!);
  await readRow.getByTestId('attach-submit').click();
  await expect(readRow.getByTestId('inbox-work-item')).toHaveText(`Work item #${number}`);
  await expect(readRow.getByTestId('inbox-attach')).toHaveCount(0);
  await shot(page, 'inbox-read-attached');

  // The row's link opens the work item, whose Action tab shows it.
  await readRow.getByTestId('inbox-work-item').click();
  await expect(page.getByTestId('work-item-detail')).toHaveAttribute('data-number', number!);
  await expect(page.getByTestId('work-item-history')).toContainText(line);
  expect(errors).toEqual([]);
});

test('All Entities lists communications only, and Work Items defaults to High priority types', async ({ page }) => {
  await signInAndWait(page, 'rep3@worklane.test');
  await page.getByRole('link', { name: /^Inbox/ }).click();
  await expect(page.getByTestId('inbox-row').first()).toBeVisible();
  await expect(page.locator('[data-testid="inbox-row"][data-kind="WorkItem"]')).toHaveCount(0);
  await page.getByTestId('inbox-filter').selectOption('work-items');
  // Until the new page arrives the communications stay on show.
  await expect(page.locator('[data-testid="inbox-row"][data-kind="Communication"]')).toHaveCount(0);
  const rows = page.getByTestId('inbox-row');
  await expect(rows.first().or(page.getByTestId('inbox-empty'))).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain('High');
});

test('a reminder set for a minute ahead lands in Unread when it falls due', async ({ page }) => {
  test.setTimeout(180_000);
  await signInToContacts(page, 'rep4@worklane.test');
  await page.getByTestId('contact-search').fill('ch');
  await page.locator('.hit-name').first().click();
  await page.getByTestId('tab-interactions').click();
  await page.getByTestId('compose-reminder').click();
  // The next minute in the browser's own time zone, as a datetime-local input holds it.
  const at = await page.evaluate(() => {
    const d = new Date(Date.now() + 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await page.getByTestId('compose-remind-at').fill(at);
  await page.getByTestId('compose-body').fill('Call back about the quote');
  await page.getByTestId('compose-submit').click();
  await expect(page.getByTestId('interaction').first()).toContainText('Call back about the quote');

  await page.getByRole('link', { name: /^Inbox/ }).click();
  await page.getByTestId('inbox-filter').selectOption('reminder');
  await expect(async () => {
    await page.reload();
    await page.getByTestId('inbox-filter').selectOption('reminder');
    await expect(page.getByTestId('inbox-row').filter({ hasText: 'Call back about the quote' })).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await shot(page, 'inbox-reminder-due');
});

test('the inbox and a work item fit a 390 px wide phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAndWait(page, 'rep5@worklane.test');
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.getByRole('link', { name: /^Inbox/ }).click();
  await expect(page.getByTestId('inbox-row').first()).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await shot(page, 'inbox-phone-width');

  await page.getByRole('link', { name: 'My Work Items' }).click();
  const first = page.getByTestId('my-work-item').first();
  await expect(first).toBeVisible();
  await first.getByRole('link').click();
  await expect(page.getByTestId('work-item-detail')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await shot(page, 'work-item-phone-width');
});

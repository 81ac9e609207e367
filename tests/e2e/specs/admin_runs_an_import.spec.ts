import { expect, Page, test } from '@playwright/test';
import { fitsTheScreen, shot, shotOf, signInAndWait, signOut, watchErrors } from './helpers';

type User = { id: string; name: string; email: string };
type Item = { number: number; type_key: string; contact_id: string; assignee_id: string; created_by: string };

/// Every user, page by page (admin only).
async function allUsers(page: Page): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | undefined;
  do {
    const url = cursor ? `/api/users?cursor=${encodeURIComponent(cursor)}` : '/api/users';
    const answer: { items: User[]; next_cursor?: string | null } = await (await page.request.get(url)).json();
    users.push(...answer.items);
    cursor = answer.next_cursor ?? undefined;
  } while (cursor);
  return users;
}

/// At a phone's width: nothing scrolls sideways; a picture from the top, then back to desktop.
async function onAPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

// Seed 002: the website's Body Type Quiz results become work items. The server starts with
// --no-first-import, so the demo's quiz backlog is still waiting: the admin imports it with
// Run now, and the rep it was routed to finds it in their Inbox, reads the quiz on its
// Reference tab and writes to the address it was taken with.
test('an admin runs the Body Type Quiz import, and the rep it went to answers the quiz', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');

  // Admin → Imports, from the navigation.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Imports' }).click();
  await expect(page).toHaveURL(/\/admin\/imports$/);
  const card = page.locator('[data-testid="import-source"][data-source="body-type-quiz"]');
  await expect(card.getByRole('heading', { level: 2 })).toHaveText(/Body Type Quiz/i);
  await expect(card.getByTestId('import-schedule')).toHaveText(/\(.+\)$/);
  await expect(card.getByTestId('import-paused')).toHaveText('Active');
  await expect(page.getByTestId('routing-form')).toHaveCount(4);
  await expect(page.locator('[data-testid="routing-form"][data-type="body-type-quiz"] [data-testid="routing-pool-state"]'))
    .toHaveText('Nobody checked: every active rep receives them.');
  await shot(page, 'admin-imports-desktop');

  // Run now: the run's counts, the quiz takers now work items.
  await card.getByTestId('import-run-now').click();
  const result = card.getByTestId('import-run-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toHaveAttribute('data-state', 'completed');
  const created = Number(await result.getByTestId('run-count-created').locator('dd').innerText());
  expect(created, 'Run now imported the waiting quiz results').toBeGreaterThan(0);
  const lastRun = card.getByTestId('import-last-run');
  await expect(lastRun.getByTestId('run-count-created').locator('dd')).toHaveText(String(created));
  await expect(lastRun.getByTestId('run-state')).toHaveText('Completed');
  await shotOf(card, 'admin-imports-run-now-desktop');

  // The run's records: each created one links to its work item.
  await card.getByTestId('toggle-runs').click();
  const run = card.getByTestId('import-run').first();
  await expect(run).toHaveAttribute('data-state', 'completed');
  await run.getByTestId('open-run').click();
  const made = card.locator('[data-testid="run-record"][data-outcome="created"]');
  await expect(made).toHaveCount(created);
  await expect(made.first().getByTestId('record-outcome')).toHaveText(/^Created, on (a new lead|an existing contact)$/);
  const href = await made.first().getByTestId('record-work-item').getAttribute('href');
  expect(href).toMatch(/^\/contacts\/[^/]+\/work-items\/\d+$/);
  const number = Number(href!.split('/').pop());
  await card.getByTestId('toggle-connection').click();
  await expect(card.getByTestId('connection-form')).toBeVisible();
  await expect(card.getByTestId('credentials-state')).toContainText('stored');
  await expect(card.getByLabel('Token', { exact: true })).toHaveAttribute('placeholder', 'stored — leave blank to keep');
  await expect(card.getByLabel('Token', { exact: true })).toHaveValue('');
  await shotOf(card, 'admin-imports-records-desktop');
  await onAPhone(page, 'admin-imports-open');

  // Who received it, as the API tells.
  const item: Item = await (await page.request.get(`/api/work-items/${number}`)).json();
  expect(item.type_key).toBe('body-type-quiz');
  expect(item.created_by).toBe('system-imports');
  const assignee = (await allUsers(page)).find((u) => u.id === item.assignee_id);
  expect(assignee, 'the item went to a user of the demo').toBeTruthy();

  // That rep signs in: the item waits in their Inbox, Unread, among the work items.
  await signOut(page);
  await signInAndWait(page, assignee!.email);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Inbox/ }).click();
  await page.getByTestId('inbox-filter').selectOption('work-items');
  await expect(page.getByTestId('tab-unread')).toHaveAttribute('aria-selected', 'true');
  const row = page
    .getByTestId('inbox-row')
    .filter({ has: page.getByTestId('inbox-work-item').getByText(`Work item #${number}`, { exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Body Type Quiz');
  await shot(page, 'import-rep-inbox-desktop');

  // Opened: made by Imports, with why it came to this rep.
  await row.getByTestId('inbox-work-item').click();
  const detail = page.getByTestId('work-item-detail');
  await expect(detail).toHaveAttribute('data-number', String(number));
  await expect(detail.getByTestId('work-item-facts')).toContainText('by Imports');
  const why = detail.getByTestId('routing-explanation');
  await expect(why.locator('summary')).toHaveText(`Why ${assignee!.name}`);
  await expect(why.getByTestId('routing-reason')).not.toBeVisible();
  await why.locator('summary').click();
  await expect(why.getByTestId('routing-reason')).toBeVisible();
  const chosen = why.locator('[data-testid="routing-candidate"][data-verdict="chosen"]');
  await expect(chosen).toHaveCount(1);
  await expect(chosen).toContainText(assignee!.name);
  await expect(chosen.getByTestId('routing-verdict')).toHaveText('Chosen');
  await shotOf(why, 'import-routing-explanation-desktop');

  // The Reference tab: the quiz as it was taken.
  await detail.getByTestId('tab-reference').click();
  const quiz = detail.getByTestId('reference-quiz');
  await expect(quiz).toBeVisible();
  const answers = quiz.getByTestId('reference-quiz-answers');
  await expect(answers.locator('tbody tr').first()).toBeVisible();
  expect(await answers.locator('tbody tr').count()).toBeGreaterThan(0);
  await expect(quiz.getByTestId('reference-quiz-result')).not.toBeEmpty();
  await expect(quiz.getByTestId('reference-taken').locator('time')).toHaveAttribute('datetime', /\d{4}-\d{2}-\d{2}T/);
  const video = quiz.getByTestId('reference-quiz-video');
  if ((await video.count()) > 0) {
    await expect(video).toHaveAttribute('target', '_blank');
    await expect(video).toHaveAttribute('rel', /noopener/);
    await expect(video).toHaveAttribute('href', /^https?:\/\//);
  }
  await shot(page, 'import-reference-quiz-desktop');
  await shotOf(quiz, 'import-reference-quiz-section-desktop');
  await onAPhone(page, 'import-reference-quiz');

  // Its address: a click opens an email to it on the Action tab.
  const email = quiz.getByTestId('reference-email');
  const address = (await email.innerText()).replace('✉', '').trim();
  expect(address).toContain('@');
  await email.click();
  await expect(detail.getByTestId('tab-action')).toHaveAttribute('aria-selected', 'true');
  const compose = detail.getByTestId('compose-form');
  await expect(compose).toBeVisible();
  await expect(compose.getByTestId('compose-to')).toHaveValue(address);
  await shot(page, 'import-compose-to-quiz-taker-desktop');
  expect(errors).toEqual([]);
});

// A manager follows what the imports bring in — each source's schedule, runs and what waits
// for someone to receive it — but only admins run, pause or connect them.
test('a manager sees the imports and their runs but not the controls', async ({ page }) => {
  const errors = watchErrors(page);
  await signInAndWait(page, 'manager@worklane.test');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Imports' }).click();
  await expect(page).toHaveURL(/\/admin\/imports$/);
  const quiz = page.locator('[data-testid="import-source"][data-source="body-type-quiz"]');
  await expect(quiz).toBeVisible();
  await expect(quiz.getByTestId('import-schedule')).toHaveText('every 15 minutes (UTC)');
  await expect(quiz.getByTestId('import-waiting')).toBeVisible();
  await expect(page.getByTestId('import-run-now')).toHaveCount(0);
  await expect(page.getByTestId('import-pause')).toHaveCount(0);
  await expect(page.getByTestId('toggle-connection')).toHaveCount(0);
  await quiz.getByTestId('toggle-runs').click();
  await expect(quiz.getByTestId('retry-record')).toHaveCount(0);
  await shot(page, 'imports-manager-desktop');
  expect(errors).toEqual([]);
});

import { Browser, expect, Page, test } from '@playwright/test';
import { fitsTheScreen, shot, signInAndWait, signOut, watchErrors } from './helpers';

// Seed 003's work orders. The demo's service desk: Devon Brooks (a Manager) heads it, Quinn
// Alvarez and Robin Moss (Service Staff) work in it, and the demo's work orders are in their
// charge. Work orders are private by default: a manager sees his subordinates' orders, a
// colleague does not see another's.

type Row = { item: { number: number; assignee_id: string; locked: boolean; status: string }; contact_name: string };
type Member = { id: string; name: string };

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
const rowOf = (page: Page, number: number | string) =>
  page.locator(`[data-testid="work-order-row"][data-number="${number}"]`);

/// Opens Work Orders from the navigation, on the All scene.
async function openWorkOrders(page: Page) {
  await nav(page).getByRole('link', { name: 'Work Orders' }).click();
  await expect(page).toHaveURL(/\/work-orders$/);
  await expect(page.getByRole('tab', { name: 'All', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))).toBeVisible();
}

async function openScene(page: Page, label: string, key: string) {
  await page.getByRole('tab', { name: label, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/work-orders\\?scene=${key}$`));
  await expect(page.getByRole('tab', { name: label, exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))).toBeVisible();
}

/// The numbers of the rows on show whose owner is `name`.
async function numbersOwnedBy(page: Page, name: string): Promise<number[]> {
  const rows = page.getByTestId('work-order-row').filter({
    has: page.getByTestId('work-order-owner').filter({ hasText: name }),
  });
  return (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-number')))));
}

/// Every work order number a scene lists for the signed-in user, all pages read.
async function everyNumber(page: Page, scene: string): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: string | undefined;
  do {
    const url = `/api/work-orders?scene=${scene}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await page.request.get(url);
    expect(answer.status()).toBe(200);
    const body: { items: Row[]; next_cursor?: string } = await answer.json();
    numbers.push(...body.items.map((r) => r.item.number));
    cursor = body.next_cursor;
  } while (cursor);
  return numbers;
}

async function chooseOwner(page: Page, name: string) {
  const dialog = page.getByTestId('change-owner-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('New owner').selectOption({ label: name });
  await dialog.getByTestId('change-owner-submit').click();
}

async function newSignedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInAndWait(page, email);
  return page;
}

test('a manager sees a subordinate\'s work order; a colleague does not, and its link says not found', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'service@worklane.test');
  await openWorkOrders(page);
  await expect(page.getByTestId('work-order-row').first()).toBeVisible();
  // Devon is a Manager: he follows the desk's orders, but does not assign or handle them.
  await expect(page.getByTestId('change-owners')).toHaveCount(0);
  await expect(page.getByTestId('select-work-order')).toHaveCount(0);

  const quinns = await numbersOwnedBy(page, 'Quinn Alvarez');
  expect(quinns.length, 'Devon sees work orders in Quinn\'s charge').toBeGreaterThan(0);
  const number = quinns[0];
  const row = rowOf(page, number);
  await expect(row.getByTestId('work-order-owner')).toHaveText('Quinn Alvarez');
  await expect(row.getByTestId('work-order-subject')).not.toBeEmpty();
  await shot(page, 'work-orders-manager-all-desktop');

  // Under My Subordinate's Responsible too (Quinn works in the desk Devon heads)…
  await openScene(page, "My Subordinate's Responsible", 'subordinates_responsible');
  await expect(rowOf(page, number)).toBeVisible();
  await expect(rowOf(page, number).getByTestId('work-order-owner')).toHaveText('Quinn Alvarez');
  // …and not under My Responsible: none is in Devon's own charge.
  await openScene(page, 'My Responsible', 'my_responsible');
  await expect(page.getByTestId('work-orders-empty')).toHaveText('No work order is in your charge.');
  // The scene is in the address: a reload stays on it.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'My Responsible', exact: true })).toHaveAttribute('aria-selected', 'true');

  // The row opens the work order's page, where Devon reads it but has nothing to hand out.
  await openScene(page, "My Subordinate's Responsible", 'subordinates_responsible');
  await rowOf(page, number).getByTestId('work-order-link').click();
  await expect(page).toHaveURL(new RegExp(`/work-orders/${number}$`));
  const detail = page.getByTestId('work-order-detail');
  await expect(detail).toHaveAttribute('data-number', String(number));
  await expect(detail.getByTestId('work-order-owner')).toHaveText('Quinn Alvarez');
  await expect(detail.getByTestId('work-order-contact')).not.toHaveText('…');
  await expect(page.getByTestId('work-order-more')).toHaveCount(0);
  await expect(detail.getByTestId('change-status')).toHaveCount(0);
  await expect(detail.getByTestId('handlers-only')).toBeVisible();
  await shot(page, 'work-order-manager-detail-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page, 'a work order at a phone\'s width');
  await shot(page, 'work-order-manager-detail-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await signOut(page);

  // Robin works in the same desk, but Quinn's order is not hers to see: not in any page of All…
  await signInAndWait(page, 'staff2@worklane.test');
  await openWorkOrders(page);
  await expect(rowOf(page, number)).toHaveCount(0);
  expect(await everyNumber(page, 'all')).not.toContain(number);
  // …and its address says it is not found, as if it did not exist.
  await page.goto(`/work-orders/${number}`);
  const missing = page.getByTestId('work-order-not-found');
  await expect(missing).toBeVisible();
  await expect(missing.getByRole('heading')).toHaveText('Work order not found');
  await expect(missing).toContainText(`There is no work order ${number} that you can see.`);
  await expect(page.getByTestId('work-order-detail')).toHaveCount(0);
  await shot(page, 'work-order-not-found');
  expect(errors).toEqual([]);
});

test('an admin hands two work orders to Robin at once; Quinn\'s batch on a stale list is refused for the one already gone', async ({ browser }) => {
  test.setTimeout(120_000);
  // Quinn has her orders open (My Responsible) before anyone changes them.
  const quinn = await newSignedInPage(browser, 'staff1@worklane.test');
  const quinnErrors = watchErrors(quinn);
  await openWorkOrders(quinn);
  await openScene(quinn, 'My Responsible', 'my_responsible');
  await expect(quinn.getByTestId('work-order-row').first()).toBeVisible();

  // The admin selects two of Quinn's orders and hands them to Robin.
  const admin = await newSignedInPage(browser, 'admin@worklane.test');
  const adminErrors = watchErrors(admin);
  await openWorkOrders(admin);
  await expect(admin.getByTestId('work-order-row').first()).toBeVisible();
  const [first, second] = await numbersOwnedBy(admin, 'Quinn Alvarez');
  expect(second, 'the admin sees two orders of Quinn\'s').toBeDefined();
  await expect(admin.getByTestId('change-owners')).toBeDisabled();
  await rowOf(admin, first).getByTestId('select-work-order').check();
  await rowOf(admin, second).getByTestId('select-work-order').check();
  await expect(admin.getByTestId('selected-count')).toHaveText('2 selected');
  await admin.getByTestId('change-owners').click();
  await expect(admin.getByTestId('change-owner-dialog')).toContainText('Hand the 2 selected work orders to:');
  await shot(admin, 'work-orders-admin-change-owner-dialog');
  await chooseOwner(admin, 'Robin Moss');
  const adminResult = admin.getByTestId('batch-result');
  await expect(adminResult.getByTestId('batch-changed')).toHaveText('2 changed');
  await expect(adminResult).toContainText('now in the charge of Robin Moss');
  await expect(adminResult.getByTestId('batch-refused')).toHaveCount(0);
  await expect(admin.getByTestId('change-owner-dialog')).toHaveCount(0);
  // The list was read again: both rows now name Robin, and nothing stays ticked.
  await expect(rowOf(admin, first).getByTestId('work-order-owner')).toHaveText('Robin Moss');
  await expect(rowOf(admin, second).getByTestId('work-order-owner')).toHaveText('Robin Moss');
  await expect(admin.getByTestId('selected-count')).toHaveText(/^Select work orders/);
  await shot(admin, 'work-orders-admin-batch-done');

  // Quinn's page still shows the first one. She hands it and another of hers to Robin: the
  // other changes; the first is refused, with why, because it is no longer hers to see.
  const first_row = rowOf(quinn, first);
  await expect(first_row).toBeVisible();
  const others = (await numbersOwnedBy(quinn, 'Quinn Alvarez')).filter((n) => n !== first && n !== second);
  expect(others.length, 'Quinn has another order of her own').toBeGreaterThan(0);
  const own = others[0];
  await first_row.getByTestId('select-work-order').check();
  await rowOf(quinn, own).getByTestId('select-work-order').check();
  await quinn.getByTestId('change-owners').click();
  await chooseOwner(quinn, 'Robin Moss');
  const result = quinn.getByTestId('batch-result');
  await expect(result.getByTestId('batch-changed')).toHaveText('1 changed');
  const refused = result.getByTestId('batch-refused');
  await expect(refused).toHaveAttribute('role', 'alert');
  await expect(refused).toContainText('1 work order was not changed:');
  const refusal = refused.getByTestId('refused-row');
  await expect(refusal).toHaveCount(1);
  await expect(refusal).toHaveAttribute('data-number', String(first));
  await expect(refusal).toHaveAttribute('data-code', 'not_found');
  await expect(refusal).toHaveText(`No. ${first}: there is no work order ${first} you can see`);
  // The list was read again: neither is in Quinn's charge any more.
  await expect(rowOf(quinn, first)).toHaveCount(0);
  await expect(rowOf(quinn, own)).toHaveCount(0);
  await shot(quinn, 'work-orders-staff-batch-refused-desktop');
  await quinn.setViewportSize({ width: 390, height: 844 });
  await expect(refusal).toBeVisible();
  await fitsTheScreen(quinn, 'the batch result at a phone\'s width');
  await quinn.evaluate(() => window.scrollTo(0, 0));
  await shot(quinn, 'work-orders-staff-batch-refused-phone');

  expect(quinnErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
  await quinn.context().close();
  await admin.context().close();
});

test('service staff set a work order\'s priority and hand it over from its page', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'staff2@worklane.test');
  const team: Member[] = await (await page.request.get('/api/team')).json();
  const me: Member = await (await page.request.get('/api/me')).json();
  expect(team.some((m) => m.name === 'Quinn Alvarez')).toBe(true);
  const open: { items: Row[] } = await (await page.request.get('/api/work-orders?scene=unresolved&limit=50')).json();
  const order = open.items.find((r) => !r.item.locked && r.item.assignee_id === me.id);
  expect(order, 'Robin has an open, unlocked work order').toBeTruthy();
  const number = order!.item.number;

  await openWorkOrders(page);
  await openScene(page, 'Unresolved Work Order', 'unresolved');
  await rowOf(page, number).getByTestId('work-order-link').click();
  const detail = page.getByTestId('work-order-detail');
  await expect(detail).toHaveAttribute('data-number', String(number));
  await expect(detail.getByTestId('work-order-owner')).toHaveText('Robin Moss');
  await expect(detail.getByTestId('change-status')).toBeEnabled();

  // More → Set priority → Urgent.
  const more = page.getByTestId('work-order-more');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await shot(page, 'work-order-more-menu');
  await page.getByTestId('menu-set-priority').click();
  const priority = page.getByTestId('set-priority-dialog');
  await expect(priority).toBeVisible();
  await priority.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await priority.getByTestId('set-priority-submit').click();
  await expect(priority).toHaveCount(0);
  await expect(detail.getByTestId('work-order-priority')).toHaveText('Urgent');
  await expect(page.getByTestId('work-order-notice')).toHaveText('Priority set to Urgent.');

  // Changed meanwhile elsewhere (Robin's other tab sets it High): the page still shows
  // Urgent, so its next change is refused; it says so and shows the work order as it is now.
  const current: { version: number } = await (await page.request.get(`/api/work-items/${number}`)).json();
  const elsewhere = await page.request.post(`/api/work-items/${number}/priority`, {
    data: { priority: 'High', version: current.version },
  });
  expect(elsewhere.status()).toBe(200);
  await expect(detail.getByTestId('work-order-priority')).toHaveText('Urgent');
  await page.getByTestId('work-order-more').click();
  await page.getByTestId('menu-set-priority').click();
  await priority.getByLabel('Priority').selectOption({ label: 'Low' });
  await priority.getByTestId('set-priority-submit').click();
  await expect(priority).toHaveCount(0);
  await expect(page.getByTestId('work-order-notice')).toHaveText(
    'Someone changed this work order first; it now shows their version. Please try again.',
  );
  await expect(detail.getByTestId('work-order-priority')).toHaveText('High');
  await page.getByTestId('work-order-more').click();
  await page.getByTestId('menu-set-priority').click();
  await priority.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await priority.getByTestId('set-priority-submit').click();
  await expect(detail.getByTestId('work-order-priority')).toHaveText('Urgent');

  // It is now among Robin's Urgent Work Orders.
  await page.goto('/work-orders?scene=urgent');
  await expect(rowOf(page, number)).toBeVisible();
  await expect(rowOf(page, number).getByTestId('work-order-priority')).toHaveText('Urgent');
  await rowOf(page, number).getByTestId('work-order-link').click();
  await expect(detail).toHaveAttribute('data-number', String(number));

  // Handled: closed through its workflow, it moves to Closed Work Order.
  await detail.getByTestId('change-status').click();
  const form = page.getByTestId('status-form');
  await form.getByLabel('New status').selectOption({ label: 'Closed' });
  await form.getByTestId('status-submit').click();
  await expect(form).toHaveCount(0);
  await expect(detail.getByTestId('status-chip')).toHaveText('Closed');
  await page.goto('/work-orders?scene=closed');
  await expect(rowOf(page, number)).toBeVisible();
  await rowOf(page, number).getByTestId('work-order-link').click();
  await expect(detail).toHaveAttribute('data-number', String(number));

  // More → Change owner → Quinn: handed over, and the page says so.
  await page.getByTestId('work-order-more').click();
  await page.getByTestId('menu-change-owner').click();
  const dialog = page.getByTestId('change-owner-dialog');
  await expect(dialog).toContainText(`Work order ${number} is in the charge of Robin Moss. Hand it to:`);
  await expect(dialog.getByLabel('New owner').locator('option', { hasText: 'Robin Moss' })).toHaveCount(0);
  await chooseOwner(page, 'Quinn Alvarez');
  await expect(dialog).toHaveCount(0);
  await expect(detail.getByTestId('work-order-owner')).toHaveText('Quinn Alvarez');
  await expect(page.getByTestId('work-order-notice')).toHaveText('Handed to Quinn Alvarez.');
  // No longer Robin's to see: her list has it no more.
  await nav(page).getByRole('link', { name: 'Work Orders' }).click();
  await expect(page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))).toBeVisible();
  await expect(rowOf(page, number)).toHaveCount(0);
  expect(errors).toEqual([]);
});

import { expect, Page, test } from '@playwright/test';
import { fitsTheScreen, shot, shotOf, signInAndWait, signOut, watchErrors } from './helpers';

type Contact = { id: string };
type ShopStatus = { orders_count: number; accounts: unknown[]; shop_connected: boolean };
type Order = { increment_id: string };

/// The first contact (newest first) whose Status & Marketing panel has a shop account and
/// orders, else the first with orders (a guest's).
async function contactWithOrders(page: Page): Promise<{ id: string; status: ShopStatus }> {
  let cursor: string | undefined;
  let guest: { id: string; status: ShopStatus } | undefined;
  for (let pages = 0; pages < 5; pages++) {
    const url = `/api/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer: { items: Contact[]; next_cursor?: string | null } = await (await page.request.get(url)).json();
    for (const contact of answer.items) {
      const status: ShopStatus = await (await page.request.get(`/api/contacts/${encodeURIComponent(contact.id)}/shop`)).json();
      if (status.orders_count > 0 && status.accounts.length > 0) return { id: contact.id, status };
      if (status.orders_count > 0) guest ??= { id: contact.id, status };
    }
    cursor = answer.next_cursor ?? undefined;
    if (!cursor) break;
  }
  if (guest) return guest;
  throw new Error('no contact has shop orders after Sync now');
}

async function onAPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

// Seed 002, "Sync with Magento" and "How to link Order Id to Calls": the admin syncs the demo
// shop from Admin → Shop, a contact's Status & Marketing panel lists their orders, a call logged
// with one of those order ids carries the Linked Order tag, and its pop-up shows and edits it.
test('an admin syncs the shop, and a contact shows their orders and a call its linked order', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // Admin → Shop: the settings, then Sync now with its counts.
  await nav.getByRole('link', { name: 'Shop', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/shop$/);
  const form = page.getByTestId('shop-settings-form');
  await expect(form).toBeVisible();

  // Another admin saves first: the save is refused with what they changed, and Reload shows it.
  const loaded = await (await page.request.get('/api/shop/settings')).json();
  const theirs = `${loaded.storefront_url.replace(/\/$/, '')}/theirs/`;
  expect((await page.request.put('/api/shop/settings', { data: { ...loaded, storefront_url: theirs } })).ok()).toBe(true);
  await form.getByLabel('Storefront').fill(`${loaded.storefront_url}mine/`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('conflict')).toContainText('Storefront');
  await form.getByTestId('conflict-reload').click();
  await expect(form.getByLabel('Storefront')).toHaveValue(theirs);
  await form.getByLabel('Storefront').fill(loaded.storefront_url);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('notice')).toHaveText('Shop settings saved.');

  // A fresh order in the shop, so Sync now has something new to bring in even when an earlier
  // spec's Run validation now (which syncs first) already brought in the demo's orders.
  const placed = await page.request.post('/demo-sources/shop/admin/sales/order_create/', {
    form: { email: `sync.${Date.now()}@example.com`, advisor: 'Sam Rivera', sku: 'SLP-01', qty: '1' },
  });
  expect(placed.status()).toBe(200);
  await page.getByRole('button', { name: 'Sync now', exact: true }).click();
  const synced = page.getByTestId('shop-sync-result');
  await expect(synced).toBeVisible({ timeout: 60_000 });
  const syncedOrders = Number(await synced.locator('dl > div', { hasText: 'Orders' }).locator('dd').innerText());
  expect(syncedOrders, 'Sync now brought in orders').toBeGreaterThan(0);
  await shot(page, 'admin-shop-desktop');
  await onAPhone(page, 'admin-shop');

  // A contact with orders: the panel's figures and its orders.
  const { id, status } = await contactWithOrders(page);
  await page.goto(`/contacts/${encodeURIComponent(id)}`);
  const panel = page.getByTestId('status-marketing');
  await expect(panel.getByRole('heading', { name: 'Status & Marketing' })).toBeVisible();
  await expect(panel.getByTestId('shop-orders-count')).toHaveText(String(status.orders_count));
  await expect(panel.getByTestId('shop-lifetime')).toHaveText(/\d+\.\d\d/);
  if (status.accounts.length > 0) {
    await expect(panel.getByTestId('shop-account')).toHaveCount(status.accounts.length);
  } else {
    await expect(panel.getByTestId('shop-no-account')).toBeVisible();
  }
  const rows = panel.getByTestId('shop-order');
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(Math.min(status.orders_count, 20));
  const link = rows.first().getByTestId('shop-order-link');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveText(/^#\S+$/);
  if (status.orders_count > 20) {
    await panel.getByRole('button', { name: 'More orders' }).click();
    await expect(rows).toHaveCount(Math.min(status.orders_count, 40));
  }

  // Sync with Magento reloads the contact from the shop.
  await panel.getByRole('button', { name: 'Sync with Magento' }).click();
  await expect(panel.getByTestId('shop-synced')).toHaveText('Synced just now', { timeout: 30_000 });
  await shotOf(panel, 'status-marketing-desktop');
  await shot(page, 'contact-shop-desktop');
  await onAPhone(page, 'contact-shop');

  // A call logged with one of the contact's order ids carries the tag, grey: Pending.
  const orders: { items: Order[] } = await (await page.request.get(`/api/contacts/${encodeURIComponent(id)}/orders`)).json();
  const [first, second] = [orders.items[0].increment_id, (orders.items[1] ?? orders.items[0]).increment_id];
  await page.getByRole('tab', { name: 'Interactions' }).click();
  await page.getByTestId('compose-call').click();
  await page.getByLabel('Notes').fill('Helped them place the order');
  await page.getByLabel('Order Id (optional)').fill(first);
  await page.getByTestId('compose-submit').click();
  const tag = page.getByTestId('linked-order-tag').first();
  await expect(tag).toHaveText(`Order #${first} · Pending for validation`);

  // The Magento Linked Order pop-up: Escape closes it.
  await tag.click();
  const dialog = page.getByRole('dialog', { name: 'Magento Linked Order' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('linked-order-state')).toHaveText('Pending for validation');
  await shot(page, 'linked-order-dialog-desktop');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Its author edits the number: Pending again; Close closes it and the tag shows the change.
  await tag.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Edit order id').fill(second);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByTestId('linked-order-saved')).toBeVisible();
  await expect(dialog.getByTestId('linked-order-id')).toHaveText(`#${second}`);
  await expect(dialog.getByTestId('linked-order-state')).toHaveText('Pending for validation');
  await onAPhone(page, 'linked-order-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('linked-order-tag').first()).toHaveText(`Order #${second} · Pending for validation`);

  // A number that is not one is refused under the field, and nothing is saved.
  await page.getByTestId('linked-order-tag').first().click();
  await dialog.getByLabel('Edit order id').fill('12 34');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByTestId('field-error')).toContainText('is not an order number');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Two calls of five hours ago (their windows closed) claim the same order, placed days before
  // by someone else: the check finds them Invalid, with every reason and its figures.
  const fiveHoursAgo = new Date(Date.now() - 5 * 3600_000).toISOString();
  for (const note of ['Earlier call, first claim', 'Earlier call, second claim']) {
    const logged = await page.request.post(`/api/contacts/${encodeURIComponent(id)}/calls`, {
      data: { direction: 'Outbound', outcome: 'Answered', duration_seconds: 300, note, order_id: first, started_at: fiveHoursAgo },
    });
    expect(logged.ok()).toBe(true);
  }
  await nav.getByRole('link', { name: 'Shop', exact: true }).click();
  await page.getByRole('button', { name: 'Run validation now', exact: true }).click();
  const validation = page.getByTestId('shop-validation-result');
  await expect(validation).toBeVisible({ timeout: 60_000 });
  await expect(validation.getByTestId('shop-validation-counts')).toContainText('Invalid');
  await shotOf(page.getByTestId('shop-run-now'), 'admin-shop-run-now-desktop');
  await page.goto(`/contacts/${encodeURIComponent(id)}/interactions`);
  const invalid = page.locator('[data-testid="linked-order-tag"][data-state="Invalid"]');
  await expect(invalid).toHaveCount(2);
  await expect(invalid.first()).toHaveClass(/chip-danger/);
  await invalid.first().click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('linked-order-state')).toHaveText('Invalid');
  await expect(dialog.getByTestId('linked-order-problems').locator('li').first()).toBeVisible();
  await expect(dialog.locator('[data-problem="shared_with_other_calls"]')).toHaveText('The same order number is linked to other calls');
  await expect(dialog.getByTestId('linked-order-when')).toContainText('outside');
  await expect(dialog.getByTestId('linked-order-other-call').first()).toBeVisible();
  await expect(dialog.getByTestId('linked-order-checked')).not.toHaveText('Not checked yet');
  await expect(dialog.getByRole('link', { name: 'View Order in Magento' })).toHaveAttribute('target', '_blank');
  await shot(page, 'linked-order-dialog-invalid-desktop');
  await onAPhone(page, 'linked-order-dialog-invalid');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The Linked orders report: last week by default, with its CSV.
  await nav.getByRole('link', { name: 'Linked orders' }).click();
  await expect(page).toHaveURL(/\/reports\/linked-orders$/);
  await expect(page.getByTestId('report-table').or(page.getByTestId('report-empty'))).toBeVisible();
  const from = await page.getByLabel('From').inputValue();
  const to = await page.getByLabel('To').inputValue();
  expect(from).toMatch(/^\d{4}-\d\d-\d\d$/);
  await expect(page.getByRole('link', { name: 'Download CSV' }))
    .toHaveAttribute('href', `/api/reports/linked-orders.csv?from=${from}&to=${to}`);
  await shot(page, 'linked-orders-desktop');
  await onAPhone(page, 'linked-orders');

  // A manager reads the shop settings and the report, without the controls; a rep sees neither.
  await signOut(page);
  await signInAndWait(page, 'manager@worklane.test');
  await nav.getByRole('link', { name: 'Shop', exact: true }).click();
  await expect(page.getByTestId('shop-settings')).toContainText('Who placed an order');
  await expect(page.getByTestId('shop-settings-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sync now', exact: true })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Linked orders' }).click();
  await expect(page.getByTestId('report-row').first()).toBeVisible();
  await signOut(page);
  await signInAndWait(page, 'rep1@worklane.test');
  await expect(nav.getByRole('link', { name: 'Linked orders' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Shop', exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});

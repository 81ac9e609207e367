import { CDPSession, expect, Page, test } from '@playwright/test';
import { shot, signIn, watchErrors } from './helpers';

// What the browser may download to show the sign-in page and then the Inbox: wasm + JS + CSS
// (and index.html), as sent, compressed.
const FIRST_SCREEN_BUDGET = 300 * 1024;

/// Counts the bytes the browser receives for the app's own files (not API answers), by URL.
async function watchTransfers(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const received = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength));
  const appFiles = () =>
    [...received.entries()]
      .map(([id, bytes]) => ({ url: urls.get(id) ?? '', bytes }))
      .filter(({ url }) => url !== '' && !new URL(url).pathname.startsWith('/api/'));
  return {
    cdp,
    files: appFiles,
    total: () => appFiles().reduce((sum, f) => sum + f.bytes, 0),
    pieces: () => appFiles().map((f) => new URL(f.url).pathname).filter((p) => /\/pkg\/(split|chunk)_/.test(p)),
  };
}

test('the first screen fits its budget and the admin consoles arrive when first opened', async ({ page }) => {
  const errors = watchErrors(page);
  const transfers = await watchTransfers(page);

  await signIn(page, 'admin@worklane.test');
  await expect(page).toHaveURL(/\/inbox$/);
  // The admin's Inbox: rows or "Nothing here", either way the page is up.
  await expect(page.getByTestId('inbox').or(page.getByTestId('inbox-empty'))).toBeVisible();
  const firstScreen = transfers.total();
  console.log(`first screen: ${firstScreen} bytes over the network (${transfers.files().length} files)`);
  expect(firstScreen).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
  expect(transfers.pieces(), 'no lazy piece is fetched for the Inbox').toEqual([]);

  // The admin piece comes on the first visit, with a loading state while it does.
  await transfers.cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 600,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Workflows' }).click();
  await expect(page.getByTestId('page-loading')).toBeVisible();
  await expect(page.getByTestId('workflow-card').first()).toBeVisible();
  await expect(page.getByTestId('page-loading')).toHaveCount(0);
  await transfers.cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const adminPieces = transfers.pieces();
  expect(adminPieces.some((p) => p.includes('split_admin_group'))).toBe(true);
  expect(adminPieces.some((p) => p.includes('contacts_group')), 'only what the admin pages need').toBe(false);

  // Another admin page needs nothing more: the piece is kept.
  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  expect(transfers.pieces()).toEqual(adminPieces);
  await shot(page, 'admin-users-loaded-on-demand');

  // A reload on a lazy page and a deep link into another group both work.
  await page.reload();
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await page.goto('/contacts');
  await page.getByTestId('contact-row').first().locator('a').first().click();
  await expect(page.getByRole('tab', { name: /work item/i })).toBeVisible();
  const deepLink = page.url().replace(/\/?$/, '/work-items');
  await page.goto(deepLink);
  await expect(page.getByRole('tab', { name: /work item/i })).toHaveAttribute('aria-selected', 'true');

  // Work Orders are a piece of their own, fetched on their first visit; the contacts' piece is
  // not fetched again.
  const before = transfers.pieces();
  await nav.getByRole('link', { name: 'Work Orders' }).click();
  await expect(page.getByTestId('work-order-row').first()).toBeVisible();
  const orderPieces = transfers.pieces().filter((p) => !before.includes(p));
  expect(orderPieces.some((p) => p.includes('split_work_orders_group'))).toBe(true);
  expect(orderPieces.some((p) => p.includes('contacts_group'))).toBe(false);

  // The Accounts and a new work order are in the same piece: nothing more to fetch.
  const withOrders = transfers.pieces();
  await nav.getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByTestId('account-row').first()).toBeVisible();
  await page.getByTestId('account-link').first().click();
  await page.getByRole('tab', { name: 'Work Orders' }).click();
  await page.getByTestId('new-work-order').click();
  await expect(page.getByTestId('account-panel-name')).toBeVisible();
  expect(transfers.pieces()).toEqual(withOrders);
  await page.reload();
  await expect(page.getByTestId('account-panel-name')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a contact\'s Tickets tab fetches the work orders\' piece when first opened, not with the contact', async ({ page }) => {
  const errors = watchErrors(page);
  const transfers = await watchTransfers(page);
  await signIn(page, 'staff1@worklane.test');
  await expect(page).toHaveURL(/\/inbox$/);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Contacts' }).click();
  await page.getByTestId('contact-row').first().locator('a').first().click();
  await expect(page.getByTestId('contact-details')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const contactPieces = transfers.pieces();
  expect(contactPieces.some((p) => p.includes('split_contacts_group'))).toBe(true);
  expect(contactPieces.some((p) => p.includes('work_orders_group')), 'the contact does not wait for it').toBe(false);

  await page.getByRole('tab', { name: 'Tickets' }).click();
  await expect(page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))).toBeVisible();
  const ticketPieces = transfers.pieces().filter((p) => !contactPieces.includes(p));
  expect(ticketPieces.some((p) => p.includes('split_work_orders_group'))).toBe(true);
  expect(ticketPieces.some((p) => p.includes('contacts_group'))).toBe(false);
  // A deep link to the tab works as well.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Tickets' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('work-orders-table').or(page.getByTestId('work-orders-empty'))).toBeVisible();
  expect(errors).toEqual([]);
});

test('a missing piece of the app is 404, not the page', async ({ request }) => {
  const missing = await request.get('/pkg/split_no_such_piece.wasm');
  expect(missing.status()).toBe(404);
  const page = await request.get('/admin/workflows');
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('<!doctype html>');
});

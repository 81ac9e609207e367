import { expect, test } from '@playwright/test';
import { fitsTheScreen, shot, shotOf, signInAndWait, watchErrors } from './helpers';

type Member = { id: string; name: string };
type Item = { number: number; contact_id: string; locked: boolean; merged_into?: number | null; team?: string[] };

// Seed 003: "who can see this, and why" on a work item as well as on a contact. A rep of the
// demo's Team East opens one of their work items from My Work Items: they see it as its owner
// (the assignee owns a work item), Riley as their superior and the head of Team East, Morgan
// two levels up and the head of the Sales Floor. A colleague added to the item's team shows up
// at once, and goes again when taken off.
test('a rep opens one of their work items and sees who can see it, and why', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'rep2@worklane.test');
  const me: Member = await (await page.request.get('/api/me')).json();
  const team: Member[] = await (await page.request.get('/api/team')).json();
  const member = (name: string) => {
    const found = team.find((m) => m.name === name);
    expect(found, `${name} is in the demo team`).toBeTruthy();
    return found!;
  };
  const riley = member('Riley Rep');
  const morgan = member('Morgan Manager');
  const taylor = member('Taylor Chen');
  const mine: { items: Item[] } = await (await page.request.get('/api/my/work-items')).json();
  const item = mine.items.find((i) => !i.locked && i.merged_into == null && (i.team ?? []).length === 0);
  expect(item, 'the demo rep has an open work item of their own to change').toBeTruthy();

  // Opened from My Work Items, as a rep would.
  const asked: string[] = [];
  page.on('request', (r) => {
    if (/\/viewers|split_load_viewers/.test(r.url())) asked.push(r.url());
  });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My Work Items' }).click();
  await expect(page).toHaveURL(/\/my\/work-items$/);
  await page.locator(`[data-testid="my-work-item"][data-number="${item!.number}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/[^/]+/work-items/${item!.number}$`));
  const detail = page.getByTestId('work-item-detail');
  await expect(detail).toHaveAttribute('data-number', String(item!.number));
  await page.waitForLoadState('networkidle');
  expect(asked, 'nothing about who can see it is fetched until asked').toEqual([]);

  // The contact above has a section of its own; the item's is named for the item.
  const who = detail.getByTestId('who-can-see');
  await expect(who).toHaveAccessibleName('Who can see this work item');
  await expect(page.getByRole('region', { name: 'Who can see this contact' })).toBeVisible();
  const toggle = who.getByTestId('who-can-see-toggle');
  await expect(toggle).toHaveText(/Who can see this/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('list')).toHaveAccessibleName('People who can see this work item');
  expect(asked.some((u) => u.endsWith(`/api/work-items/${item!.number}/viewers`))).toBe(true);
  expect(asked.some((u) => /\/api\/contacts\/[^/]+\/viewers/.test(u)), 'only the item is asked about').toBe(false);

  const own = who.getByTestId(`viewer-${me.id}`);
  await expect(own).toContainText(me.name);
  await expect(own).toContainText('owner');
  await expect(own).toContainText('can change');
  const head = who.getByTestId(`viewer-${riley.id}`);
  await expect(head).toContainText('Riley Rep');
  await expect(head).toContainText(`superior of ${me.name}`);
  await expect(head).toContainText('head of Team East');
  const above = who.getByTestId(`viewer-${morgan.id}`);
  await expect(above).toContainText('Morgan Manager');
  await expect(above).toContainText(`superior of ${me.name} (2 levels up)`);
  await expect(above).toContainText('head of Sales Floor');
  await expect(who.getByTestId('viewers-everyone')).toHaveText(/^Everyone: (Private|Public read only|Public read\/write)$/);
  await expect(who.getByTestId('viewers-admins')).toHaveText('CRM admins: can change');
  await expect(who.getByTestId(`viewer-${taylor.id}`)).toHaveCount(0);
  await shot(page, 'work-item-who-can-see-desktop');
  await shotOf(who, 'work-item-who-can-see-section-desktop');

  // A colleague added to the item's team: the open section asks again after the save.
  await detail.getByTestId('edit-work-item-detail').click();
  await page.getByTestId('edit-team').getByLabel('Taylor Chen').check();
  await page.getByTestId('work-item-save').click();
  await expect(detail.getByTestId('work-item-team')).toHaveText('Taylor Chen');
  const helper = who.getByTestId(`viewer-${taylor.id}`);
  await expect(helper).toContainText('team member');
  await expect(who.getByTestId(`viewer-${riley.id}`)).toContainText('superior of team member Taylor Chen');

  // Taken off again (the demo data as it was): gone from the section too.
  await detail.getByTestId('edit-work-item-detail').click();
  await page.getByTestId('edit-team').getByLabel('Taylor Chen').uncheck();
  await page.getByTestId('work-item-save').click();
  await expect(detail.getByTestId('work-item-team')).toHaveCount(0);
  await expect(helper).toHaveCount(0);
  await expect(own).toContainText('owner');

  // At a phone's width: the rows wrap, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(own).toBeVisible();
  await fitsTheScreen(page, 'who can see this work item');
  // From the top, so the sticky navigation stays at the top of the full-page picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'work-item-who-can-see-phone');
  await shotOf(who, 'work-item-who-can-see-section-phone');

  // Closed and opened again: the answer is kept, not fetched again.
  const before = asked.length;
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toHaveCount(0);
  await toggle.click();
  await expect(own).toBeVisible();
  expect(asked.length).toBe(before);
  expect(errors).toEqual([]);
});

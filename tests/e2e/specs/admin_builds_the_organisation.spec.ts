import { expect, Page, test } from '@playwright/test';
import { shot, signInAndWait, watchErrors } from './helpers';

type User = { id: string; email: string; name: string };

/// The key the page makes of a department's name (lower-case words joined by dashes).
function keyOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase())
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '');
}

async function openOrganisation(page: Page) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(page).toHaveURL(/\/admin\/org$/);
  await expect(page.getByTestId('org-form')).toBeVisible();
}

/// A page with nothing wider than the screen.
async function fitsTheScreen(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
}

// Seed 003: an admin builds the organisation in the console (a department, its head, a rep
// placed in it), and a contact of that rep then says who can see it, and why.
test('an admin builds the organisation and a contact says who can see it and why', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');
  const users: { items: User[] } = await (await page.request.get('/api/users')).json();
  const head = users.items.find((u) => u.email === 'manager@worklane.test')!;
  const rep = users.items.find((u) => u.email === 'rep5@worklane.test')!;
  expect(head && rep).toBeTruthy();

  const name = `Field Service ${Date.now().toString(36)}`;
  const key = keyOf(name);

  await openOrganisation(page);
  await shot(page, 'org-before');

  // A name is needed to add a department.
  await page.getByTestId('add-department').click();
  await expect(page.locator('#new-department-name-error')).toContainText('name');

  await page.getByTestId('new-department-name').fill(name);
  await page.getByTestId('add-department').click();
  await expect(page.getByTestId(`dept-name-${key}`)).toHaveValue(name);
  await expect(page.getByTestId('new-department-name')).toHaveValue('');
  await expect(page.getByTestId(`dept-parent-${key}`)).toHaveValue('');

  // The server's refusal shows by the field it names: an empty name.
  await page.getByTestId(`dept-name-${key}`).fill('');
  await page.getByTestId('save-org').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.locator(`#dept-name-${key}-error`)).toBeVisible();
  await expect(page.getByTestId(`dept-name-${key}`)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('org-errors')).toContainText('Department');
  await shot(page, 'org-field-error');
  await page.getByTestId(`dept-name-${key}`).fill(name);

  // Its head, and a rep placed in it (reporting to its head, the default).
  await page.getByTestId(`dept-head-${key}`).selectOption(head.id);
  await page.getByTestId(`person-department-${rep.id}`).selectOption(key);
  await page.getByTestId(`person-reports-to-${rep.id}`).selectOption('');
  await expect(page.locator(`#person-reports-to-${rep.id}-hint`)).toHaveText(`Reports to ${head.name}`);
  // Someone placed in it: it cannot be removed now.
  await expect(page.getByTestId(`remove-dept-${key}`)).toBeHidden();

  await page.getByTestId('save-org').click();
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Organisation saved');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await shot(page, 'org-saved');

  // Kept: a reload shows it as saved.
  await page.reload();
  await expect(page.getByTestId(`dept-name-${key}`)).toHaveValue(name);
  await expect(page.getByTestId(`dept-head-${key}`)).toHaveValue(head.id);
  await expect(page.getByTestId(`person-department-${rep.id}`)).toHaveValue(key);
  await expect(page.getByTestId(`person-reports-to-${rep.id}`)).toHaveValue('');

  // Another admin saves meanwhile: this page's save is refused, says so, and shows the chart
  // as it is now.
  const current = await (await page.request.get('/api/org')).json();
  expect((await page.request.put('/api/org', { data: current })).ok()).toBe(true);
  await page.getByTestId(`dept-name-${key}`).fill(`${name} (stale)`);
  await page.getByTestId('save-org').click();
  await expect(page.getByTestId('conflict')).toContainText('Someone else saved the organisation first');
  await expect(page.getByTestId(`dept-name-${key}`)).toHaveValue(name);
  await expect(page.getByTestId('notice')).toHaveCount(0);

  // The rep's contacts are re-indexed for their new place; wait until that is done.
  await expect
    .poll(async () => (await (await page.request.get('/api/org/reindex')).json()).running, { timeout: 30_000 })
    .toBe(false);

  // A contact the rep owns: the head sees it, and says why.
  const owned = await (await page.request.get(`/api/contacts?owner=${rep.id}&limit=1`)).json();
  const contact = owned.items[0];
  expect(contact).toBeTruthy();
  const asked: string[] = [];
  page.on('request', (r) => {
    if (/\/viewers|split_load_viewers/.test(r.url())) asked.push(r.url());
  });
  await page.goto(`/contacts/${contact.id}`);
  await expect(page.getByTestId('contact-name')).toHaveText(contact.name);
  await page.waitForLoadState('networkidle');
  expect(asked, 'nothing about who can see it is fetched until asked').toEqual([]);
  const who = page.getByTestId('who-can-see');
  const toggle = who.getByRole('button', { name: 'Who can see this' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const headRow = page.getByTestId(`viewer-${head.id}`);
  await expect(headRow).toContainText(head.name);
  await expect(headRow).toContainText(`head of ${name}`);
  await expect(headRow).toContainText(`superior of ${rep.name}`);
  await expect(page.getByTestId(`viewer-${rep.id}`)).toContainText('owner');
  await expect(page.getByTestId(`viewer-${rep.id}`)).toContainText('can change');
  await expect(page.getByTestId('viewers-everyone')).toHaveText(/^Everyone: (Private|Public read only|Public read\/write)$/);
  await expect(page.getByTestId('viewers-admins')).toHaveText('CRM admins: can change');
  await shot(page, 'who-can-see-desktop');

  // The same at a phone's width: nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(headRow).toBeVisible();
  await fitsTheScreen(page, 'who can see this');
  await shot(page, 'who-can-see-phone');
  await page.goto('/admin/org');
  await expect(page.getByTestId(`dept-name-${key}`)).toHaveValue(name);
  await fitsTheScreen(page, 'the organisation');
  await shot(page, 'org-phone');
  expect(errors).toEqual([]);
});

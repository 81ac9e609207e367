import { expect, Page, test } from '@playwright/test';
import {
  fitsTheScreen, keyOf, openOrganisation, reindexDone, setContactSharing, shot, shotOf,
  signInAndWait, signOut, watchErrors,
} from './helpers';

type User = { id: string; email: string; name: string };

/// As an admin: takes the rule `key` out of the chart, if it is there (through the API, so the
/// tests that follow start without it even when the page failed).
async function withoutRule(page: Page, key: string) {
  const chart = await (await page.request.get('/api/org')).json();
  const rules = chart.sharing_rules.filter((r: { key: string }) => r.key !== key);
  if (rules.length !== chart.sharing_rules.length) {
    const put = await page.request.put('/api/org', { data: { ...chart, sharing_rules: rules } });
    expect(put.ok()).toBe(true);
  }
  await reindexDone(page);
}

// Seed 003: with contacts private, a rep does not open another team's contact; an admin adds a
// data sharing rule sharing that rep's records with them, and then they do, and the contact
// says it is the rule that lets them.
test('an admin adds a sharing rule and a rep then opens a colleague’s contact, and sees why', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');
  const users: { items: User[] } = await (await page.request.get('/api/users')).json();
  // Two reps of different teams (the demo's Team West and Team East): neither is the other's
  // superior, so with contacts private neither sees the other's records.
  const owner = users.items.find((u) => u.email === 'rep6@worklane.test')!;
  const reader = users.items.find((u) => u.email === 'rep3@worklane.test')!;
  expect(owner && reader).toBeTruthy();
  const owned = await (await page.request.get(`/api/contacts?owner=${owner.id}&limit=1`)).json();
  const contact = owned.items[0];
  expect(contact).toBeTruthy();

  const name = `${owner.name} to ${reader.name} ${Date.now().toString(36)}`;
  const key = keyOf(name);

  try {
    await setContactSharing(page, 'private');
    await signOut(page);

    // (a) The link to another rep's contact: not found.
    await signInAndWait(page, reader.email);
    await page.goto(`/contacts/${contact.id}`);
    await expect(page.getByTestId('error')).toContainText('Not found');
    await expect(page.getByTestId('error')).toContainText('contact was not found');
    await expect(page.getByTestId('contact-name')).toHaveCount(0);
    await signOut(page);

    // (b) The admin adds a rule: the owner's records, shared with the reader, to read.
    await signInAndWait(page, 'admin@worklane.test');
    await openOrganisation(page);
    const rules = page.getByRole('region', { name: 'Sharing rules' });
    await page.getByTestId('add-rule').click();
    await expect(page.locator('#new-rule-name-error')).toContainText('name');
    await page.getByTestId('new-rule-name').fill(name);
    await page.getByTestId('add-rule').click();
    await expect(page.getByTestId(`rule-name-${key}`)).toHaveValue(name);
    await expect(page.getByTestId('new-rule-name')).toHaveValue('');

    // Whose records and with whom are still to be chosen: saving says so by each.
    await page.getByTestId('save-org').click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await expect(page.locator(`#rule-source-${key}-error`)).toHaveText('choose a user');
    await shotOf(rules, 'org-rules-unchosen');
    await expect(page.locator(`#rule-target-${key}-error`)).toHaveText('choose a user');
    await expect(page.getByTestId('org-errors')).toContainText(`Sharing rule “${name}”: choose a user`);

    // A department shows as its path, as elsewhere on the page.
    await page.getByTestId(`rule-source-kind-${key}`).selectOption('department');
    await expect(page.getByTestId(`rule-source-${key}`).locator('option', { hasText: 'Sales Floor › Team West' })).toHaveCount(1);
    await page.getByTestId(`rule-source-kind-${key}`).selectOption('user');
    await page.getByTestId(`rule-source-${key}`).selectOption(owner.id);
    await page.getByTestId(`rule-target-kind-${key}`).selectOption('group');
    await expect(page.getByTestId(`rule-target-${key}`).locator('option', { hasText: 'Quiz' })).not.toHaveCount(0);

    // The server's refusal shows by the field it names: a rule shares with someone else.
    await page.getByTestId(`rule-target-kind-${key}`).selectOption('user');
    await page.getByTestId(`rule-target-${key}`).selectOption(owner.id);
    await page.getByTestId('save-org').click();
    await expect(page.locator(`#rule-target-${key}-error`)).toContainText('someone else than its source');
    await expect(page.getByTestId(`rule-target-${key}`)).toHaveAttribute('aria-invalid', 'true');
    await shotOf(rules, 'org-rules-refused');
    await expect(page.locator(`#rule-source-${key}-error`)).toHaveCount(0);
    await expect(page.getByTestId('org-errors')).toContainText(`Sharing rule “${name}”`);

    await page.getByTestId(`rule-target-${key}`).selectOption(reader.id);
    await page.getByTestId(`rule-level-${key}`).selectOption('change');
    await page.getByTestId(`rule-level-${key}`).selectOption('read');
    await page.getByTestId('save-org').click();
    await expect(page.getByTestId('notice')).toContainText('Organisation saved');
    await expect(page.getByTestId('form-error')).toHaveCount(0);
    await shot(page, 'org-rule-desktop');
    await shotOf(rules, 'org-rules-desktop');
    await reindexDone(page);

    // Kept: a reload shows it as saved.
    await page.reload();
    await expect(page.getByTestId(`rule-name-${key}`)).toHaveValue(name);
    await expect(page.getByTestId(`rule-source-kind-${key}`)).toHaveValue('user');
    await expect(page.getByTestId(`rule-source-${key}`)).toHaveValue(owner.id);
    await expect(page.getByTestId(`rule-target-kind-${key}`)).toHaveValue('user');
    await expect(page.getByTestId(`rule-target-${key}`)).toHaveValue(reader.id);
    await expect(page.getByTestId(`rule-level-${key}`)).toHaveValue('read');

    // At a phone's width the rule's fields stack, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId(`rule-${key}`)).toBeVisible();
    await fitsTheScreen(page, 'the organisation with a rule');
    await shot(page, 'org-rule-phone');
    await shotOf(rules, 'org-rules-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await signOut(page);

    // (c) The reader opens the link again: the contact, and the rule that lets them see it.
    await signInAndWait(page, reader.email);
    await page.goto(`/contacts/${contact.id}`);
    await expect(page.getByTestId('contact-name')).toHaveText(contact.name);
    const toggle = page.getByTestId('who-can-see').getByRole('button', { name: 'Who can see this' });
    await toggle.click();
    const row = page.getByTestId(`viewer-${reader.id}`);
    await expect(row).toContainText(reader.name);
    await expect(row).toContainText(`sharing rule “${name}”`);
    await expect(row).toContainText('can see');
    await expect(page.getByTestId(`viewer-${owner.id}`)).toContainText('owner');
    await shot(page, 'rule-who-can-see-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(row).toBeVisible();
    await fitsTheScreen(page, 'who can see this');
    await shot(page, 'rule-who-can-see-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await signOut(page);

    // The admin removes the rule on the page; the link is not found again.
    await signInAndWait(page, 'admin@worklane.test');
    await openOrganisation(page);
    await page.getByTestId(`remove-rule-${key}`).click();
    await expect(page.getByTestId(`rule-${key}`)).toHaveCount(0);
    await page.getByTestId('save-org').click();
    await expect(page.getByTestId('notice')).toContainText('Organisation saved');
    await reindexDone(page);
    await page.reload();
    await expect(page.getByTestId('org-form')).toBeVisible();
    await expect(page.getByTestId(`rule-${key}`)).toHaveCount(0);
    await signOut(page);

    await signInAndWait(page, reader.email);
    await page.goto(`/contacts/${contact.id}`);
    await expect(page.getByTestId('error')).toContainText('Not found');
    await signOut(page);
  } finally {
    // (d) Put the demo back for the tests that follow: no rule, contacts public.
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAndWait(page, 'admin@worklane.test');
    await withoutRule(page, key);
    await setContactSharing(page, 'public_read_write');
  }
  expect(errors).toEqual([]);
});

import { expect, Page, test } from '@playwright/test';
import { shot, signInAndWait, watchErrors } from './helpers';

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

async function setContacts(page: Page, key: string) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Who May See What' }).click();
  await expect(page).toHaveURL(/\/admin\/sharing$/);
  const option = page.getByTestId(`contacts-${key}`);
  await option.check();
  const save = page.getByTestId('save-sharing');
  if (await save.isEnabled()) {
    await save.click();
    await expect(page.getByTestId('notice')).toBeVisible();
  }
  await expect(option).toBeChecked();
}

// Issue 9: with contacts private, a link to a colleague's contact is "not found".
test('an admin makes contacts private and a rep no longer opens a colleague’s contact', async ({ page }) => {
  const errors = watchErrors(page);
  await signInAndWait(page, 'admin@worklane.test');
  const users: { items: { id: string; email: string }[] } = await (await page.request.get('/api/users')).json();
  const rep1 = users.items.find((u) => u.email === 'rep1@worklane.test');
  expect(rep1).toBeTruthy();
  const owned = await (await page.request.get(`/api/contacts?owner=${rep1!.id}&limit=1`)).json();
  const theirs = owned.items[0];

  try {
    await setContacts(page, 'private');
    await shot(page, 'admin-sharing-private');
    await signOut(page);

    await signInAndWait(page, 'rep2@worklane.test');
    await page.goto(`/contacts/${theirs.id}`);
    await expect(page.getByTestId('error')).toContainText('Not found');
    await expect(page.getByTestId('error')).toContainText('contact was not found');
    await expect(page.getByText(theirs.name)).toHaveCount(0);
    await shot(page, 'private-contact-not-found');

    // The owner still opens it.
    await signOut(page);
    await signInAndWait(page, 'rep1@worklane.test');
    await page.goto(`/contacts/${theirs.id}`);
    await expect(page.getByTestId('contact-name')).toHaveText(theirs.name);
    await signOut(page);
  } finally {
    // The demo is a sales floor: put it back for the tests that follow.
    await signInAndWait(page, 'admin@worklane.test');
    await setContacts(page, 'public_read_write');
  }
  expect(errors).toEqual([]);
});

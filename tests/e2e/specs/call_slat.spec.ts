import crypto from 'node:crypto';
import { APIRequestContext, expect, Locator, Page, test } from '@playwright/test';
import { fitsTheScreen, shot, shotOf, signInAndWait, watchErrors } from './helpers';

// Seed 002, "The Call Slat": calls reach a rep as Amazon Connect reports them (the signed
// webhook the local simulated phone uses too), or from click-to-call; the slat shows who is on
// the line with a running timer, takes a note and the order id, makes work items, hangs up and
// closes. Every test closes its calls: the slat must not cover the pages of the tests after it.

const SECRET = 'worklane-local-webhook-secret';
const REP = 'rep1@worklane.test';

type Contact = { id: string; name: string; phones: string[]; emails: string[] };

/// A 7-digit stamp, different in each call of a run.
let last = 0;
function stamp(): string {
  last = Math.max(last + 1, Date.now());
  return String(last).slice(-7);
}

/// A new contact of the signed-in rep's, with an email and a number no other contact has.
async function newContact(page: Page, name: string): Promise<Contact> {
  const s = stamp();
  const answer = await page.request.post('/api/contacts', {
    data: { name: `${name} ${s}`, kind: 'Customer', emails: [`call.${s}@example.com`], phones: [`+1 555 ${s.slice(0, 3)} ${s.slice(3)}`] },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  return answer.json();
}

/// Amazon Connect's contact event for `rep`, as its EventBridge rule would relay it, signed like
/// every webhook: X-Worklane-Timestamp and the HMAC-SHA256 of "{timestamp}.{body}".
async function connectEvent(
  request: APIRequestContext,
  eventType: 'CONNECTED_TO_AGENT' | 'DISCONNECTED',
  contactId: string,
  from: string,
  at: string,
) {
  const body = JSON.stringify({
    version: '0',
    id: `${contactId}-${eventType}`,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    time: at,
    detail: {
      eventType,
      contactId,
      channel: 'VOICE',
      initiationMethod: 'INBOUND',
      initiationTimestamp: at,
      disconnectTimestamp: at,
      agentInfo: {
        agentArn: `arn:aws:connect:us-east-1:000000000000:instance/local/agent/${REP}`,
        connectedToAgentTimestamp: at,
      },
      customerEndpoint: { address: from, type: 'TELEPHONE_NUMBER' },
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `sha256=${crypto.createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
  const answer = await request.post('/api/webhooks/connect', {
    headers: { 'content-type': 'application/json', 'X-Worklane-Timestamp': timestamp, 'X-Worklane-Signature': signature },
    data: body,
  });
  expect(answer.status(), await answer.text()).toBe(200);
  const receipt = await answer.json();
  expect(receipt.ignored, JSON.stringify(receipt)).toBeUndefined();
}

/// The slat at 390 px: a bottom sheet, nothing wider than the screen.
async function onAPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page, name);
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/// The timer reads mm:ss and moves on.
async function expectRunning(timer: Locator) {
  await expect(timer).toHaveText(/^\d\d:\d\d$/);
  const before = await timer.innerText();
  await expect(timer).not.toHaveText(before, { timeout: 3_000 });
}

test('an inbound call opens the slat; its note and order id are saved, and the order checks Valid', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await signInAndWait(page, REP);
  const contact = await newContact(page, 'Quinn Caller');

  // During the call the advisor places the order in the shop's admin panel, as Riley Rep.
  const placed = await page.request.post('/demo-sources/shop/admin/sales/order_create/', {
    form: { email: contact.emails[0], advisor: 'Riley Rep', sku: 'SLP-01', qty: '1' },
  });
  expect(placed.status()).toBe(200);
  const order = /<strong id="order-number">([^<]+)<\/strong>/.exec(await placed.text())?.[1];
  expect(order, 'the shop placed the order').toBeTruthy();

  // The call reached the rep a minute ago (so the order was placed within it).
  const began = new Date(Date.now() - 60_000).toISOString();
  const providerId = `e2e-${stamp()}`;
  await connectEvent(request, 'CONNECTED_TO_AGENT', providerId, contact.phones[0], began);
  const slat = page.getByRole('region', { name: `Call with ${contact.name}` });
  await expect(slat, 'the slat opens within 3 s').toBeVisible({ timeout: 3_000 });
  await expect(slat.getByRole('link', { name: contact.name })).toHaveAttribute('href', `/contacts/${encodeURIComponent(contact.id)}`);
  await expect(slat.getByTestId('call-meta')).toHaveText(`Inbound call · ${contact.phones[0]} · Connected`);
  await expectRunning(slat.getByRole('timer'));
  await expect(slat.getByTestId('call-no-open-items')).toBeVisible();
  await shot(page, 'call-slat-desktop');
  await shotOf(slat, 'call-slat-panel-desktop');
  await onAPhone(page, 'call-slat');

  // A note and the order number, saved.
  await slat.getByLabel('Note').fill('Ordered a sleeping pad on the phone');
  await slat.getByLabel('Enter Order Id').fill(order!);
  await slat.getByRole('button', { name: 'Save Note' }).click();
  await expect(slat.getByTestId('call-saved')).toHaveText('Saved');
  // A number that is not one is refused under its field.
  await slat.getByLabel('Enter Order Id').fill('12 34');
  await expect(slat.getByTestId('call-saved')).toHaveCount(0);
  await slat.getByRole('button', { name: 'Save Note' }).click();
  await expect(slat.getByTestId('field-error')).toBeVisible();
  await slat.getByLabel('Enter Order Id').fill(order!);
  await slat.getByRole('button', { name: 'Save Note' }).click();
  await expect(slat.getByTestId('call-saved')).toHaveText('Saved');

  // Hang up: the timer stops and Close takes the place of Hang up.
  await slat.getByRole('button', { name: 'Hang up' }).click();
  await expect(slat.getByRole('button', { name: 'Close' })).toBeVisible();
  await expect(slat.getByRole('button', { name: 'Hang up' })).toHaveCount(0);
  await expect(slat).toHaveAttribute('data-state', 'Ended');
  const stopped = await slat.getByRole('timer').innerText();
  await page.waitForTimeout(1_500);
  await expect(slat.getByRole('timer')).toHaveText(stopped);

  // An admin runs the validation now.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAndWait(admin, 'admin@worklane.test');
  await admin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Shop', exact: true }).click();
  await admin.getByRole('button', { name: 'Run validation now', exact: true }).click();
  await expect(admin.getByTestId('shop-validation-result')).toBeVisible({ timeout: 60_000 });
  await adminContext.close();

  // Back as the rep: the slat's link opens the contact; Close takes the call off the slat.
  await slat.getByRole('link', { name: contact.name }).click();
  await expect(page.getByTestId('contact-name')).toHaveText(contact.name);
  await slat.getByRole('button', { name: 'Close' }).click();
  await expect(slat).toBeHidden();
  await page.getByRole('tab', { name: 'Interactions' }).click();
  const card = page.getByTestId('interaction').filter({ hasText: 'Ordered a sleeping pad on the phone' });
  await expect(card).toHaveCount(1);
  const tag = card.getByTestId('linked-order-tag');
  await expect(tag).toHaveAttribute('data-state', 'Valid');
  await expect(tag).toHaveText(`Order #${order} · Valid`);
  await expect(tag).toHaveClass(/chip-ok/);
  await shotOf(card, 'call-slat-filed-call-valid');
  expect(errors).toEqual([]);
});

test('click-to-call from a contact: the slat makes a Support Ticket, hangs up and closes; the call is on the contact', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await signInAndWait(page, REP);
  const contact = await newContact(page, 'Robin Dial');
  const phone = contact.phones[0];
  await page.goto(`/contacts/${encodeURIComponent(contact.id)}`);
  await expect(page.getByTestId('contact-name')).toHaveText(contact.name);
  await page.getByTestId('contact-phones').getByRole('button', { name: `Call ${phone}` }).click();

  // The slat opens at once with the answer (the simulated contact picks up).
  const slat = page.getByRole('region', { name: `Call with ${contact.name}` });
  await expect(slat).toBeVisible({ timeout: 2_000 });
  await expect(slat.getByTestId('call-meta')).toHaveText(`Outbound call · ${phone} · Connected`);
  await expectRunning(slat.getByRole('timer'));

  // Create work item: a Support Ticket with the call attached, linked from the slat.
  await slat.getByLabel('Type').selectOption({ label: 'Support Ticket' });
  await slat.getByLabel('What the contact needs').fill('The pad arrived with a slow leak');
  await slat.getByRole('button', { name: 'Create work item' }).click();
  const created = slat.getByTestId('call-work-item-created');
  await expect(created).toContainText(/Created Work item #\d+/);
  const number = (await created.getByRole('link').innerText()).replace(/\D/g, '');
  await expect(created.getByRole('link')).toHaveAttribute('href', `/contacts/${encodeURIComponent(contact.id)}/work-items/${number}`);
  await expect(slat.getByTestId('call-open-items')).toContainText(`#${number} Support Ticket – The pad arrived with a slow leak`);
  await shotOf(slat, 'call-slat-work-item-desktop');

  // Minimise keeps the head and its buttons; Expand brings the rest back.
  await slat.getByRole('button', { name: 'Minimise' }).click();
  await expect(slat.getByLabel('Note')).toBeHidden();
  await expect(slat.getByRole('button', { name: 'Hang up' })).toBeVisible();
  await onAPhone(page, 'call-slat-minimised');
  await slat.getByRole('button', { name: 'Expand' }).click();
  await expect(slat.getByLabel('Note')).toBeVisible();

  await slat.getByRole('button', { name: 'Hang up' }).click();
  await slat.getByRole('button', { name: 'Close' }).click();
  await expect(slat).toBeHidden();
  expect((await (await page.request.get('/api/calls')).json()).length, 'nothing left on the slat').toBe(0);

  // The call is on the contact's Interactions tab, on the new work item, with its number to call.
  await page.getByRole('tab', { name: 'Interactions' }).click();
  const card = page.locator('[data-testid="interaction"][data-channel="Call"]');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(`Outbound to ${phone}`);
  await expect(card.getByTestId('interaction-work-item')).toHaveText(`Work item #${number}`);
  await expect(card.getByRole('button', { name: `Call ${phone}` })).toBeVisible();
  await shot(page, 'call-slat-contact-interactions-desktop');
  expect(errors).toEqual([]);
});

test('a call from an unknown number becomes a lead; two calls at once, the newest shown and the other a click away', async ({ page, request }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await signInAndWait(page, REP);
  const known = await newContact(page, 'Avery Known');
  const s = stamp();
  // As the server keeps numbers: digits, with the leading +.
  const unknown = `+1555${s}`;
  const [first, second] = [`e2e-${stamp()}`, `e2e-${stamp()}`];

  await connectEvent(request, 'CONNECTED_TO_AGENT', first, known.phones[0], new Date(Date.now() - 30_000).toISOString());
  await expect(page.getByRole('region', { name: `Call with ${known.name}` })).toBeVisible({ timeout: 3_000 });
  await connectEvent(request, 'CONNECTED_TO_AGENT', second, unknown, new Date().toISOString());

  // The newest call shows: an unknown number, with Create lead.
  const stranger = page.getByRole('region', { name: `Call from ${unknown}` });
  await expect(stranger).toBeVisible({ timeout: 3_000 });
  await expect(stranger.getByTestId('call-unknown')).toHaveText(`Unknown number ${unknown}`);
  const calls = stranger.getByRole('group', { name: 'Calls on the slat' }).getByRole('button');
  await expect(calls).toHaveCount(2);
  await shotOf(stranger, 'call-slat-unknown-number-desktop');
  await onAPhone(page, 'call-slat-unknown-number');

  // Switch to the other call and back.
  await calls.filter({ hasText: known.name }).click();
  await expect(page.getByRole('region', { name: `Call with ${known.name}` })).toBeVisible();
  await page.getByRole('group', { name: 'Calls on the slat' }).getByRole('button', { name: new RegExp(unknown.replace(/\+/g, '\\+')) }).click();
  await expect(stranger).toBeVisible();

  // Create lead: a name is needed; then the call is with the new lead.
  await stranger.getByRole('button', { name: 'Create lead' }).click();
  await expect(stranger.getByTestId('field-error')).toBeVisible();
  const leadName = `Morgan Stranger ${s}`;
  await stranger.getByLabel("Caller's name").fill(leadName);
  await stranger.getByRole('button', { name: 'Create lead' }).click();
  const lead = page.getByRole('region', { name: `Call with ${leadName}` });
  await expect(lead).toBeVisible();

  // The caller hangs up: Connect reports it and the slat follows.
  await connectEvent(request, 'DISCONNECTED', second, unknown, new Date().toISOString());
  await expect(lead.getByRole('button', { name: 'Close' })).toBeVisible({ timeout: 3_000 });
  await lead.getByRole('button', { name: 'Close' }).click();

  // The first call is shown again; the rep ends and closes it too.
  const back = page.getByRole('region', { name: `Call with ${known.name}` });
  await expect(back).toBeVisible();
  await expect(back.getByRole('group', { name: 'Calls on the slat' })).toHaveCount(0);
  await back.getByRole('button', { name: 'Hang up' }).click();
  await back.getByRole('button', { name: 'Close' }).click();
  await expect(back).toBeHidden();

  // The lead is a contact now, marked New Lead.
  const hits = await (await page.request.get(`/api/contacts/search?q=${encodeURIComponent(leadName)}`)).json();
  expect(hits.length).toBeGreaterThan(0);
  await page.goto(`/contacts/${encodeURIComponent(hits[0].id)}`);
  await expect(page.getByTestId('new-lead-badge')).toBeVisible();
  await expect(page.getByTestId('contact-phones')).toContainText(unknown);
  expect(errors).toEqual([]);
});

/**
 * A regulator in a real browser (Debian's Chromium, headless, through playwright-core) against a
 * Warden on a real port: which models run, who called them for what, whether the log is intact,
 * and whether a model treats a group unfairly. Screenshots land in test-artifacts/console/.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { jest } from '@jest/globals';
import { bearer } from '../support/app.js';
import { describeBrowser, ConsoleWorld } from './browser-fixture.js';
import { open, screenshot, until } from './browser-support.js';

jest.setTimeout(180_000);

describeBrowser('console in a real browser: a regulator’s questions', () => {
  const w = new ConsoleWorld();
  beforeAll(() => w.setUp());
  afterEach(() => w.afterEach());
  afterAll(() => w.tearDown());

  it('regulator: sees which models run, who called them for what, and what was refused', async () => {
    const { page } = await w.as('regulator');
    const usage = page.getByRole('table', { name: 'Calls by tenant, model and purpose' });
    const row = usage.getByRole('row').filter({ hasText: w.traffic.tenant.name }).filter({ hasText: 'credit-scoring' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([w.traffic.tenant.name, 'credit-approval', 'credit-scoring', String(w.traffic.allowed + 2), String(w.traffic.consentDenied)]);
    const reasons = page.getByRole('img', { name: /Denied calls by reason/ });
    expect(await reasons.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await reasons.locator('text').allTextContents()).toEqual(expect.arrayContaining(['CONSENT_MISSING', 'PURPOSE_NOT_ALLOWED']));
    await screenshot(page, 'regulator-overview');

    await open(page, '#/models', 'Models');
    const card = page.getByRole('article', { name: 'credit-approval' });
    await card.getByText('Warden demo credit licence (LicenseRef-warden-demo-credit)').waitFor();
    await card.getByText('Warden demo lab: 80.00 %').waitFor();
    await card.getByText('Model card').click();
    await card.getByText('Intended purpose').waitFor();
    expect(await page.getByRole('button', { name: /Suspend/ }).count()).toBe(0);
    await screenshot(page, 'regulator-models');

    await open(page, '#/reviews', 'Review queue');
    await page.getByRole('row').filter({ hasText: 'credit-approval@1.0.0' }).filter({ hasText: 'human-review-of-uncertain-eu-decisions' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
  });

  it('regulator: browses the audit log with filters and pages, and exports it with progress', async () => {
    const { page } = await w.as('regulator');
    await page.getByRole('link', { name: 'Open the denied calls in the audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    // The overview's time window goes with it (it ends now).
    const filters = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(Object.fromEntries(filters)).toEqual({ decision: 'deny', action: 'inference.infer', from: expect.stringMatching(/Z$/) });
    expect(Date.now() - Date.parse(filters.get('from')!)).toBeGreaterThan(30 * 86_400_000 - 60_000);
    await page.getByRole('cell', { name: 'PURPOSE_NOT_ALLOWED' }).first().waitFor();

    const chain = `tenant:${w.traffic.tenant.id}`;
    await page.getByRole('option', { name: new RegExp(w.traffic.tenant.name) }).waitFor({ state: 'attached' });
    await page.getByLabel('Chain').selectOption(chain);
    await page.getByLabel('Events per page').selectOption('25');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const denied = w.traffic.purposeDenied + w.traffic.consentDenied;
    await page.getByRole('table', { name: `Events 1–${denied}, oldest first` }).waitFor();
    const rows = page.getByRole('table', { name: /^Events/ }).locator('tbody > tr:not([hidden])');
    expect(await rows.count()).toBe(denied);
    await rows.first().getByRole('button', { name: 'Details' }).click();
    const details = page.locator('tr:not([hidden]) > td > pre');
    await details.waitFor();
    expect(await details.textContent()).toContain('"stage": "authorise"');
    await screenshot(page, 'regulator-audit-log');

    // Paging through the tenant's whole chain, 25 events a page.
    await page.getByLabel('Decision').selectOption('');
    await page.getByLabel('Action').fill('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('table', { name: 'Events 1–25, oldest first' }).waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('table', { name: /^Events 26–/ }).waitFor();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('table', { name: 'Events 1–25, oldest first' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export matching events as CSV' }).click()]);
    await page.getByText(/Export complete: warden-audit\.csv, \d+ lines/).waitFor();
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^chain_id,seq,time,/);
    expect(csv.slice(1).every((line) => line.startsWith(`${chain},`))).toBe(true);
    const size = (await w.t.http.get('/v1/console/chains').set(bearer(w.keys.regulator))).body.find((c: { chainId: string }) => c.chainId === chain).size;
    expect(csv.length - 1).toBe(size);
    expect(await page.getByRole('progressbar', { name: 'Export progress' }).getAttribute('value')).toBe('1');
    await screenshot(page, 'regulator-audit-export');

    // Clearing empties what was typed, applied or not.
    await page.getByLabel('Model').fill('credit-approval');
    await page.getByLabel('Decision').selectOption('deny');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await until(page, `document.querySelector('input[name=model]').value === '' && document.querySelector('select[name=decision]').value === ''`);
    expect(new URL(page.url()).hash).toBe('#/audit');
  });

  it('regulator: checks the latest signed checkpoint in the browser and verifies chains and ranges with progress', async () => {
    const { page } = await w.as('regulator');
    await open(page, '#/chain', 'Chain status');
    await page.getByText('Signature valid.').waitFor();
    const chains = page.getByRole('table', { name: 'Audit chains' });
    await chains.getByRole('button', { name: `Verify chain of ${w.traffic.tenant.name}` }).click();
    await page.getByText(/^Intact\. \d+ events in 1 chain\(s\)/).waitFor();

    await page.getByLabel('Chain to verify').selectOption(`tenant:${w.traffic.tenant.id}`);
    const size = Number(await page.getByLabel('To event (seq)').inputValue());
    expect(size).toBeGreaterThan(10);
    await page.getByLabel('From event (seq)').fill('3');
    await page.getByRole('button', { name: 'Verify range' }).click();
    await page.getByText(`Intact. Events 3–${size} of tenant:${w.traffic.tenant.id}: ${size - 2} events`).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Range verification progress' }).getAttribute('value')).toBe('1');
    await page.getByLabel('To event (seq)').fill(String(size + 5));
    await page.getByRole('button', { name: 'Verify range' }).click();
    await page.getByText(`This chain holds ${size} events; To must be at most ${size}.`).waitFor();
    await screenshot(page, 'regulator-chain-status');
  });

  it('regulator: sees where the log was changed behind Warden’s back', async () => {
    const tampered = { name: `Tampered Ltd ${w.suffix}`, ...(await w.t.tenant(`Tampered Ltd ${w.suffix}`)) };
    for (const subjectId of ['x-1', 'x-2', 'x-3']) await w.t.http.post('/v1/consents').set(bearer(tampered.key)).send({ subjectId, purpose: 'marketing' });
    const chain = `tenant:${tampered.id}`;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await client.query(`UPDATE audit_events SET details = '{"rewritten": true}' WHERE chain_id = $1 AND seq = 2`, [chain]);
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const { page } = await w.as('regulator');
    await open(page, '#/chain', 'Chain status');
    await page.getByRole('table', { name: 'Audit chains' }).getByRole('button', { name: `Verify chain of ${tampered.name}` }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Broken.' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`${tampered.name} (tenant): chain ${chain}, event 2: hash mismatch`);
    await screenshot(page, 'regulator-chain-broken');
  });

  it('regulator: reads a bias audit as charts of selection rates with intervals and impact ratios against 0.8', async () => {
    const { page } = await w.as('regulator');
    await open(page, '#/fairness', 'Bias audits');
    expect(await page.getByRole('button', { name: 'Run audit' }).count()).toBe(0);
    await page.getByRole('row').filter({ hasText: `Console test loans ${w.suffix}` }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Bias audit' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/fairness/${w.auditId}`);
    await page.getByRole('alert').filter({ hasText: 'Impact ratio below 0.8: female (sex): 0.50.' }).waitFor();
    const rates = page.getByRole('img', { name: /Selection rate by sex, with 95 % confidence intervals/ });
    expect(await rates.getAttribute('aria-labelledby')).toBeTruthy();
    const ratios = page.getByRole('img', { name: /Impact ratio by sex/ });
    await ratios.waitFor();
    expect(await ratios.locator('.threshold').count()).toBe(1);
    expect(await ratios.locator('rect.fail').count()).toBe(1);
    const female = page.getByRole('table', { name: 'Groups by sex' }).getByRole('row').filter({ hasText: 'female' });
    expect(await female.getByRole('cell').allTextContents()).toEqual(['female', '100', '30', '0.300 [0.219, 0.396]', '0.500', 'FAIL', '< 0.0001', 'significant']);
    await page.getByRole('table', { name: 'Every metric that failed its threshold' }).getByRole('cell', { name: 'impactRatio' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download groups as CSV' }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toMatch(/^grouping,sex,/);
    await screenshot(page, 'regulator-bias-audit');
  });

  it('regulator: reads the policy history with the rules each version adds, removes and changes', async () => {
    const { page } = await w.as('regulator');
    await open(page, '#/policies', 'Policy history');
    await page.getByRole('link', { name: `Version ${w.draftVersion}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Policy version ${w.draftVersion}` }).waitFor();
    await page.getByText('Added rule console-review-marker').waitFor();
    await page.getByText(/1 rule\(s\) added, 0 removed, 0 changed/).waitFor();
    expect(await page.getByRole('link', { name: 'Policy editor' }).count()).toBe(0);
    await screenshot(page, 'regulator-policy-diff');
  });
});

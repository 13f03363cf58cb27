/**
 * Each role in a real browser (Debian's Chromium, headless, through playwright-core) against a
 * Warden on a real port: signing in, an admin's and a licensor's main paths, what each role is
 * refused, and use with labels and the keyboard alone. Screenshots land in test-artifacts/console/.
 */
import { jest } from '@jest/globals';
import { parseDocument } from 'yaml';
import { bearer } from '../support/app.js';
import { describeBrowser, ConsoleWorld } from './browser-fixture.js';
import { creditExample } from './traffic.js';
import { fetchFromPage, focused, loaded, navLinks, open, screenshot, storage, unnamed, until } from './browser-support.js';

jest.setTimeout(180_000);

describeBrowser('console in a real browser: signing in, admins, licensors, denials and accessibility', () => {
  const w = new ConsoleWorld();
  beforeAll(() => w.setUp());
  afterEach(() => w.afterEach());
  afterAll(() => w.tearDown());

  it('signs each role in with its key, keeps the key in session storage only, and loads nothing from elsewhere', async () => {
    const expected = {
      regulator: ['Overview', 'Models', 'Audit log', 'Chain status', 'Bias audits', 'Policy history', 'Review queue'],
      admin: ['Overview', 'Models', 'Audit log', 'Chain status', 'Bias audits', 'Policy history', 'Review queue', 'Tenants and keys', 'Policy editor', 'Earnings and statements'],
      licensor: ['Models', 'Earnings and statements'],
    };
    for (const role of ['regulator', 'admin', 'licensor'] as const) {
      const { page, requests } = await w.as(role);
      expect(await page.locator('[data-role]').getAttribute('data-role')).toBe(role);
      expect(await navLinks(page)).toEqual(expected[role]);
      await page.getByRole('heading', { level: 1, name: role === 'licensor' ? 'Earnings and statements' : 'Overview' }).waitFor();
      await screenshot(page, `sign-in-${role}`);
      const stored = await storage(page);
      expect(stored).toEqual({ session: { 'warden.console.apiKey': w.keys[role] }, local: 0, cookie: '' });
      expect(requests.every((url) => url.startsWith(`${w.base}/`))).toBe(true);
      expect(requests.some((url) => url.includes(w.keys[role]))).toBe(false);
      expect(page.url()).not.toContain(w.keys[role]);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the Warden console' }).waitFor();
      expect((await storage(page)).session).toEqual({});
    }
  });

  it('refuses an unknown key and a tenant key at sign-in, saying why', async () => {
    const context = await w.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${w.base}/console`);
      await page.getByLabel('API key').fill('wdn_this-key-was-never-issued-by-warden');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'This key was refused: API key is not valid.' }).waitFor();
      expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'sign-in-refused');
      await page.getByLabel('API key').fill(w.traffic.tenant.key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Tenant keys are for the API, not this console.' }).waitFor();
      expect((await storage(page)).session).toEqual({});
    } finally {
      await context.close();
    }
  });

  it('admin: creates a tenant and a key it sees once, then revokes the key', async () => {
    const { page } = await w.as('admin');
    await open(page, '#/tenants', 'Tenants and keys');
    const name = `Console Made ${w.suffix}`;
    await page.getByLabel('New tenant name').fill(name);
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('status').filter({ hasText: `Created tenant ${name} (` }).waitFor();
    expect((await w.t.http.get('/v1/admin/tenants').set(bearer(w.t.adminKey))).body.map((x: { name: string }) => x.name)).toContain(name);

    await page.getByLabel('Role of the new key').selectOption('regulator');
    await page.getByLabel('Key name').fill(`console auditor ${w.suffix}`);
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByLabel('The new API key').textContent())!.trim();
    expect(secret).toMatch(/^wdn_/);
    expect((await w.t.http.get('/v1/console/session').set(bearer(secret))).body.role).toBe('regulator');
    await screenshot(page, 'admin-key-created');

    await page.getByRole('button', { name: 'Done: refresh the list' }).click();
    const row = page.getByRole('row').filter({ hasText: `console auditor ${w.suffix}` });
    await row.getByRole('button', { name: /^Revoke / }).click();
    await row.getByRole('button', { name: /^Confirm revoking / }).click();
    await page.getByText(/^Revoked wdn_.*: it no longer works\.$/).waitFor();
    await page.getByRole('row').filter({ hasText: `console auditor ${w.suffix}` }).waitFor({ state: 'detached' });
    const after = await w.t.http.get('/v1/console/session').set(bearer(secret));
    expect({ status: after.status, body: after.body }).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 'AUTH_REVOKED' }) } });
  });

  it('admin: suspends a model with a reason and resumes it', async () => {
    const { page } = await w.as('admin');
    const call = () => w.t.http.post('/v1/models/support-router/infer').set(bearer(w.traffic.tenant.key)).send({ purpose: 'customer-support', subject: { id: 's-1' }, inputs: { message: 'Where is my parcel?' } });
    try {
      await open(page, '#/models', 'Models');
      const card = page.getByRole('article', { name: 'support-router' });
      await card.getByRole('button', { name: 'Suspend 1.0.0' }).click();
      await card.getByRole('alert').filter({ hasText: 'Give a reason' }).waitFor();
      await card.getByLabel('Reason for a status change of support-router').fill('Misrouting complaints under investigation');
      await card.getByRole('button', { name: 'Suspend 1.0.0' }).click();
      await page.getByText('support-router@1.0.0 is now suspended.').waitFor();
      expect((await call()).body.error.code).toBe('MODEL_SUSPENDED');
      await screenshot(page, 'admin-model-suspended');
      const resume = page.getByRole('article', { name: 'support-router' }).getByRole('button', { name: 'Resume 1.0.0' });
      await resume.waitFor();
      await page.getByRole('article', { name: 'support-router' }).getByRole('cell', { name: /Misrouting complaints under investigation/ }).waitFor();
      await page.getByRole('article', { name: 'support-router' }).getByLabel('Reason for a status change of support-router').fill('Investigation closed');
      await resume.click();
      await page.getByText('support-router@1.0.0 is now active.').waitFor();
      expect((await call()).status).toBe(200);
    } finally {
      await w.t.http.post('/v1/admin/models/support-router/versions/1.0.0/status').set(bearer(w.t.adminKey)).send({ status: 'active', reason: 'restored after the console test' });
    }
  });

  it('admin: validates a policy, sees its dry-run and diff, and only then puts it in force', async () => {
    const { page } = await w.as('admin');
    const before = (await w.t.http.get('/v1/policies/active').set(bearer(w.t.adminKey))).body;
    try {
      await open(page, '#/policy-editor', 'Policy editor');
      const editor = page.getByLabel('Policy (YAML)');
      await until(page, `document.querySelector('textarea').value.includes(${JSON.stringify(before.name)})`);
      await editor.fill(`name: broken\nrules:\n  - id: Not Kebab\n    kind: usage\n    effect: allow\n`);
      await page.getByRole('button', { name: 'Validate' }).click();
      const problems = page.getByRole('alert').filter({ hasText: 'problem(s)' });
      await problems.waitFor();
      expect(await problems.textContent()).toMatch(/Line \d+, column \d+/);
      expect(await editor.getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'admin-policy-invalid');

      const doc = parseDocument(before.source);
      doc.set('description', `The default policy, reviewed in the console (${w.suffix}).`);
      await editor.fill(String(doc));
      await page.getByLabel('Reason for this version').fill('Describe the reviewed policy');
      await page.getByLabel('Dry-run against').selectOption('1000');
      await page.getByRole('button', { name: 'Save draft and dry-run' }).click();
      await page.getByText(/^Dry-run complete: [\d,]+ recorded decisions replayed\.$/).waitFor();
      const result = page.getByRole('list', { name: 'Dry-run result' });
      expect(await result.getByRole('listitem').filter({ hasText: 'would change' }).locator('.value').textContent()).toBe('0');
      await page.getByText(/0 rule\(s\) added, 0 removed, 0 changed/).waitFor();
      const activate = page.getByRole('button', { name: /^Activate version \d+$/ });
      const version = Number((await activate.textContent())!.replace(/\D+/g, ''));
      expect((await w.t.http.get('/v1/policies/active').set(bearer(w.t.adminKey))).body.version).toBe(before.version);
      await screenshot(page, 'admin-policy-dry-run');

      await page.getByLabel('Reason for activation').fill('Reviewed: same rules, clearer description');
      await activate.click();
      await page.getByText(`Version ${version} is now in force on every instance.`).waitFor();
      expect((await w.t.http.get('/v1/policies/active').set(bearer(w.t.adminKey))).body).toEqual(expect.objectContaining({ version, activationReason: 'Reviewed: same rules, clearer description' }));
    } finally {
      const now = (await w.t.http.get('/v1/policies/active').set(bearer(w.t.adminKey))).body;
      if (now.version !== before.version) await w.t.http.post(`/v1/admin/policies/${before.version}/activate`).set(bearer(w.t.adminKey)).send({ reason: 'restored after the console test' });
    }
  });

  it('admin: works the review queue, confirming a held decision with a reason', async () => {
    const { page } = await w.as('admin');
    await open(page, '#/reviews', 'Review queue');
    const label = `Reason for review ${w.reviewId.slice(0, 8)}`;
    await page.getByLabel(label).fill('Income verified by phone');
    const row = page.getByRole('row').filter({ has: page.getByLabel(label) });
    await row.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    await page.getByLabel(label).waitFor({ state: 'detached' });
    const reviews = (await w.t.http.get('/v1/reviews?status=confirmed').set(bearer(w.t.adminKey))).body;
    expect(reviews.find((r: { id: string }) => r.id === w.reviewId)).toEqual(expect.objectContaining({ status: 'confirmed', reason: 'Income verified by phone' }));
  });

  it("admin: overrides the one held row of a batch by choosing among the model's labels", async () => {
    const infer = (body: Record<string, unknown>) =>
      w.t.http.post('/v1/models/credit-approval/infer').set(bearer(w.traffic.tenant.key)).send({ purpose: 'credit-scoring', subject: { id: `${w.traffic.tenant.name}-applicant-0` }, explain: false, ...body });
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...creditExample(), annualIncome: 15000 + i * 2500 }));
    const scores = (await infer({ inputs: batch, context: { jurisdiction: 'US' } })).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const uncertain = batch[scores.findIndex((p: number) => p >= 0.4 && p <= 0.6)];
    const clear = batch[scores.findIndex((p: number) => p < 0.2 || p > 0.8)];
    const held = await infer({ inputs: [clear, uncertain], context: { jurisdiction: 'DE' } });
    const id = held.body.review.id as string;
    const { page } = await w.as('admin');
    await open(page, '#/reviews', 'Review queue');
    const choice = page.getByLabel(`Label for row 2 of review ${id.slice(0, 8)}`);
    const other = held.body.outputs[1].label === 'approved' ? 'declined' : 'approved';
    await choice.selectOption(other);
    await page.getByLabel(`Reason for review ${id.slice(0, 8)}`).fill('Second reviewer disagrees');
    await page.getByRole('row').filter({ has: choice }).getByRole('button', { name: 'Override' }).click();
    await choice.waitFor({ state: 'detached' });
    const reviews = (await w.t.http.get('/v1/reviews?status=overridden').set(bearer(w.t.adminKey))).body;
    expect(reviews.find((r: { id: string }) => r.id === id)).toEqual(expect.objectContaining({ rows: [1], decision: { labels: [other] }, reason: 'Second reviewer disagrees' }));
  });

  it('licensor: reads earnings per model over time as a chart, and the statements of closed periods', async () => {
    const { page } = await w.as('licensor');
    await page.getByRole('heading', { level: 1, name: 'Earnings and statements' }).waitFor();
    await page.getByText('What models earned for Warden demo lab').waitFor();
    const chart = page.getByRole('img', { name: /Earnings in EUR per day, by model/ });
    await chart.waitFor();
    expect(await chart.locator('rect').count()).toBeGreaterThan(0);
    await page.getByRole('figure').filter({ hasText: 'Earnings in EUR per day' }).getByRole('listitem').filter({ hasText: 'credit-approval' }).waitFor();
    const totals = page.getByRole('table', { name: /^Totals from/ }).getByRole('row').filter({ hasText: 'credit-approval@1.0.0' });
    expect(await totals.getByRole('cell').nth(2).textContent()).toMatch(/^€\d/);
    const statements = page.getByRole('table', { name: 'Statements of closed periods, newest first' });
    await statements.getByText(/credit-approval@1\.0\.0: €/).first().waitFor();
    await screenshot(page, 'licensor-earnings');
  });

  it('shows each role only what it may do, and the server refuses the rest', async () => {
    const licensor = (await w.as('licensor')).page;
    await open(licensor, '#/audit', 'Not available to your role');
    await licensor.getByRole('alert').filter({ hasText: 'A licensor key cannot open “Audit log”: it needs read:AuditLog.' }).waitFor();
    expect(await navLinks(licensor)).not.toContain('Audit log');
    expect(await fetchFromPage(licensor, 'GET', '/v1/audit/events')).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'FORBIDDEN', details: { permission: 'read:AuditLog', role: 'licensor' } }) } });
    expect((await fetchFromPage(licensor, 'GET', '/v1/console/overview')).status).toBe(403);
    await screenshot(licensor, 'licensor-denied');

    const regulator = (await w.as('regulator')).page;
    await open(regulator, '#/tenants', 'Not available to your role');
    expect(await regulator.getByRole('link', { name: 'Overview' }).count()).toBeGreaterThan(0);
    const refused = await fetchFromPage(regulator, 'POST', '/v1/admin/models/support-router/versions/1.0.0/status', { status: 'suspended', reason: 'a regulator may not' });
    expect(refused).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'FORBIDDEN', details: { permission: 'update:Model', role: 'regulator' } }) } });
    expect((await w.t.http.get('/v1/models/support-router').set(bearer(w.t.adminKey))).body.activeVersion.status).toBe('active');
  });

  it('names every control, chart and link, and works from the keyboard alone', async () => {
    const context = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${w.base}/console`);
      await page.getByRole('heading', { name: 'Sign in to the Warden console' }).waitFor();
      expect(await unnamed(page)).toEqual([]);
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'input', label: 'API key' }));
      await page.keyboard.type(w.keys.regulator);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'h1', text: 'Overview' }));

      // The skip link comes first, before the header's controls, and lands on the page's content.
      await page.getByRole('button', { name: 'Sign out' }).focus();
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'a', text: 'Skip to content' }));
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('main');
      // and keeps the page's address, so that a reload shows the same page.
      expect(new URL(page.url()).hash).toBe('#/overview');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

      // From the header, Tab on into the section list to "Audit log", and open it with Enter.
      await page.getByRole('button', { name: 'Sign out' }).focus();
      let steps = 0;
      while ((await focused(page)).text !== 'Audit log' && steps++ < 30) await page.keyboard.press('Tab');
      expect((await focused(page)).tag).toBe('a');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'h1', text: 'Audit log' }));
      await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'select', label: 'Chain' }));
      await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual(expect.objectContaining({ tag: 'input', label: 'Model' }));
      await screenshot(page, 'keyboard-audit-log');

      for (const [hash, heading] of [
        ['#/overview', 'Overview'],
        ['#/audit', 'Audit log'],
        ['#/chain', 'Chain status'],
        [`#/fairness/${w.auditId}`, 'Bias audit'],
        ['#/models', 'Models'],
        [`#/policies/${w.draftVersion}`, `Policy version ${w.draftVersion}`],
        ['#/reviews', 'Review queue'],
      ] as const) {
        await open(page, hash, heading);
        await loaded(page);
        expect({ page: hash, unnamed: await unnamed(page) }).toEqual({ page: hash, unnamed: [] });
      }
    } finally {
      await context.close();
    }
    for (const [role, pages] of [
      ['admin', [['#/tenants', 'Tenants and keys'], ['#/policy-editor', 'Policy editor'], ['#/fairness', 'Bias audits']]],
      ['licensor', [['#/earnings', 'Earnings and statements']]],
    ] as const) {
      const { page } = await w.as(role);
      for (const [hash, heading] of pages) {
        await open(page, hash, heading);
        await loaded(page);
        expect({ page: hash, unnamed: await unnamed(page) }).toEqual({ page: hash, unnamed: [] });
      }
    }
  });
});

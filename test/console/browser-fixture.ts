import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { parseDocument } from 'yaml';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';
import { CHROMIUM, missingBrowser, signIn, skipReason, type Session } from './browser-support.js';
import { buildConsoleInto, creditExample, disparateCsv, sendTraffic, type Traffic } from './traffic.js';

/** `describe`, or `describe.skip` (with the reason in its name) when skipping the browser was asked for. */
export function describeBrowser(name: string, body: () => void): void {
  const skip = skipReason();
  if (skip) describe.skip(`${name} [skipped: ${skip}]`, body);
  else describe(name, body);
}

type Role = 'regulator' | 'admin' | 'licensor';

/**
 * A Warden listening on a real port, serving a freshly built console, with something to show:
 * a tenant's allowed and denied calls, a decision held for review, a bias audit with a breach, a
 * policy draft, a closed period with statements and a signed checkpoint; and a Chromium to look
 * at it with, one browser profile per signed-in role.
 */
export class ConsoleWorld {
  t: TestApp;
  base: string;
  browser: Browser;
  keys: Record<Role, string>;
  traffic: Traffic;
  auditId: string;
  draftVersion: number;
  reviewId: string;
  readonly suffix = `${process.pid}-${Date.now().toString(36)}`;
  private dir: string | undefined;
  private readonly sessions: Session[] = [];

  async setUp(): Promise<void> {
    const missing = missingBrowser();
    if (missing) throw missing;
    this.dir = buildConsoleInto();
    const t = (this.t = await startTestApp({ WARDEN_CONSOLE_DIR: this.dir }));
    await t.app.listen(0, '127.0.0.1');
    this.base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const admin = bearer(t.adminKey);

    const party = (await t.http.get('/v1/admin/parties').set(admin)).body.find((p: { name: string }) => p.name === 'Warden demo lab');
    this.keys = { regulator: await t.key('regulator'), licensor: await t.key('licensor', { partyId: party.id }), admin: t.adminKey };
    // Enough calls that the tenant's chain fills more than one page of the audit log.
    const traffic = (this.traffic = await sendTraffic(t, `Console Bank ${this.suffix}`, { allowed: 12, purposeDenied: 2, consentDenied: 3 }));

    // An uncertain decision about an EU applicant, held for human review by the default policy.
    const batch = Array.from({ length: 40 }, (_, i) => ({ ...creditExample(), annualIncome: 15000 + i * 2500 }));
    const infer = (body: Record<string, unknown>) =>
      t.http.post('/v1/models/credit-approval/infer').set(bearer(traffic.tenant.key)).send({ purpose: 'credit-scoring', subject: { id: `${traffic.tenant.name}-applicant-0` }, explain: false, ...body });
    const scores = (await infer({ inputs: batch, context: { jurisdiction: 'US' } })).body.outputs.map((o: { approvalProbability: number }) => o.approvalProbability);
    const held = await infer({ inputs: batch[scores.findIndex((p: number) => p >= 0.4 && p <= 0.6)], context: { jurisdiction: 'DE' } });
    if (held.body.review?.status !== 'open') throw new Error(`No decision was held for review: ${JSON.stringify(held.body)}`);
    this.reviewId = held.body.review.id;

    const audit = await t.http.post('/v1/fairness/audits').set(admin).send({ source: 'dataset', csv: disparateCsv(), columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1, description: `Console test loans ${this.suffix}` });
    if (audit.status !== 201) throw new Error(`The bias audit failed: ${audit.status} ${JSON.stringify(audit.body)}`);
    this.auditId = audit.body.id;

    // A draft (never activated) that adds one rule, for the policy history's diff.
    const active = (await t.http.get('/v1/policies/active').set(admin)).body;
    const doc = parseDocument(active.source);
    (doc.get('rules') as { add(v: unknown): void }).add(doc.createNode({ id: 'console-review-marker', kind: 'usage', effect: 'deny', description: 'Refuses a purpose nobody uses.', when: { purpose: 'console-test-unused-purpose' } }));
    const draft = await t.http.post('/v1/admin/policies').set(admin).send({ source: String(doc), reason: 'Console test draft' });
    if (draft.status !== 201) throw new Error(`The policy draft failed: ${draft.status} ${JSON.stringify(draft.body)}`);
    this.draftVersion = draft.body.version;

    // Close the period so far, so the licensor has a statement, and sign a checkpoint over all of it.
    const closed = (await t.http.get('/v1/admin/settlements').set(admin)).body as { period: { to: string } }[];
    const from = closed.length ? closed[0].period.to : new Date(Date.now() - 3_600_000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const settled = await t.http.post('/v1/admin/settlements').set(admin).send({ from, to: new Date().toISOString() });
    if (settled.status !== 202) throw new Error(`Closing the period failed: ${settled.status} ${JSON.stringify(settled.body)}`);
    await t.app.get(JobsService).drain();
    const checkpoint = await t.http.post('/v1/audit/checkpoints').set(admin);
    if (checkpoint.status !== 201) throw new Error(`Signing a checkpoint failed: ${checkpoint.status}`);

    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }

  /** A new browser profile signed in as `role`; closed after the test. */
  async as(role: Role): Promise<Session> {
    const session = await signIn(this.browser, this.base, this.keys[role]);
    this.sessions.push(session);
    return session;
  }

  /** Closes the test's browser profiles; the page must have logged no error and thrown nothing. */
  async afterEach(): Promise<void> {
    const errors = this.sessions.flatMap((s) => s.errors);
    await Promise.all(this.sessions.splice(0).map((s) => s.context.close()));
    expect(errors).toEqual([]);
  }

  async tearDown(): Promise<void> {
    await this.browser?.close();
    await this.t?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, type TestApp } from '../support/app.js';

export const creditExample = (): Record<string, unknown> => JSON.parse(readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.json'), 'utf8')).example;

/** Builds the console the way `npm run build` does, into a fresh folder, and returns it. */
export function buildConsoleInto(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-console-'));
  execFileSync(process.execPath, [path.resolve(process.cwd(), 'console/build.mjs'), dir], { stdio: 'pipe' });
  return dir;
}

export interface Traffic {
  tenant: { id: string; key: string; name: string };
  allowed: number;
  purposeDenied: number;
  consentDenied: number;
}

/**
 * Governed calls from one new tenant: `allowed` credit decisions with consent, `purposeDenied`
 * calls for marketing (the model is only for credit scoring) and `consentDenied` calls about
 * subjects who never consented.
 */
export async function sendTraffic(t: TestApp, name: string, counts = { allowed: 6, purposeDenied: 2, consentDenied: 3 }): Promise<Traffic> {
  const created = await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).send({ name });
  if (created.status !== 201) throw new Error(`Creating tenant ${name} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const tenant = { id: created.body.id as string, key: await t.key('tenant', { tenantId: created.body.id }), name };
  const infer = (body: Record<string, unknown>) => t.http.post('/v1/models/credit-approval/infer').set(bearer(tenant.key)).send({ inputs: creditExample(), context: { jurisdiction: 'US' }, explain: false, ...body });
  const expectAnswer = (res: { status: number; body: { error?: { code: string } } }, what: string, status: number, code?: string) => {
    if (res.status !== status || (code && res.body.error?.code !== code)) throw new Error(`${what}: expected ${status}${code ? ` ${code}` : ''}, got ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (let i = 0; i < counts.allowed; i++) {
    const subjectId = `${name}-applicant-${i}`;
    expectAnswer(await t.http.post('/v1/consents').set(bearer(tenant.key)).send({ subjectId, purpose: 'credit-scoring' }), 'granting consent', 201);
    expectAnswer(await infer({ purpose: 'credit-scoring', subject: { id: subjectId } }), 'an allowed call', 200);
  }
  for (let i = 0; i < counts.purposeDenied; i++) {
    expectAnswer(await infer({ purpose: 'marketing', subject: { id: `${name}-applicant-0` } }), 'a call for another purpose', 403, 'PURPOSE_NOT_ALLOWED');
  }
  for (let i = 0; i < counts.consentDenied; i++) {
    expectAnswer(await infer({ purpose: 'credit-scoring', subject: { id: `${name}-stranger-${i}` } }), 'a call without consent', 403, 'CONSENT_MISSING');
  }
  return { tenant, ...counts };
}

/** A CSV of decisions where women are selected at half the rate of men: impact ratio 0.5. */
export function disparateCsv(): string {
  const rows = ['decision,sex'];
  for (let i = 0; i < 100; i++) rows.push(`${i < 60 ? 1 : 0},male`);
  for (let i = 0; i < 100; i++) rows.push(`${i < 30 ? 1 : 0},female`);
  return `${rows.join('\n')}\n`;
}

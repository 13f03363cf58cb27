/**
 * Demo traffic for the bias audit of the synthetic credit model:
 *
 *   npm run demo:traffic -- [baseUrl] [adminKey] [applicants]
 *   (or WARDEN_URL, WARDEN_ADMIN_KEY and DEMO_APPLICANTS in the environment)
 *
 * Against a running Warden it creates a tenant (a bank) and a key for it, then for each generated
 * applicant (src/models/training/credit-applicants.ts, a seed the models were not trained on):
 * records the applicant's consent to credit-scoring and to fairness-monitoring, sends the
 * application through the governed endpoint with the applicant's protected attributes (kept by the
 * consent stage for fairness monitoring only; the model never sees them), and reports the true
 * outcome later (approved when the loan would have been repaid). Then the bank audits its own
 * traffic, and an admin schedules the model's audit and runs it now: both find the disparity the
 * historical decisions built into the model.
 */
import { generateApplicants, type Applicant } from '../src/models/training/credit-applicants.js';

const DEMO_SEED = 2025;
const CONCURRENCY = 8;

const baseUrl = (process.argv[2] ?? process.env.WARDEN_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const adminKey = process.argv[3] ?? process.env.WARDEN_ADMIN_KEY;
const count = Number(process.argv[4] ?? process.env.DEMO_APPLICANTS ?? 800);

async function api<T = Record<string, unknown>>(key: string, method: string, path: string, body?: unknown): Promise<T> {
  for (;;) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // The default policy allows 600 calls a minute per tenant and model: wait for the next window.
    if (res.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 5)));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

/** Runs `work` over `items`, a few at a time. */
async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

interface AuditResult {
  id: string;
  status: string;
  total: { n: number };
  data: { withAttributes?: number };
  groups: { grouping: string[]; attributes: Record<string, string>; n: number; selectionRate: { value: number; lower: number; upper: number } | null }[];
  verdicts: { metric: string; grouping: string[]; group: Record<string, string>; value: number | null; pass: boolean | null; pValue: number | null }[];
  breachCount: number;
  consequenceResult?: Record<string, unknown> | null;
}

function printAudit(title: string, audit: AuditResult, attributes: string[]): void {
  console.log(`\n${title}: audit ${audit.id}, ${audit.total.n} decisions (${audit.data.withAttributes ?? 0} with consented attributes), status ${audit.status}, ${audit.breachCount} breach(es)`);
  for (const attribute of attributes) {
    console.log(`  ${attribute}`);
    for (const g of audit.groups.filter((x) => x.grouping.join() === attribute)) {
      const v = audit.verdicts.find((x) => x.metric === 'impactRatio' && x.grouping.join() === attribute && x.group[attribute] === g.attributes[attribute]);
      const rate = g.selectionRate ? `${g.selectionRate.value.toFixed(3)} [${g.selectionRate.lower.toFixed(3)}, ${g.selectionRate.upper.toFixed(3)}]` : 'n/a';
      const p = v?.pValue == null ? '' : v.pValue < 1e-4 ? ', p < 0.0001' : `, p = ${v.pValue.toFixed(4)}`;
      const ratio = v?.value == null ? '' : `impact ratio ${v.value.toFixed(2)} ${v.pass ? 'pass' : 'FAIL'}${p}`;
      console.log(`    ${g.attributes[attribute].padEnd(11)} n=${String(g.n).padEnd(5)} approval rate ${rate}  ${ratio}`);
    }
  }
}

async function main(): Promise<void> {
  if (!adminKey) throw new Error('Give the admin key: npm run demo:traffic -- <baseUrl> <adminKey> (or WARDEN_ADMIN_KEY)');
  if (!Number.isSafeInteger(count) || count < 50) throw new Error('applicants must be a whole number of at least 50');
  const started = new Date(Date.now() - 60_000);

  const tenant = await api<{ id: string }>(adminKey, 'POST', '/v1/admin/tenants', { name: `demo-bank-${Date.now()}` });
  const { key } = await api<{ key: string }>(adminKey, 'POST', '/v1/admin/keys', { role: 'tenant', tenantId: tenant.id, name: 'demo bank backend' });
  console.log(`tenant ${tenant.id}: sending ${count} credit applications`);

  const applicants = generateApplicants(count, DEMO_SEED);
  let sent = 0;
  await pool(applicants, async (a: Applicant) => {
    const subjectId = `demo-applicant-${a.id}`;
    for (const purpose of ['credit-scoring', 'fairness-monitoring']) await api(key, 'POST', '/v1/consents', { subjectId, purpose });
    const decision = await api<{ requestId: string }>(key, 'POST', '/v1/models/credit-approval/infer', {
      purpose: 'credit-scoring',
      subject: { id: subjectId, attributes: { ...a.protected } },
      inputs: a.features,
      context: { jurisdiction: 'US' },
      explain: false,
    });
    // Later the bank learns what happened: the applicant should have been approved if the loan was repaid.
    await api(key, 'POST', '/v1/outcomes', { requestId: decision.requestId, label: a.defaulted ? 'declined' : 'approved' });
    if (++sent % 200 === 0) console.log(`  ${sent} applications decided and their outcomes reported`);
  });

  const window = { from: started.toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
  const attributes = ['sex', 'ethnicity'];
  const own = await api<AuditResult>(key, 'POST', '/v1/fairness/audits', { source: 'live', model: 'credit-approval', ...window, attributes, favorable: 'approved' });
  printAudit('The bank audits its own traffic', own, attributes);

  await api(adminKey, 'PUT', '/v1/admin/fairness/schedules/credit-approval', { everyMs: 86_400_000, window: 'P1D', attributes, favorable: 'approved', consequence: 'notify' });
  const scheduled = await api<AuditResult>(adminKey, 'POST', '/v1/admin/fairness/schedules/credit-approval/run');
  printAudit('The scheduled audit of credit-approval (every tenant, last day)', scheduled, attributes);
  console.log(`  consequence: ${JSON.stringify(scheduled.consequenceResult)}`);
  console.log(`\nRead them back: GET ${baseUrl}/v1/fairness/audits/${scheduled.id} (also ?format=csv, and /ll144?raceEthnicity=ethnicity)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

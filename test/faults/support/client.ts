import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** JSON over HTTP to one Warden, as one API key. */
export class Client {
  constructor(
    readonly base: string,
    readonly key?: string,
  ) {}

  as(key: string): Client {
    return new Client(this.base, key);
  }

  at(base: string): Client {
    return new Client(base, this.key);
  }

  async request(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${pathAndQuery}`, {
      method,
      headers: {
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(p: string): Promise<Answer> {
    return this.request('GET', p);
  }

  post(p: string, body: unknown = {}): Promise<Answer> {
    return this.request('POST', p, body);
  }

  put(p: string, body: unknown = {}): Promise<Answer> {
    return this.request('PUT', p, body);
  }

  /** `request`, failing the test unless the status is the expected one. */
  async ok(method: string, p: string, body?: unknown, expected = [200, 201, 202, 204]): Promise<Answer> {
    const res = await this.request(method, p, body);
    if (!expected.includes(res.status)) throw new Error(`${method} ${p} answered ${res.status}: ${res.text.slice(0, 500)}`);
    return res;
  }
}

export const example = (model: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.resolve(process.cwd(), `models/${model}@1.0.0.json`), 'utf8')).example;

/** The one error envelope: `{ error: { code, message, details?, requestId } }`. */
export function envelopeProblem(body: unknown): string | null {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return 'no error object';
  if (typeof error.code !== 'string' || !/^[A-Z_]+$/.test(error.code)) return 'error.code is not a code';
  if (typeof error.message !== 'string' || !error.message) return 'error.message is missing';
  if (typeof error.requestId !== 'string' || !error.requestId) return 'error.requestId is missing';
  if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null)) return 'error.details is not an object';
  const extra = Object.keys(body as object).filter((k) => k !== 'error');
  if (extra.length) return `unexpected top-level fields ${extra.join(', ')}`;
  if (/at [^"]*\.(js|ts):\d+|node_modules\/|QueryFailedError|duplicate key value/.test(JSON.stringify(body))) return 'internals leak into the body';
  return null;
}

export interface TenantSetup {
  id: string;
  key: string;
  subjects: string[];
}

let counter = 0;

/** A tenant with a tenant key and `subjects` who consented to credit-scoring. */
export async function tenantWithConsent(admin: Client, subjects = 4, label = 'faults'): Promise<TenantSetup> {
  const name = `${label}-${process.pid}-${Date.now()}-${++counter}`;
  const tenant = (await admin.ok('POST', '/v1/admin/tenants', { name })).body as { id: string };
  const key = (await admin.ok('POST', '/v1/admin/keys', { role: 'tenant', tenantId: tenant.id, name })).body.key as string;
  const ids = Array.from({ length: subjects }, (_, i) => `${name}-subject-${i}`);
  const client = admin.as(key);
  for (const subjectId of ids) await client.ok('POST', '/v1/consents', { subjectId, purpose: 'credit-scoring' });
  return { id: tenant.id, key, subjects: ids };
}

export const creditCall = (subject: string) => ({ purpose: 'credit-scoring', subject: { id: subject }, inputs: example('credit-approval'), context: { jurisdiction: 'US' }, explain: false });

export interface Sent {
  /** The HTTP status, or 0 when no answer came (connection refused or cut). */
  status: number;
  instance: string;
  tenantId: string;
  requestId?: string;
  receipt?: { chain: string; seq: number; leafHash: string };
  code?: string;
  envelope?: string | null;
  error?: string;
}

export interface LoadTarget {
  base: string;
  tenant: TenantSetup;
}

/**
 * Governed credit-approval calls from `concurrency` workers, spread round-robin over the targets,
 * until `stop()` says so. Every outcome is kept: the status, and for answered calls the request id
 * and audit receipt the answer carried.
 */
export async function drive(targets: LoadTarget[], concurrency: number, stop: (sent: Sent[]) => boolean, maxPerWorker = Infinity): Promise<Sent[]> {
  const sent: Sent[] = [];
  let turn = 0;
  const worker = async () => {
    for (let i = 0; i < maxPerWorker && !stop(sent); i++) {
      const target = targets[turn++ % targets.length];
      const subject = target.tenant.subjects[turn % target.tenant.subjects.length];
      const one: Sent = { status: 0, instance: target.base, tenantId: target.tenant.id };
      try {
        const res = await new Client(target.base, target.tenant.key).post('/v1/models/credit-approval/infer', creditCall(subject));
        one.status = res.status;
        if (res.status < 300) {
          one.requestId = res.body.requestId;
          one.receipt = res.body.audit;
        } else {
          one.code = res.body?.error?.code;
          one.envelope = envelopeProblem(res.body);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } catch (error) {
        one.error = String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
        // A refused connection answers at once; do not spin on a dead instance.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      sent.push(one);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}

/** Counts by status (0 = no answer) and error code, for failure messages. */
export function tally(sent: Sent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sent) {
    const label = s.status ? `${s.status}${s.code ? ` ${s.code}` : ''}` : `no answer (${s.error})`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

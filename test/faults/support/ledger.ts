import pg from 'pg';
import type { Sent } from './client.js';

/**
 * Reads what Warden stored straight from Postgres (as the login role, so row-level security does
 * not hide anything) and lists every way it falls short of "answered means recorded, and nothing
 * is half-written". Each check returns problems as sentences; an empty list is a pass.
 */
export class Ledger {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<Ledger> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new Ledger(client);
  }

  close(): Promise<void> {
    return this.client.end();
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  /** Every call answered 2xx has its inference record, its audit event (the one its receipt names) and its fully allocated charge. */
  async answeredProblems(answered: Sent[]): Promise<string[]> {
    const ok = answered.filter((s) => s.status >= 200 && s.status < 300);
    const rows = await this.query<{
      request_id: string;
      decision: string | null;
      audit_chain: string | null;
      audit_seq: string | null;
      event_request: string | null;
      event_decision: string | null;
      charge_id: string | null;
      charge_seq: string | null;
      amount: string | null;
      allocated: string | null;
    }>(
      `SELECT q.request_id, r.decision, r.audit_chain, r.audit_seq, e.details->>'requestId' AS event_request, e.decision AS event_decision,
              c.id AS charge_id, c.audit_seq AS charge_seq, c.amount,
              (SELECT sum(a.amount) FROM revenue_allocations a WHERE a.charge_id = c.id) AS allocated
         FROM unnest($1::uuid[]) AS q(request_id)
         LEFT JOIN inference_records r ON r.request_id = q.request_id
         LEFT JOIN audit_events e ON e.chain_id = r.audit_chain AND e.seq = r.audit_seq
         LEFT JOIN charges c ON c.request_id = q.request_id`,
      [ok.map((s) => s.requestId)],
    );
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    const problems: string[] = [];
    for (const s of ok) {
      const r = s.requestId ? byId.get(s.requestId) : undefined;
      if (!r) problems.push(`answer without a request id: ${JSON.stringify(s)}`);
      else if (!r.decision) problems.push(`${s.requestId}: answered ${s.status} but has no inference record`);
      else if (r.decision !== 'allow') problems.push(`${s.requestId}: answered ${s.status} but recorded as ${r.decision}`);
      else if (r.event_request !== s.requestId || r.event_decision !== 'allow') problems.push(`${s.requestId}: no allowing audit event at ${r.audit_chain}#${r.audit_seq}`);
      else if (s.receipt && (s.receipt.chain !== r.audit_chain || String(s.receipt.seq) !== r.audit_seq)) problems.push(`${s.requestId}: receipt ${s.receipt.chain}#${s.receipt.seq} differs from the record's ${r.audit_chain}#${r.audit_seq}`);
      else if (!r.charge_id) problems.push(`${s.requestId}: answered but never charged`);
      else if (r.charge_seq !== r.audit_seq) problems.push(`${s.requestId}: charge points at audit event #${r.charge_seq}, not #${r.audit_seq}`);
      else if (r.allocated !== r.amount) problems.push(`${s.requestId}: charge of ${r.amount} has allocations of ${r.allocated}`);
    }
    return problems;
  }

  /**
   * Across the tenants: no record, event, charge or allocation exists without the others it belongs
   * with. Erasure removes a subject's inference records on purpose (the audit event and the charge
   * stay, naming only the pseudonym), so calls about erased subjects need no record.
   */
  async halfWritten(tenantIds: string[], pricedModels = ['credit-approval']): Promise<string[]> {
    const erased = (event: string) => `NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.chain_id = ${event}.chain_id AND x.action = 'subject.erasure' AND x.details->>'subject' = ${event}.details->>'subject')`;
    const checks: [string, string][] = [
      [
        'inference records without their audit event',
        `SELECT r.request_id::text AS id FROM inference_records r
           LEFT JOIN audit_events e ON e.chain_id = r.audit_chain AND e.seq = r.audit_seq
          WHERE r.tenant_id = ANY($1) AND (e.seq IS NULL OR e.details->>'requestId' <> r.request_id::text)`,
      ],
      [
        'allowing inference audit events without their inference record',
        `SELECT e.chain_id || '#' || e.seq AS id FROM audit_events e
           LEFT JOIN inference_records r ON r.request_id::text = e.details->>'requestId'
          WHERE e.tenant_id = ANY($1) AND e.action = 'inference.infer' AND e.decision = 'allow' AND r.request_id IS NULL AND ${erased('e')}`,
      ],
      [
        'charges without their audit event and allowed inference record',
        `SELECT c.id::text AS id FROM charges c
           LEFT JOIN audit_events e ON e.chain_id = c.audit_chain AND e.seq = c.audit_seq
           LEFT JOIN inference_records r ON r.request_id = c.request_id AND r.decision = 'allow' AND r.audit_chain = c.audit_chain AND r.audit_seq = c.audit_seq
          WHERE c.tenant_id = ANY($1) AND (e.seq IS NULL OR e.details->>'requestId' <> c.request_id::text OR (r.request_id IS NULL AND ${erased('e')}))`,
      ],
      [
        'allowed calls of priced models without a charge',
        `SELECT r.request_id::text AS id FROM inference_records r
           LEFT JOIN charges c ON c.request_id = r.request_id
          WHERE r.tenant_id = ANY($1) AND r.decision = 'allow' AND r.model = ANY($2) AND c.id IS NULL`,
      ],
      [
        'charges whose allocations do not add up to them',
        `SELECT c.id::text AS id FROM charges c
           LEFT JOIN (SELECT charge_id, sum(amount) AS total FROM revenue_allocations GROUP BY charge_id) a ON a.charge_id = c.id
          WHERE c.tenant_id = ANY($1) AND coalesce(a.total, 0) <> c.amount`,
      ],
      [
        'denied calls that were charged',
        `SELECT r.request_id::text AS id FROM inference_records r JOIN charges c ON c.request_id = r.request_id
          WHERE r.tenant_id = ANY($1) AND r.decision = 'deny'`,
      ],
    ];
    const problems: string[] = [];
    for (const [what, sql] of checks) {
      const rows = await this.query<{ id: string }>(sql, sql.includes('$2') ? [tenantIds, pricedModels] : [tenantIds]);
      if (rows.length) problems.push(`${rows.length} ${what}, e.g. ${rows.slice(0, 5).map((r) => r.id).join(', ')}`);
    }
    return problems;
  }

  /** Each chain is one sequence 1..size with no gap, no fork (one event per seq, the key says so) and its head at the last event. */
  async chainProblems(chainIds: string[]): Promise<string[]> {
    const rows = await this.query<{ chain_id: string; size: string; events: string; first: string | null; last: string | null; head_ok: boolean | null }>(
      `SELECT c.chain_id, c.size, count(e.seq) AS events, min(e.seq) AS first, max(e.seq) AS last,
              bool_or(e.seq = c.size AND e.hash = c.head_hash) AS head_ok
         FROM audit_chains c LEFT JOIN audit_events e ON e.chain_id = c.chain_id
        WHERE c.chain_id = ANY($1) GROUP BY c.chain_id, c.size`,
      [chainIds],
    );
    const problems: string[] = [];
    for (const id of chainIds) if (!rows.some((r) => r.chain_id === id)) problems.push(`chain ${id} does not exist`);
    for (const r of rows) {
      if (r.events !== r.size || r.last !== r.size || (r.first ?? '1') !== '1') problems.push(`chain ${r.chain_id}: size ${r.size}, ${r.events} events, seq ${r.first}..${r.last}`);
      else if (Number(r.size) > 0 && !r.head_ok) problems.push(`chain ${r.chain_id}: head hash is not the hash of event #${r.size}`);
    }
    const links = await this.query<{ chain_id: string; seq: string }>(
      `SELECT e.chain_id, e.seq FROM audit_events e JOIN audit_events p ON p.chain_id = e.chain_id AND p.seq = e.seq - 1
        WHERE e.chain_id = ANY($1) AND e.prev_hash <> p.hash LIMIT 5`,
      [chainIds],
    );
    for (const l of links) problems.push(`chain ${l.chain_id}: event #${l.seq} does not link to #${Number(l.seq) - 1}`);
    return problems;
  }

  /** Charges, allocations and both daily rollups of the tenants agree to the micro-unit. */
  async revenue(tenantIds: string[]): Promise<{ charges: number; calls: number; allocations: number; tenantRollup: number; tenantRollupCalls: number; callNumbers: number[][] }> {
    const [totals] = await this.query<{ charges: string; calls: string; allocations: string; tenant_rollup: string; tenant_calls: string }>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM charges WHERE tenant_id = ANY($1)) AS charges,
              (SELECT count(*) FROM charges WHERE tenant_id = ANY($1)) AS calls,
              (SELECT coalesce(sum(amount), 0) FROM revenue_allocations WHERE tenant_id = ANY($1)) AS allocations,
              (SELECT coalesce(sum(amount), 0) FROM revenue_tenant_daily WHERE tenant_id = ANY($1)) AS tenant_rollup,
              (SELECT coalesce(sum(calls), 0) FROM revenue_tenant_daily WHERE tenant_id = ANY($1)) AS tenant_calls`,
      [tenantIds],
    );
    // Per tenant and version, the call numbers that priced each charge (tiers count calls across instances).
    const numbers = await this.query<{ numbers: string[] }>(
      `SELECT array_agg(call_number ORDER BY call_number) AS numbers FROM charges WHERE tenant_id = ANY($1) GROUP BY tenant_id, version_id`,
      [tenantIds],
    );
    return {
      charges: Number(totals.charges),
      calls: Number(totals.calls),
      allocations: Number(totals.allocations),
      tenantRollup: Number(totals.tenant_rollup),
      tenantRollupCalls: Number(totals.tenant_calls),
      callNumbers: numbers.map((n) => n.numbers.map(Number)),
    };
  }
}

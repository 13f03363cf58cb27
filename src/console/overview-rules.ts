/**
 * Pure summaries behind the console overview: the repository returns grouped counts of governed
 * calls, these functions fold them into the totals and rankings a regulator reads.
 */

/** Governed calls of one tenant to one model for one purpose with one outcome, counted. */
export interface CallCountRow {
  tenantId: string | null;
  tenantName: string | null;
  model: string;
  purpose: string;
  decision: 'allow' | 'deny';
  reason: string | null;
  stage: string | null;
  calls: number;
}

export interface Outcomes {
  allowed: number;
  denied: number;
}

export interface CallSummary extends Outcomes {
  total: number;
  byReason: { reason: string; stages: string[]; calls: number }[];
  byModel: ({ model: string } & Outcomes)[];
  byTenant: ({ tenantId: string | null; tenantName: string | null } & Outcomes)[];
  byPurpose: ({ purpose: string } & Outcomes)[];
  /** Who called which model for what: one line per tenant, model and purpose. */
  usage: ({ tenantId: string | null; tenantName: string | null; model: string; purpose: string } & Outcomes)[];
}

/** A denial recorded without a code (never expected) is still counted, under this name. */
export const UNCODED = 'UNSPECIFIED';

export function summariseCalls(rows: readonly CallCountRow[]): CallSummary {
  const reasons = new Map<string, { reason: string; stages: Set<string>; calls: number }>();
  const models = new Map<string, { model: string } & Outcomes>();
  const tenants = new Map<string, { tenantId: string | null; tenantName: string | null } & Outcomes>();
  const purposes = new Map<string, { purpose: string } & Outcomes>();
  const usage = new Map<string, CallSummary['usage'][number]>();
  let allowed = 0;
  let denied = 0;
  const count = (target: Outcomes, row: CallCountRow) => {
    if (row.decision === 'allow') target.allowed += row.calls;
    else target.denied += row.calls;
  };
  for (const row of rows) {
    if (!Number.isSafeInteger(row.calls) || row.calls < 0) throw new RangeError(`calls must be a count, got ${row.calls}`);
    if (row.decision === 'allow') allowed += row.calls;
    else {
      denied += row.calls;
      const reason = row.reason ?? UNCODED;
      const entry = reasons.get(reason) ?? { reason, stages: new Set<string>(), calls: 0 };
      entry.calls += row.calls;
      if (row.stage) entry.stages.add(row.stage);
      reasons.set(reason, entry);
    }
    count(upsert(models, row.model, () => ({ model: row.model, allowed: 0, denied: 0 })), row);
    count(upsert(tenants, row.tenantId ?? '', () => ({ tenantId: row.tenantId, tenantName: row.tenantName, allowed: 0, denied: 0 })), row);
    count(upsert(purposes, row.purpose, () => ({ purpose: row.purpose, allowed: 0, denied: 0 })), row);
    const key = JSON.stringify([row.tenantId, row.model, row.purpose]);
    count(upsert(usage, key, () => ({ tenantId: row.tenantId, tenantName: row.tenantName, model: row.model, purpose: row.purpose, allowed: 0, denied: 0 })), row);
  }
  return {
    total: allowed + denied,
    allowed,
    denied,
    byReason: [...reasons.values()]
      .map((r) => ({ reason: r.reason, stages: [...r.stages].sort(), calls: r.calls }))
      .sort((a, b) => b.calls - a.calls || compare(a.reason, b.reason)),
    byModel: byVolume([...models.values()], (m) => m.model),
    byTenant: byVolume([...tenants.values()], (t) => t.tenantName ?? t.tenantId ?? ''),
    byPurpose: byVolume([...purposes.values()], (p) => p.purpose),
    usage: byVolume([...usage.values()], (u) => `${u.tenantName ?? ''}\u0000${u.model}\u0000${u.purpose}`),
  };
}

/** Model versions by status, and how many models have a version in service. */
export function summariseModels(versions: readonly { name: string; status: string }[]): { total: number; serving: number; versions: Record<string, number> } {
  const names = new Set<string>();
  const serving = new Set<string>();
  const byStatus: Record<string, number> = { active: 0, suspended: 0, draft: 0, retired: 0 };
  for (const v of versions) {
    names.add(v.name);
    byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
    if (v.status === 'active') serving.add(v.name);
  }
  return { total: names.size, serving: serving.size, versions: byStatus };
}

function upsert<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Most calls first; ties in a stable, readable order. */
function byVolume<T extends Outcomes>(items: T[], name: (item: T) => string): T[] {
  return items.sort((a, b) => b.allowed + b.denied - (a.allowed + a.denied) || compare(name(a), name(b)));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

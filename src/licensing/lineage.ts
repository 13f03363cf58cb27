import { addMicro, invalid, type Micro } from './money.js';
import { apportion, BASIS_POINTS, compareKeys, split, validateShares, type Share } from './split.js';

export type DerivationKind = 'fine-tune' | 'distillation' | 'ensemble' | 'merge' | 'quantization' | 'other';

/** "This version passes `basisPoints` of what reaches it to `parentVersionId`." */
export interface ParentLink {
  parentVersionId: string;
  basisPoints: number;
  kind?: DerivationKind;
}

export interface VersionNode {
  versionId: string;
  /** The version's own rights-holders; they share what the version keeps after its parents. */
  shares: readonly Share[];
  parents: readonly ParentLink[];
}

export type LineageGraph = ReadonlyMap<string, VersionNode>;

/** `versionId` is the version whose share table paid the party (not necessarily the one called). */
export interface Allocation {
  partyId: string;
  versionId: string;
  amount: Micro;
}

/** How much reached a version, how much it passed to its parents and how much its own parties kept. */
export interface VersionFlow {
  versionId: string;
  inflow: Micro;
  upstream: Micro;
  retained: Micro;
}

export interface Attribution {
  versionId: string;
  amount: Micro;
  allocations: Allocation[];
  flows: VersionFlow[];
}

export function lineageGraph(nodes: readonly VersionNode[]): LineageGraph {
  const graph = new Map<string, VersionNode>();
  for (const node of nodes) {
    if (graph.has(node.versionId)) throw invalid('versionId', `version ${node.versionId} is listed twice`);
    graph.set(node.versionId, node);
  }
  return graph;
}

/** Problems with one version's own table and parent links; empty when valid. */
export function validateVersionNode(node: VersionNode): string[] {
  const problems = validateShares(node.shares).map((p) => `${node.versionId} shares: ${p}`);
  const seen = new Set<string>();
  let upstream = 0;
  for (const link of node.parents) {
    if (link.parentVersionId === node.versionId) problems.push(`${node.versionId} cannot derive from itself`);
    if (seen.has(link.parentVersionId)) problems.push(`${node.versionId} links to ${link.parentVersionId} twice`);
    seen.add(link.parentVersionId);
    if (!Number.isInteger(link.basisPoints) || link.basisPoints < 0 || link.basisPoints > BASIS_POINTS) {
      problems.push(`${node.versionId} → ${link.parentVersionId}: basisPoints must be an integer from 0 to ${BASIS_POINTS}`);
    } else {
      upstream += link.basisPoints;
    }
  }
  if (upstream > BASIS_POINTS) problems.push(`${node.versionId} passes ${upstream} bp upstream, more than ${BASIS_POINTS}`);
  return problems;
}

/**
 * Would adding `versionId → parentVersionId` close a cycle? Returns the cycle as a path that
 * starts and ends at `versionId` (e.g. `['a', 'b', 'c', 'a']`), or null when the edge is safe.
 */
export function detectCycle(graph: LineageGraph, edge: { versionId: string; parentVersionId: string }): string[] | null {
  const path = pathBetween(graph, edge.parentVersionId, edge.versionId);
  return path ? [edge.versionId, ...path] : null;
}

export function assertNoCycle(graph: LineageGraph, edge: { versionId: string; parentVersionId: string }): void {
  const cycle = detectCycle(graph, edge);
  if (cycle) {
    throw invalid('parentVersionId', `deriving ${edge.versionId} from ${edge.parentVersionId} would make a cycle: ${cycle.join(' → ')}`, {
      rule: 'LINEAGE_CYCLE',
      cycle,
    });
  }
}

/** A path from `from` to `to` following parent links, visiting parents in id order; null if none. */
function pathBetween(graph: LineageGraph, from: string, to: string): string[] | null {
  const visited = new Set<string>();
  const walk = (id: string): string[] | null => {
    if (id === to) return [id];
    if (visited.has(id)) return null;
    visited.add(id);
    for (const parent of sortedParents(graph.get(id))) {
      const rest = walk(parent);
      if (rest) return [id, ...rest];
    }
    return null;
  };
  return walk(from);
}

function sortedParents(node: VersionNode | undefined): string[] {
  return (node?.parents ?? []).map((p) => p.parentVersionId).sort(compareKeys);
}

/**
 * `versionId` and every version it derives from, directly or through others: itself first, then
 * breadth first (nearest first, each version's parents in id order), each once. Unlike
 * `reachableVersions` it checks nothing and never throws: a version without terms is simply not
 * in the graph, and what the lineage inherits (a licence) holds even where it could not
 * attribute a charge.
 */
export function ancestry(graph: LineageGraph, versionId: string): string[] {
  const found = [versionId];
  const seen = new Set(found);
  for (let i = 0; i < found.length; i++) {
    for (const parent of sortedParents(graph.get(found[i]))) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      found.push(parent);
    }
  }
  return found;
}

/**
 * The versions reachable from `versionId` (itself included), checked: every one exists, is valid
 * and none lies on a cycle. Throws naming the first problem found.
 */
export function reachableVersions(graph: LineageGraph, versionId: string): VersionNode[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: VersionNode[] = [];
  const visit = (id: string, trail: string[], child?: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw invalid('lineage', `lineage has a cycle: ${cycle.join(' → ')}`, { rule: 'LINEAGE_CYCLE', cycle });
    }
    const node = graph.get(id);
    if (!node) {
      throw invalid('lineage', child ? `${child} derives from unknown version ${id}` : `unknown model version ${id}`, { versionId: id });
    }
    const problems = validateVersionNode(node);
    if (problems.length > 0) throw invalid('lineage', problems.join('; '), { versionId: id, problems });
    state.set(id, 'open');
    for (const parent of sortedParents(node)) visit(parent, [...trail, id], id);
    state.set(id, 'done');
    found.push(node);
  };
  visit(versionId, []);
  return found;
}

/**
 * Attributes a charge on `versionId` to parties through the lineage. Versions are processed in
 * topological order (a version only after every reachable version derived from it), so what
 * reaches a version by several paths is summed before that version's table is applied once.
 * At each version its inflow is apportioned by largest remainder among its parents (their bp)
 * and itself (10,000 − Σ parent bp) in one pass; what it keeps is split among its own shares.
 * Every micro-unit of `amount` ends in exactly one allocation; zero allocations are left out.
 */
export function attribute(amount: Micro, versionId: string, graph: LineageGraph): Attribution {
  const nodes = reachableVersions(graph, versionId);
  const pendingChildren = new Map<string, number>(nodes.map((n) => [n.versionId, 0]));
  for (const node of nodes) {
    for (const link of node.parents) pendingChildren.set(link.parentVersionId, pendingChildren.get(link.parentVersionId)! + 1);
  }

  const inflow = new Map<string, Micro>([[versionId, amount]]);
  const ready = [versionId];
  const allocations: Allocation[] = [];
  const flows: VersionFlow[] = [];
  while (ready.length > 0) {
    ready.sort(compareKeys);
    const node = graph.get(ready.shift()!)!;
    const received = inflow.get(node.versionId) ?? 0;
    const upstreamBp = node.parents.reduce((sum, p) => sum + p.basisPoints, 0);
    const portions = apportion(received, [
      ...node.parents.map((p) => ({ key: p.parentVersionId, weight: p.basisPoints })),
      { key: node.versionId, weight: BASIS_POINTS - upstreamBp },
    ]);
    node.parents.forEach((link, i) => {
      inflow.set(link.parentVersionId, (inflow.get(link.parentVersionId) ?? 0) + portions[i]);
      const left = pendingChildren.get(link.parentVersionId)! - 1;
      pendingChildren.set(link.parentVersionId, left);
      if (left === 0) ready.push(link.parentVersionId);
    });
    const retained = portions[portions.length - 1];
    for (const share of split(retained, node.shares)) {
      if (share.amount > 0) allocations.push({ partyId: share.partyId, versionId: node.versionId, amount: share.amount });
    }
    flows.push({ versionId: node.versionId, inflow: received, upstream: received - retained, retained });
  }
  return { versionId, amount, allocations, flows };
}

/** Sums allocations per party, in party-id order. */
export function totalsByParty(allocations: readonly Allocation[]): { partyId: string; amount: Micro }[] {
  const totals = new Map<string, Micro>();
  for (const a of allocations) totals.set(a.partyId, addMicro(totals.get(a.partyId) ?? 0, a.amount));
  return [...totals.keys()].sort(compareKeys).map((partyId) => ({ partyId, amount: totals.get(partyId)! }));
}

import { ancestry, assertNoCycle, attribute, detectCycle, lineageGraph, totalsByParty, type VersionNode } from './lineage.js';

const node = (versionId: string, shares: [string, number][], parents: [string, number][] = []): VersionNode => ({
  versionId,
  shares: shares.map(([partyId, basisPoints]) => ({ partyId, basisPoints })),
  parents: parents.map(([parentVersionId, basisPoints]) => ({ parentVersionId, basisPoints })),
});

describe('attribute', () => {
  it('passes a fine-tune’s declared share to its base and splits the rest among its own parties', () => {
    const graph = lineageGraph([
      node('base', [['alice', 10_000]]),
      node('tuned', [['bob', 7000], ['carol', 3000]], [['base', 2000]]),
    ]);
    const result = attribute(1_000_000, 'tuned', graph);
    expect(result.allocations).toEqual([
      { partyId: 'bob', versionId: 'tuned', amount: 560_000 },
      { partyId: 'carol', versionId: 'tuned', amount: 240_000 },
      { partyId: 'alice', versionId: 'base', amount: 200_000 },
    ]);
    expect(result.flows).toEqual([
      { versionId: 'tuned', inflow: 1_000_000, upstream: 200_000, retained: 800_000 },
      { versionId: 'base', inflow: 200_000, upstream: 0, retained: 200_000 },
    ]);
  });

  it('apportions an ensemble’s charge among its parents and itself in one largest-remainder pass', () => {
    // 101 × 1500 / 10000 = 15.15 for x and y, 101 × 7000 / 10000 = 70.7 for e: floors 15 + 15 + 70 = 100,
    // and the one unit left goes to the largest remainder, e's 0.7.
    const graph = lineageGraph([
      node('x', [['xena', 10_000]]),
      node('y', [['yuri', 10_000]]),
      node('e', [['dan', 10_000]], [['x', 1500], ['y', 1500]]),
    ]);
    expect(totalsByParty(attribute(101, 'e', graph).allocations)).toEqual([
      { partyId: 'dan', amount: 71 },
      { partyId: 'xena', amount: 15 },
      { partyId: 'yuri', amount: 15 },
    ]);
  });

  it('sums what reaches a shared ancestor by two paths before applying its table once', () => {
    // d keeps 50 and sends 25 to each of b1 and b2; each passes 10 % (2.5) to a: b1 and b2 both round
    // 2.5 → 2 or 3 by remainder tie (a < b1/b2, so a gets 3 from each), and a receives 6 in one inflow.
    const graph = lineageGraph([
      node('a', [['root', 10_000]]),
      node('b1', [['p1', 10_000]], [['a', 1000]]),
      node('b2', [['p2', 10_000]], [['a', 1000]]),
      node('d', [['dee', 10_000]], [['b1', 2500], ['b2', 2500]]),
    ]);
    const result = attribute(100, 'd', graph);
    expect(result.flows.map((f) => [f.versionId, f.inflow, f.retained])).toEqual([
      ['d', 100, 50],
      ['b1', 25, 22],
      ['b2', 25, 22],
      ['a', 6, 6],
    ]);
    expect(totalsByParty(result.allocations)).toEqual([
      { partyId: 'dee', amount: 50 },
      { partyId: 'p1', amount: 22 },
      { partyId: 'p2', amount: 22 },
      { partyId: 'root', amount: 6 },
    ]);
  });

  it('passes everything upstream from a version that keeps 0 bp, and leaves zero allocations out', () => {
    const graph = lineageGraph([node('base', [['alice', 10_000]]), node('wrapper', [['ops', 10_000]], [['base', 10_000]])]);
    expect(attribute(999, 'wrapper', graph).allocations).toEqual([{ partyId: 'alice', versionId: 'base', amount: 999 }]);
    expect(attribute(0, 'wrapper', graph).allocations).toEqual([]);
  });

  it.each([
    ['an unknown version', [node('a', [['p', 10_000]])], 'zzz', /unknown model version zzz/],
    ['an unknown parent', [node('a', [['p', 10_000]], [['ghost', 100]])], 'a', /a derives from unknown version ghost/],
    ['more than 10,000 bp upstream', [node('a', [['p', 10_000]], [['b', 6000], ['c', 5000]]), node('b', [['q', 10_000]]), node('c', [['r', 10_000]])], 'a', /passes 11000 bp upstream/],
    ['a parent linked twice', [node('a', [['p', 10_000]], [['b', 100], ['b', 100]]), node('b', [['q', 10_000]])], 'a', /links to b twice/],
    ['bad shares on an ancestor', [node('a', [['p', 10_000]], [['b', 100]]), node('b', [['q', 9000]])], 'a', /b shares: shares sum to 9000 bp/],
    ['a stored cycle', [node('a', [['p', 10_000]], [['b', 100]]), node('b', [['q', 10_000]], [['c', 100]]), node('c', [['r', 10_000]], [['a', 100]])], 'a', /cycle: a → b → c → a/],
  ])('refuses %s', (_name, nodes, versionId, message) => {
    expect(() => attribute(100, versionId, lineageGraph(nodes))).toThrow(message);
  });
});

describe('detectCycle', () => {
  const graph = lineageGraph([
    node('a', [['p', 10_000]], [['b', 100]]),
    node('b', [['p', 10_000]], [['c', 100], ['d', 100]]),
    node('c', [['p', 10_000]]),
    node('d', [['p', 10_000]], [['c', 100]]),
  ]);

  it.each([
    [{ versionId: 'c', parentVersionId: 'a' }, ['c', 'a', 'b', 'c']],
    [{ versionId: 'd', parentVersionId: 'b' }, ['d', 'b', 'd']],
    [{ versionId: 'c', parentVersionId: 'c' }, ['c', 'c']],
    [{ versionId: 'a', parentVersionId: 'c' }, null],
    [{ versionId: 'new', parentVersionId: 'a' }, null],
    [{ versionId: 'c', parentVersionId: 'elsewhere' }, null],
  ])('%o closes the cycle %p', (edge, cycle) => {
    expect(detectCycle(graph, edge)).toEqual(cycle);
  });

  it('names the cycle in the error', () => {
    expect(() => assertNoCycle(graph, { versionId: 'c', parentVersionId: 'a' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ rule: 'LINEAGE_CYCLE', cycle: ['c', 'a', 'b', 'c'] }) }),
    );
    expect(() => assertNoCycle(graph, { versionId: 'a', parentVersionId: 'd' })).not.toThrow();
  });

  it('refuses a graph that lists a version twice', () => {
    expect(() => lineageGraph([node('a', [['p', 10_000]]), node('a', [['q', 10_000]])])).toThrow(/listed twice/);
  });
});

describe('ancestry', () => {
  const node = (versionId: string, ...parents: string[]): VersionNode => ({ versionId, shares: [], parents: parents.map((parentVersionId) => ({ parentVersionId, basisPoints: 100 })) });

  it.each([
    ['a version outside the graph is only itself', [], 'x', ['x']],
    ['nearest first, parents in id order', [node('c', 'b', 'a'), node('b', 'root'), node('a')], 'c', ['c', 'a', 'b', 'root']],
    ['a diamond reaches its base once', [node('d', 'l', 'r'), node('l', 'base'), node('r', 'base')], 'd', ['d', 'l', 'r', 'base']],
    ['a parent without terms of its own is still reached', [node('c', 'unregistered')], 'c', ['c', 'unregistered']],
    ['a cycle in stored data ends the walk', [node('a', 'b'), node('b', 'a')], 'a', ['a', 'b']],
  ])('%s', (_, nodes, versionId, expected) => {
    expect(ancestry(new Map(nodes.map((n) => [n.versionId, n])), versionId)).toEqual(expected);
  });
});

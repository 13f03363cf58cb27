import { AuditDecision, AuditEvent, GENESIS_HASH } from './audit-event.js';
import { ChainVerifier, verifyChain, verifyChainAsync } from './chain-verify.js';
import { eventHash } from './event-hash.js';
import { sampleChain } from './sample-log.js';

const CHAIN = 'tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER = 'tenant:0f8fad5b-d9cb-469f-a165-70867728950e';
const N = 12;
const fresh = (): AuditEvent[] => [...sampleChain(CHAIN, N)];

/** Re-seals an edited event with its own prevHash, as a forger with database access would. */
const rehash = (e: AuditEvent): AuditEvent => ({ ...e, hash: eventHash(e.prevHash, e) });
const at = (events: AuditEvent[], seq: number): AuditEvent => events[seq - 1];

const flip = (d: AuditDecision): AuditDecision => (d === 'allow' ? 'deny' : 'allow');

type Tamper = (events: AuditEvent[]) => AuditEvent[];

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    const result = verifyChain(fresh());
    expect(result).toEqual({ ok: true, checked: N, last: { seq: N, hash: at(fresh(), N).hash } });
  });

  it('accepts an empty run', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it.each<[string, number, RegExp, Tamper]>([
    ['a changed time', 5, /hash mismatch/, (e) => ((at(e, 5).time = '2027-01-01T00:00:00.000Z'), e)],
    ['a changed decision', 1, /hash mismatch/, (e) => ((at(e, 1).decision = flip(at(e, 1).decision)), e)],
    ['a changed actor role', 12, /hash mismatch/, (e) => ((at(e, 12).actor = { ...at(e, 12).actor, role: 'admin' }), e)],
    ['a changed detail', 7, /hash mismatch/, (e) => ((at(e, 7).details = { ...at(e, 7).details, purpose: 'marketing' }), e)],
    ['a changed resource', 3, /hash mismatch/, (e) => ((at(e, 3).resource = null), e)],
    ['a changed action', 9, /hash mismatch/, (e) => ((at(e, 9).action = 'inference.explain'), e)],
    ['a changed stored hash', 4, /hash mismatch/, (e) => ((at(e, 4).hash = 'f'.repeat(64)), e)],
    ['a changed prevHash', 6, /hash mismatch/, (e) => ((at(e, 6).prevHash = 'f'.repeat(64)), e)],
    ['a deleted event', 6, /seq 6 is missing/, (e) => e.filter((x) => x.seq !== 6)],
    ['two deleted events', 6, /seqs 6\.\.7 are missing/, (e) => e.filter((x) => x.seq !== 6 && x.seq !== 7)],
    ['a deleted first event', 1, /seq 1 is missing/, (e) => e.slice(1)],
    ['a deleted event, later seqs renumbered and re-hashed', 6, /prevHash does not match the hash of seq 5/, (e) => [...e.slice(0, 5), ...e.slice(6).map((x) => rehash({ ...x, seq: x.seq - 1 }))]],
    ['two events swapped in order', 4, /seq 4 is missing/, (e) => [...e.slice(0, 3), at(e, 5), at(e, 4), ...e.slice(5)]],
    ['two events swapped in seq', 4, /prevHash does not match the hash of seq 3/, (e) => [...e.slice(0, 3), rehash({ ...at(e, 5), seq: 4 }), rehash({ ...at(e, 4), seq: 5 }), ...e.slice(5)]],
    ['a fork', 8, /fork: a second, different event with seq 8/, (e) => [...e.slice(0, 8), rehash({ ...at(e, 8), decision: flip(at(e, 8).decision) }), ...e.slice(8)]],
    ['a duplicated event', 8, /seq 8 appears twice/, (e) => [...e.slice(0, 8), at(e, 8), ...e.slice(8)]],
    ['an event moved back', 3, /seq 3 is out of order/, (e) => [...e.slice(0, 10), at(e, 3), ...e.slice(10)]],
    ['an event of another chain', 5, /belongs to chain/, (e) => ((e[4] = rehash({ ...at(e, 5), chainId: OTHER, tenantId: OTHER.slice(7) })), e)],
    ['an altered event re-hashed', 6, /prevHash does not match the hash of seq 5/, (e) => ((e[4] = rehash({ ...at(e, 5), decision: flip(at(e, 5).decision) })), e)],
    ['a wrong genesis', 1, /genesis/, (e) => ((e[0] = rehash({ ...at(e, 1), prevHash: 'a'.repeat(64) })), e)],
    ['a malformed event', 2, /malformed event: time/, (e) => ((at(e, 2).time = 'yesterday'), e)],
    ['a string seq', 3, /malformed event: seq/, (e) => ((e[2] = { ...at(e, 3), seq: '3' as never }), e)],
  ])('finds %s at exactly seq %i', (_name, seq, reason, tamper) => {
    const result = verifyChain(tamper(fresh()));
    expect(result.ok).toBe(false);
    expect(result.firstBad).toEqual({ chain: CHAIN, seq, reason: expect.stringMatching(reason) });
  });

  it('counts the events it accepted before the fault', () => {
    const events = fresh();
    expect(verifyChain(events.filter((e) => e.seq !== 6)).checked).toBe(5);
    expect(verifyChain([...events.slice(0, 8), events[7], ...events.slice(8)]).checked).toBe(8);
  });

  it('checks the chain it is told to', () => {
    expect(verifyChain(fresh(), { chainId: OTHER }).firstBad).toMatchObject({ chain: OTHER, seq: 1, reason: expect.stringMatching(/belongs to chain/) });
  });

  it('verifies a run from the middle of a chain, given where it starts', () => {
    const all = fresh();
    const tail = all.slice(5);
    expect(verifyChain(tail, { expectFirstSeq: 6, expectPrevHash: at(all, 5).hash }).ok).toBe(true);
    expect(verifyChain(tail, { expectFirstSeq: 6, expectPrevHash: at(all, 4).hash }).firstBad).toMatchObject({ seq: 6, reason: expect.stringMatching(/seq 5/) });
    expect(verifyChain(tail, { expectFirstSeq: 6 }).ok).toBe(true);
    expect(verifyChain(tail).firstBad).toMatchObject({ seq: 1, reason: expect.stringMatching(/seqs 1\.\.5 are missing/) });
    expect(verifyChain(all.slice(4), { expectFirstSeq: 6 }).firstBad).toMatchObject({ seq: 5, reason: expect.stringMatching(/start at seq 6, not at seq 5/) });
  });

  it('continues page by page from the last event it accepted', async () => {
    const all = fresh();
    const first = verifyChain(all.slice(0, 5));
    const rest = verifyChain(all.slice(5), { expectFirstSeq: first.last!.seq + 1, expectPrevHash: first.last!.hash });
    expect(rest.ok).toBe(true);
    async function* pages(): AsyncGenerator<AuditEvent> {
      yield* all;
    }
    expect(await verifyChainAsync(pages())).toMatchObject({ ok: true, checked: N });
  });

  it('keeps reporting its first fault', () => {
    const events = fresh();
    const verifier = new ChainVerifier();
    events[2].time = '2027-01-01T00:00:00.000Z';
    const faults = events.map((e) => verifier.next(e));
    expect(faults.slice(0, 2)).toEqual([undefined, undefined]);
    expect(new Set(faults.slice(2).map((f) => f?.seq))).toEqual(new Set([3]));
  });

  it.each([
    [{ expectFirstSeq: 0 }],
    [{ expectPrevHash: 'xyz' }],
    [{ chainId: 'tenant:nope' }],
  ])('refuses options %p', (options) => {
    expect(() => new ChainVerifier(options)).toThrow(RangeError);
  });

  it('prints its throughput', () => {
    const events = [...sampleChain(CHAIN, 50_000)];
    const started = performance.now();
    const result = verifyChain(events);
    const seconds = (performance.now() - started) / 1000;
    expect(result.ok).toBe(true);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    console.log(`verifyChain: ${Math.round(events.length / seconds).toLocaleString('en-US')} events/s (${events.length} events)`);
  });
});

import { AuditEventBody, bodyOf, bodyProblem, chainIdFor, eventProblem, isAuditTime, isChainId, tenantOfChain } from './audit-event.js';
import { sealEvent } from './event-hash.js';
import { GENESIS_HASH } from './audit-event.js';

const TENANT = '0f8fad5b-d9cb-469f-a165-70867728950e';

const valid: AuditEventBody = {
  chainId: `tenant:${TENANT}`,
  seq: 7,
  time: '2026-02-28T23:59:59.999Z',
  actor: { id: 'key_abc', role: 'tenant' },
  tenantId: TENANT,
  action: 'consent.grant',
  resource: { type: 'subject', id: 'sub_1' },
  decision: 'none',
  reason: null,
  details: {},
};

describe('chain ids', () => {
  it.each([
    [null, 'platform'],
    [TENANT, `tenant:${TENANT}`],
  ])('chainIdFor(%p) is %s and maps back', (tenantId, chainId) => {
    expect(chainIdFor(tenantId)).toBe(chainId);
    expect(tenantOfChain(chainId)).toBe(tenantId);
    expect(isChainId(chainId)).toBe(true);
  });

  it.each([TENANT.toUpperCase(), 'not-a-uuid', ''])('chainIdFor refuses tenant id %p', (tenantId) => {
    expect(() => chainIdFor(tenantId)).toThrow(TypeError);
  });

  it.each(['Platform', `tenant:${TENANT.toUpperCase()}`, `tenant:${TENANT} `, 'tenant:', 42])('%p is not a chain id', (value) => {
    expect(isChainId(value)).toBe(false);
  });
});

describe('isAuditTime', () => {
  it.each([
    ['2026-11-22T10:11:12.123Z', true],
    ['2028-02-29T00:00:00.000Z', true],
    ['2026-02-29T00:00:00.000Z', false],
    ['2026-11-22T10:11:12Z', false],
    ['2026-11-22T10:11:12.123+00:00', false],
    ['2026-11-22 10:11:12.123Z', false],
    ['2026-11-22T24:00:00.000Z', false],
    [1_700_000_000_000, false],
  ])('%p → %p', (value, expected) => {
    expect(isAuditTime(value)).toBe(expected);
  });
});

describe('bodyProblem', () => {
  it('accepts a well-formed body', () => {
    expect(bodyProblem(valid)).toBeNull();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing member', { reason: undefined }, /exactly/],
    ['an extra member', { extra: 1 }, /exactly/],
    ['a bad chain id', { chainId: 'tenants' }, /chainId/],
    ['seq 0', { seq: 0 }, /seq/],
    ['a string seq', { seq: '7' }, /seq/],
    ['a fractional seq', { seq: 1.5 }, /seq/],
    ['a time without milliseconds', { time: '2026-02-28T23:59:59Z' }, /time/],
    ['an actor without role', { actor: { id: 'k' } }, /actor/],
    ['an actor with an extra member', { actor: { id: 'k', role: 'r', ip: '1.2.3.4' } }, /actor/],
    ['an empty actor id', { actor: { id: '', role: 'r' } }, /actor/],
    ['another tenant than the chain\'s', { tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }, /tenantId/],
    ['a null tenant on a tenant chain', { tenantId: null }, /tenantId/],
    ['an action with spaces', { action: 'consent grant' }, /action/],
    ['an empty action', { action: '' }, /action/],
    ['a resource without id', { resource: { type: 'model' } }, /resource/],
    ['an unknown decision', { decision: 'maybe' }, /decision/],
    ['an empty reason', { reason: '' }, /reason/],
    ['array details', { details: [] }, /details/],
    ['null details', { details: null }, /details/],
  ])('reports %s', (_name, change, message) => {
    const body: Record<string, unknown> = { ...valid, ...change };
    for (const key of Object.keys(change)) if (change[key] === undefined) delete body[key];
    expect(bodyProblem(body)).toMatch(message);
  });

  it('requires a null tenant on the platform chain', () => {
    expect(bodyProblem({ ...valid, chainId: 'platform' })).toMatch(/tenantId/);
    expect(bodyProblem({ ...valid, chainId: 'platform', tenantId: null })).toBeNull();
  });
});

describe('eventProblem', () => {
  const sealed = sealEvent({ ...valid, seq: 1 }, GENESIS_HASH);

  it.each<[string, Record<string, unknown>, RegExp | null]>([
    ['a sealed event', {}, null],
    ['an upper-case hash', { hash: sealed.hash.toUpperCase() }, /hash/],
    ['a short prevHash', { prevHash: '00' }, /prevHash/],
  ])('%s', (_name, change, message) => {
    const problem = eventProblem({ ...sealed, ...change });
    if (message === null) expect(problem).toBeNull();
    else expect(problem).toMatch(message);
  });

  it('bodyOf keeps exactly the hashed members', () => {
    expect(bodyProblem(bodyOf(sealed))).toBeNull();
  });
});

import type { Db } from '../database/db.js';
import type { CurrencyReconciliation } from './reconciliation.js';
import type { RevenueRepository } from './revenue.repository.js';
import { RevenueService } from './revenue.service.js';
import type { SettlementsRepository } from './settlements.repository.js';

describe('RevenueService.reconciliation', () => {
  const currencies: CurrencyReconciliation[] = [
    { currency: 'EUR', calls: 2, charges: 3_000, allocations: 3_000, difference: 0 },
    { currency: 'GBP', calls: 1, charges: 700, allocations: 700, difference: 0 },
    { currency: 'USD', calls: 4, charges: 9_000, allocations: 8_999, difference: 1 },
  ];
  const db = { platform: (work: () => unknown) => work() } as unknown as Db;
  const repo = { reconciliation: async () => ({ currencies, fingerprintsAgree: false }), mismatchedCharges: async () => 1 } as unknown as RevenueRepository;
  const service = new RevenueService(db, repo, {} as SettlementsRepository);

  it('answers money per currency only, never a total that adds euros, pounds and dollars', async () => {
    const view = await service.reconciliation(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(view).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', calls: 7, mismatchedCharges: 1, currencies });
  });
});

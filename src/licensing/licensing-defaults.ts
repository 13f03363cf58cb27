import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { Db } from '../database/db.js';
import { ModelCatalog } from '../models/model-catalog.js';
import type { PriceSchedule } from './pricing.js';
import { TermsRepository, type PartyKind } from './terms.repository.js';
import { TermsService } from './terms.service.js';

export const DEMO_CREDIT_LICENSE = 'Warden demo credit licence';

const PARTIES: { name: string; kind: PartyKind }[] = [
  { name: 'Warden demo lab', kind: 'author' },
  { name: 'Warden platform', kind: 'platform' },
];

const CREDIT_PRICES: Record<string, PriceSchedule> = {
  // 0.002 EUR + 0.0005 EUR per row for the first 1,000 calls of a month, then 0.0015 + 0.0003.
  'credit-approval': {
    currency: 'EUR',
    tiers: [
      { upTo: 1000, perCall: 2000, perRow: 500 },
      { upTo: null, perCall: 1500, perRow: 300 },
    ],
  },
  'credit-risk': { currency: 'EUR', tiers: [{ upTo: null, perCall: 1000, perRow: 200 }] },
};

/**
 * Terms for the demo models, so that a new installation shows licences being enforced and revenue
 * being attributed: the credit models under a custom commercial licence for credit scoring in the
 * EU and the US, shared 80/20 between their author and the platform and priced in EUR; the
 * support router under Apache-2.0 and free. Installed once, in one transaction, only when the demo
 * models are registered and the demo licence is not.
 */
@Injectable()
export class LicensingDefaults {
  private readonly logger = new Logger('LicensingDefaults');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TermsRepository) private readonly repo: TermsRepository,
    @Inject(TermsService) private readonly terms: TermsService,
    @Inject(ModelCatalog) private readonly models: ModelCatalog,
  ) {}

  async installIfMissing(): Promise<boolean> {
    const demo = (name: string) => this.models.versions(name).find((v) => v.version === '1.0.0');
    if (!demo('credit-approval')) return false;
    const installed = await this.db.platform(async () => {
      await this.repo.lock();
      if (await this.repo.findLicenseByName(DEMO_CREDIT_LICENSE)) return false;
      const parties: string[] = [];
      for (const party of PARTIES) {
        parties.push((await this.repo.findPartyByName(party.name))?.id ?? (await this.terms.createParty(SYSTEM_ACTOR, party)).id);
      }
      const [lab, platform] = parties;
      const credit = await this.terms.createLicense(SYSTEM_ACTOR, {
        name: DEMO_CREDIT_LICENSE,
        spdxId: 'LicenseRef-warden-demo-credit',
        commercialUse: true,
        allowedPurposes: ['credit-scoring'],
        territories: ['EU', 'US'],
        attribution: 'Credit decisions by Warden demo models, trained on synthetic data',
      });
      for (const [name, price] of Object.entries(CREDIT_PRICES)) {
        if (!demo(name)) continue;
        await this.terms.attachLicense(SYSTEM_ACTOR, name, '1.0.0', credit.id);
        await this.terms.setShares(SYSTEM_ACTOR, name, '1.0.0', [
          { partyId: lab, basisPoints: 8000 },
          { partyId: platform, basisPoints: 2000 },
        ]);
        await this.terms.setPrice(SYSTEM_ACTOR, name, '1.0.0', price);
      }
      if (demo('support-router')) {
        const apache = (await this.repo.findLicenseByName('Apache-2.0')) ?? (await this.terms.createLicense(SYSTEM_ACTOR, { name: 'Apache-2.0', spdxId: 'Apache-2.0', commercialUse: true }));
        await this.terms.attachLicense(SYSTEM_ACTOR, 'support-router', '1.0.0', apache.id);
        await this.terms.setShares(SYSTEM_ACTOR, 'support-router', '1.0.0', [{ partyId: lab, basisPoints: 10000 }]);
      }
      return true;
    });
    if (installed) this.logger.log('Installed licences, revenue shares and prices for the demo models');
    return installed;
  }
}

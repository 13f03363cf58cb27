import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { WindowCounters } from '../common/window-counters.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import { LicensingCatalog } from './licensing-catalog.js';
import { billingPeriod, chargeRows, meter, type MeteredCall } from './metering.js';
import { TermsRepository } from './terms.repository.js';

const DAY_MS = 86_400_000;

/**
 * Prices the call and attributes it to the rights-holders through the lineage. The charge and its
 * allocations are attachments of the call's audit event: they are written in its transaction, so a
 * call that is denied or fails is never charged and every answered call has its charge. Versions
 * without a price list are free and leave no charge.
 *
 * Tiers count the tenant's calls of the version in the UTC month with a shared counter (in Redis
 * when configured, so every instance numbers calls together); the number a call was priced at is
 * stored on its charge, and a counter that was lost (Redis restarted or away, the process
 * restarted) goes on from the highest number charged.
 *
 * A call that cannot be priced or attributed (terms stored around the rules, a lineage that no
 * longer attributes) is Warden's failure, not the tenant's: it is refused as INTERNAL, uncharged,
 * and the answer and the audit record say the same.
 */
@Injectable()
export class MeterStage implements Stage {
  readonly name = 'meter';
  private readonly logger = new Logger('Metering');
  constructor(
    @Inject(LicensingCatalog) private readonly catalog: LicensingCatalog,
    @Inject(WindowCounters) private readonly counters: WindowCounters,
    @Inject(TermsRepository) private readonly terms: TermsRepository,
  ) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const versionId = ctx.model!.id;
    const list = this.catalog.priceList(versionId);
    if (!list) return ctx;
    const tenantId = ctx.principal.tenantId;
    const period = billingPeriod(ctx.now);
    const [count] = await this.counters.increment(
      [
        {
          key: `meter:${tenantId}:${versionId}:${period.start.toISOString().slice(0, 7)}`,
          ttlMs: period.end.getTime() - ctx.now.getTime() + DAY_MS,
          countSoFar: () => this.terms.lastCallNumber(tenantId!, versionId, period.start, period.end),
        },
      ],
      ctx.now.getTime(),
    );
    let metered: MeteredCall;
    try {
      metered = meter(
        { chargeId: randomUUID(), tenantId, requestId: ctx.requestId, versionId, rows: ctx.rows!.length, at: ctx.now, callsSoFarInPeriod: count - 1 },
        list,
        this.catalog.graph(),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The rules' own words name the field of a price list, not of the tenant's request: they go to the log only.
      this.logger.error({ requestId: ctx.requestId, versionId, message: `The call could not be priced: ${error.message}` });
      return deny(this.name, 'INTERNAL', 'Internal error', { rule: 'pricing' });
    }
    return {
      ...ctx,
      attachments: [
        ...ctx.attachments,
        (receipt) => {
          const { charge, allocations } = chargeRows(metered, receipt);
          return [{ table: 'charges', rows: [charge] }, ...(allocations.length ? [{ table: 'revenue_allocations', rows: allocations }] : [])];
        },
      ],
      facts: { ...ctx.facts, chargeId: metered.chargeId, amount: metered.price.amount, currency: metered.price.currency, tier: metered.price.tier },
    };
  }
}

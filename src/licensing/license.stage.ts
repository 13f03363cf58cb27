import { Inject, Injectable } from '@nestjs/common';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import { LicensingCatalog } from './licensing-catalog.js';
import { checkLicense } from './license-rules.js';

/**
 * The licence the called version is offered under allows this use: not expired, inside its
 * territories (the country of `context.jurisdiction`; `US-CA` is in `US`), commercial use only
 * where allowed (tenants are commercial unless an admin marked them otherwise), and a purpose it
 * permits. A version with no licence attached carries no licence restrictions.
 */
@Injectable()
export class LicenseStage implements Stage {
  readonly name = 'license';
  constructor(@Inject(LicensingCatalog) private readonly catalog: LicensingCatalog) {}

  run(ctx: InferenceContext): InferenceContext | Denial {
    const license = this.catalog.license(ctx.model!.id);
    if (!license) return ctx;
    const decision = checkLicense(license.terms, {
      purpose: ctx.request.purpose,
      jurisdiction: ctx.request.context?.jurisdiction?.split('-')[0] ?? null,
      commercial: this.catalog.isCommercial(ctx.principal.tenantId),
      now: ctx.now,
    });
    const facts = { ...ctx.facts, license: license.id };
    if (!decision.ok) {
      return deny(this.name, decision.code, decision.message, { rule: decision.rule, details: { license: { id: license.id, name: license.name, spdxId: license.terms.spdxId ?? null } } });
    }
    return { ...ctx, facts };
  }
}

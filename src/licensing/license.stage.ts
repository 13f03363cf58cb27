import { Inject, Injectable } from '@nestjs/common';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import { LicensingCatalog } from './licensing-catalog.js';
import { checkLicense } from './license-rules.js';
import { territoryOf } from './territories.js';

/**
 * The licence the called version is offered under allows this use: not expired, inside its
 * territories (the country of `context.jurisdiction`: `US-CA` is in `US`, while `US-PR` is Puerto
 * Rico, `PR`, as ISO 3166 codes it on its own), commercial use only where allowed (tenants are
 * commercial unless an admin marked them otherwise), and a purpose it permits. An allowed call's
 * answer names the licence with the attribution its outputs must carry. A version with no licence
 * attached carries no licence restrictions.
 */
@Injectable()
export class LicenseStage implements Stage {
  readonly name = 'license';
  constructor(@Inject(LicensingCatalog) private readonly catalog: LicensingCatalog) {}

  run(ctx: InferenceContext): InferenceContext | Denial {
    const license = this.catalog.license(ctx.model!.id);
    if (!license) return ctx;
    const jurisdiction = ctx.request.context?.jurisdiction;
    const decision = checkLicense(license.terms, {
      purpose: ctx.request.purpose,
      jurisdiction: jurisdiction === undefined ? null : territoryOf(jurisdiction),
      commercial: this.catalog.isCommercial(ctx.principal.tenantId),
      now: ctx.now,
    });
    const notice = { id: license.id, name: license.name, spdxId: license.terms.spdxId ?? null };
    if (!decision.ok) return deny(this.name, decision.code, decision.message, { rule: decision.rule, details: { license: notice } });
    return { ...ctx, license: { ...notice, attribution: decision.attribution }, facts: { ...ctx.facts, license: license.id } };
  }
}

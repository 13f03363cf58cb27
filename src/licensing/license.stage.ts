import { Inject, Injectable } from '@nestjs/common';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference/inference-context.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { LicensingCatalog } from './licensing-catalog.js';
import { checkLicense, type LicenseUse } from './license-rules.js';
import { ancestry } from './lineage.js';
import type { LicenseRow } from './terms.repository.js';
import { territoryOf } from './territories.js';

/**
 * The licences the called version is offered under allow this use: not expired, inside its
 * territories (the country of `context.jurisdiction`: `US-CA` is in `US`, while `US-PR` is Puerto
 * Rico, `PR`, as ISO 3166 codes it on its own), commercial use only where allowed (tenants are
 * commercial unless an admin marked them otherwise), and a purpose it permits.
 *
 * A derived version answers with what its parents learned, so the licence of every version its
 * lineage reaches binds the call too: the called version's own first, then its ancestors nearest
 * first, and the first that refuses decides (a call is allowed only when every licence allows it).
 * The refusal names the version whose licence refused. An allowed call's answer names the called
 * version's licence with the attribution its outputs must carry. A version with no licence
 * attached adds no restrictions of its own.
 */
@Injectable()
export class LicenseStage implements Stage {
  readonly name = 'license';
  constructor(
    @Inject(LicensingCatalog) private readonly catalog: LicensingCatalog,
    @Inject(ModelCatalog) private readonly models: ModelCatalog,
  ) {}

  run(ctx: InferenceContext): InferenceContext | Denial {
    const calledId = ctx.model!.id;
    const licensed = ancestry(this.catalog.graph(), calledId)
      .map((versionId) => ({ versionId, license: this.catalog.license(versionId) }))
      .filter((v): v is { versionId: string; license: LicenseRow } => v.license !== undefined);
    if (licensed.length === 0) return ctx;
    const jurisdiction = ctx.request.context?.jurisdiction;
    const use: LicenseUse = {
      purpose: ctx.request.purpose,
      jurisdiction: jurisdiction === undefined ? null : territoryOf(jurisdiction),
      commercial: this.catalog.isCommercial(ctx.principal.tenantId),
      now: ctx.now,
    };
    for (const { versionId, license } of licensed) {
      const decision = checkLicense(license.terms, use);
      if (decision.ok) continue;
      const version = this.label(versionId);
      const message = versionId === calledId ? decision.message : `${decision.message} (the licence of ${version}, which ${this.label(calledId)} derives from)`;
      return deny(this.name, decision.code, message, { rule: decision.rule, details: { license: notice(license), version } });
    }
    const own = licensed[0].versionId === calledId ? licensed[0].license : undefined;
    const upstream = licensed.filter((v) => v.versionId !== calledId).map((v) => v.license.id);
    return {
      ...ctx,
      ...(own ? { license: { ...notice(own), attribution: own.terms.attribution ?? null } } : {}),
      facts: { ...ctx.facts, ...(own ? { license: own.id } : {}), ...(upstream.length ? { upstreamLicenses: [...new Set(upstream)] } : {}) },
    };
  }

  private label(versionId: string): string {
    const version = this.models.version(versionId);
    return version ? `${version.modelName}@${version.version}` : versionId;
  }
}

function notice(license: LicenseRow): { id: string; name: string; spdxId: string | null } {
  return { id: license.id, name: license.name, spdxId: license.terms.spdxId ?? null };
}

import { Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { ConsentRepository } from './consent.repository.js';
import { ProcessingRepository } from './processing.repository.js';
import { PurposesRepository } from './purposes.repository.js';
import { recordOfProcessing, type ModelInput, type RecordOfProcessing } from './record-of-processing.js';

/** The Art. 30 record of one tenant, for the tenant itself, admins and regulators (counts, never personal data). */
@Injectable()
export class ProcessingService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(PurposesRepository) private readonly purposes: PurposesRepository,
    @Inject(ProcessingRepository) private readonly repo: ProcessingRepository,
    @Inject(ConsentRepository) private readonly consent: ConsentRepository,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
  ) {}

  async record(principal: Principal, tenantId: string): Promise<RecordOfProcessing> {
    return this.db.forPrincipal(principal, async () => {
      const tenant = await this.tenants.findById(tenantId);
      if (!tenant || !defineAbilities(principal).can('read', subject('Tenant', { id: tenant.id }))) throw notFound('Tenant', tenantId);
      const usage = await this.repo.usage(tenantId);
      const declared = await this.consent.declaredFairnessBasis(tenantId);
      return recordOfProcessing({
        tenant: { id: tenant.id, name: tenant.name },
        generatedAt: new Date(),
        purposes: await this.purposes.list(),
        usage,
        consentSubjects: await this.repo.consentSubjects(tenantId),
        subjects: await this.repo.subjects(tenantId),
        protectedAttributes: { ...(await this.repo.protectedAttributeNames(tenantId)), declaredBasis: declared?.lawfulBasis ?? null },
        models: this.inputs(usage.map((u) => [u.model, u.version] as const)),
      });
    });
  }

  private inputs(used: readonly (readonly [string, string])[]): ModelInput[] {
    const seen = new Set<string>();
    const inputs: ModelInput[] = [];
    for (const [model, version] of used) {
      const key = `${model}@${version}`;
      const found = this.catalog.versions(model).find((v) => v.version === version);
      if (seen.has(key) || !found) continue;
      seen.add(key);
      inputs.push({ model, version, features: found.manifest.input.features.map((f) => ({ name: f.name, type: f.type, ...(f.description ? { description: f.description } : {}) })) });
    }
    return inputs;
  }
}

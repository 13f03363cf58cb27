import { Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { defineAbilities } from '../auth/ability.factory.js';
import type { Principal } from '../auth/principal.js';
import { TenantsRepository } from './tenants.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { tenantView, type CreateTenantDto, type TenantView } from './tenants.dto.js';

@Injectable()
export class TenantsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  create(actor: AuditActor, dto: CreateTenantDto): Promise<TenantView> {
    return this.db.platform(async () => {
      if (await this.tenants.findByName(dto.name)) {
        throw new DomainError('CONFLICT', `A tenant named "${dto.name}" already exists`, { field: 'name' });
      }
      const tenant = await this.tenants.insert(dto.name);
      await this.audit.recordNow(actor, { tenantId: null, action: 'tenant.create', resource: { type: 'tenant', id: tenant.id }, details: {} });
      return tenantView(tenant);
    });
  }

  list(): Promise<TenantView[]> {
    return this.db.platform(async () => (await this.tenants.list()).map(tenantView));
  }

  /**
   * Tenant keys read under their own tenant scope, so row-level security hides every other
   * tenant: another tenant's id is simply not found.
   */
  async get(principal: Principal, id: string): Promise<TenantView> {
    const tenant = await this.db.forPrincipal(principal, () => this.tenants.findById(id));
    if (!tenant || !defineAbilities(principal).can('read', subject('Tenant', { id: tenant.id }))) throw notFound('Tenant', id);
    return tenantView(tenant);
  }
}

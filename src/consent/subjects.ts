import { Inject, Injectable } from '@nestjs/common';
import { TenantDirectory } from '../tenants/tenant-directory.js';
import { pseudonym } from './pseudonym.js';
import { invalidField as invalid } from '../common/errors.js';

export interface SubjectRef {
  tenantId: string;
  tenantName: string;
  /** The only form in which Warden keeps the subject. */
  pseudonym: string;
}

/** Turns a tenant's own subject id into the tenant-scoped pseudonym; the raw id goes no further. */
@Injectable()
export class Subjects {
  constructor(@Inject(TenantDirectory) private readonly tenants: TenantDirectory) {}

  async resolve(tenantId: string, subjectId: string, field = 'subjectId'): Promise<SubjectRef> {
    const tenant = await this.tenants.get(tenantId);
    try {
      return { tenantId, tenantName: tenant.name, pseudonym: pseudonym(tenant.pseudonymKey, subjectId) };
    } catch (error) {
      if (error instanceof RangeError) throw invalid(field, 'subjectId', error.message);
      throw error;
    }
  }
}

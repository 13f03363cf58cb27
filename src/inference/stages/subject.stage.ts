import { Inject, Injectable } from '@nestjs/common';
import { pseudonym } from '../../consent/pseudonym.js';
import { TenantDirectory } from '../../tenants/tenant-directory.js';
import { deny, type Denial, type InferenceContext, type Stage } from '../inference-context.js';

/** Replaces the tenant's subject id with its tenant-scoped pseudonym: the only form Warden keeps. */
@Injectable()
export class SubjectStage implements Stage {
  readonly name = 'subject';
  constructor(@Inject(TenantDirectory) private readonly tenants: TenantDirectory) {}

  async run(ctx: InferenceContext): Promise<InferenceContext | Denial> {
    const tenant = await this.tenants.get(ctx.principal.tenantId);
    try {
      return { ...ctx, tenantName: tenant.name, subject: pseudonym(tenant.pseudonymKey, ctx.request.subject.id) };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return deny(this.name, 'VALIDATION_FAILED', `subject.id: ${error.message}`, { details: { fields: [{ field: 'subject.id', rule: 'subjectId', message: error.message }] } });
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-event.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ModelCatalog } from '../models/model-catalog.js';
import { documentView, type DocumentView } from './documents.dto.js';
import { DocumentsService, type Target } from './documents.service.js';
import type { Evidence } from './evidence.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'compliance.refresh-documents': Record<string, never>;
  }
}

/** How often every model's documents are checked against the live evidence. */
export const REFRESH_EVERY_MS = 3_600_000;

/**
 * Keeps the model documents current without anyone asking: every hour (and on an admin's request)
 * the technical documentation and instructions for use of every version that is not retired, and
 * the bias-audit summary of every model with a suitable audit, are gathered again; a new document
 * is generated only where the evidence changed. Retired versions keep their last documents.
 */
@Injectable()
export class DocumentRefresh implements OnApplicationBootstrap {
  private readonly logger = new Logger('ComplianceDocuments');

  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
    @Inject(DocumentsService) private readonly documents: DocumentsService,
  ) {
    jobs.register('compliance.refresh-documents', () => this.refresh(SYSTEM_ACTOR).then(() => undefined));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('compliance.refresh-documents', REFRESH_EVERY_MS, {});
  }

  async refresh(actor: AuditActor): Promise<{ checked: number; generated: DocumentView[] }> {
    await this.catalog.refresh();
    const resolving: (() => Promise<{ target: Target; evidence: Evidence }[]>)[] = [];
    for (const model of this.catalog.models()) {
      for (const v of this.catalog.versions(model).filter((x) => x.status !== 'retired')) {
        resolving.push(() => this.documents.resolveModelDocuments(model, v.version));
      }
      // The summary without options; variants an admin chose are subjects of their own, built on request.
      resolving.push(async () => [await this.documents.resolve({ kind: 'bias-audit-summary', model })]);
    }
    const generated: DocumentView[] = [];
    let checked = 0;
    let failed = 0;
    for (const resolve of resolving) {
      try {
        for (const { target, evidence } of await resolve()) {
          checked++;
          const { row, created } = await this.documents.build(actor, target, evidence);
          if (created) generated.push({ ...documentView(row), created });
        }
      } catch (error) {
        // A model without a suitable bias audit has no summary to publish yet.
        if (error instanceof DomainError && error.code === 'NOT_FOUND') continue;
        // One model's documents that cannot be built do not hold up every other model's.
        failed++;
        this.logger.warn(`A document could not be built: ${(error as Error).message}`);
      }
    }
    if (failed) this.logger.warn(`${failed} model(s) or version(s) had documents that could not be built; the others were refreshed`);
    if (generated.length) this.logger.log(`Generated ${generated.length} document(s) whose evidence changed, of ${checked} checked`);
    return { checked, generated };
  }
}

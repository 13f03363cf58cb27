import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AuditStore } from './audit-store.js';
import { AuditsController } from './audits.controller.js';
import { AuditsService } from './audits.service.js';
import { BiasAuditsRepository } from './bias-audits.repository.js';
import { ConsequencesService } from './consequences.service.js';
import { LiveAuditRepository } from './live-audit.repository.js';
import { LiveAuditsService } from './live-audits.service.js';
import { OutcomesController } from './outcomes.controller.js';
import { OutcomesRepository } from './outcomes.repository.js';
import { OutcomesService } from './outcomes.service.js';
import { ReviewRequirementsRepository } from './review-requirements.repository.js';
import { ReviewRequirementsService } from './review-requirements.service.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';

/** Bias audits: outcomes, on-demand and scheduled audits, and what a breach does. */
@Module({
  imports: [ModelsModule, TenantsModule],
  controllers: [OutcomesController, AuditsController, SchedulesController],
  providers: [
    OutcomesRepository,
    OutcomesService,
    BiasAuditsRepository,
    LiveAuditRepository,
    AuditStore,
    ReviewRequirementsRepository,
    ReviewRequirementsService,
    ConsequencesService,
    LiveAuditsService,
    AuditsService,
    SchedulesRepository,
    SchedulesService,
  ],
  // The inference pipeline's fairness-review stage reads the open review requirements; compliance
  // documents cite stored audits and schedules.
  exports: [ReviewRequirementsService, BiasAuditsRepository, SchedulesRepository],
})
export class FairnessModule {}

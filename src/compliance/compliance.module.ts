import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module.js';
import { FairnessModule } from '../fairness/fairness.module.js';
import { LicensingCatalogModule } from '../licensing/licensing-catalog.module.js';
import { ModelsModule } from '../models/models.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DocumentRefresh } from './document-refresh.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { EvidenceExportService } from './evidence-export.service.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { FreezesService } from './freezes.service.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Compliance documents generated from live evidence (EU AI Act Annex IV and Art. 13, GDPR Art. 30
 * and 35, NYC LL144 summaries, Art. 73 incident reports), and incidents with their deadlines and
 * evidence freezes. The registry refuses to change a frozen version (models.service.ts).
 */
@Module({
  imports: [ModelsModule, LicensingCatalogModule, PolicyModule, FairnessModule, ConsentModule, TenantsModule],
  controllers: [DocumentsController, IncidentsController],
  providers: [EvidenceRepository, IncidentsRepository, DocumentsRepository, EvidenceService, DocumentsService, DocumentRefresh, IncidentsService, FreezesService, EvidenceExportService],
})
export class ComplianceModule {}

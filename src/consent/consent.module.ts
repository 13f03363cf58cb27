import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ConsentController } from './consent.controller.js';
import { ConsentKeys } from './consent-keys.js';
import { ConsentRepository } from './consent.repository.js';
import { ConsentService } from './consent.service.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';
import { ProcessingRepository } from './processing.repository.js';
import { ProcessingService } from './processing.service.js';
import { ProtectedAttributesService } from './protected-attributes.service.js';
import { PurposesController } from './purposes.controller.js';
import { PurposesRepository } from './purposes.repository.js';
import { PurposesService } from './purposes.service.js';
import { ReceiptsService } from './receipts.service.js';
import { RetentionService } from './retention.service.js';
import { SubjectDataRepository } from './subject-data.repository.js';
import { SubjectExportService } from './subject-export.service.js';
import { Subjects } from './subjects.js';
import { SubjectsController } from './subjects.controller.js';

/**
 * Purposes, consent, receipts, protected attributes and data-subject rights. The pipeline's
 * `consent` stage (consent.stage.ts) is listed with the other stages by the inference module.
 */
@Module({
  imports: [TenantsModule, ModelsModule],
  controllers: [PurposesController, ConsentController, SubjectsController],
  providers: [
    ConsentKeys,
    Subjects,
    PurposesRepository,
    ConsentRepository,
    SubjectDataRepository,
    ErasureRepository,
    ProcessingRepository,
    PurposesService,
    ConsentService,
    ReceiptsService,
    ProtectedAttributesService,
    SubjectExportService,
    ErasureService,
    RetentionService,
    ProcessingService,
  ],
  exports: [ConsentRepository, PurposesService, ProcessingService],
})
export class ConsentModule {}

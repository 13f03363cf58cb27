import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module.js';
import { LicensingCatalogModule } from './licensing-catalog.module.js';
import { LicensingDefaults } from './licensing-defaults.js';
import { RevenueController } from './revenue.controller.js';
import { RevenueRepository } from './revenue.repository.js';
import { RevenueService } from './revenue.service.js';
import { SettlementsRepository } from './settlements.repository.js';
import { SettlementsService } from './settlements.service.js';
import { TermsController } from './terms.controller.js';
import { TermsService } from './terms.service.js';

/** Licences, rights-holders, shares, lineage and prices; revenue reports; settlements. */
@Module({
  imports: [ModelsModule, LicensingCatalogModule],
  controllers: [TermsController, RevenueController],
  providers: [TermsService, RevenueRepository, RevenueService, SettlementsRepository, SettlementsService, LicensingDefaults],
  exports: [TermsService, SettlementsService, RevenueService, LicensingDefaults],
})
export class LicensingModule {}

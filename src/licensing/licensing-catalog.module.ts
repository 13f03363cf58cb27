import { Module } from '@nestjs/common';
import { LicensingCatalog } from './licensing-catalog.js';
import { TermsRepository } from './terms.repository.js';

/**
 * The cached licensing terms on their own, for the concerns that read them on every request (the
 * model registry's views, the pipeline's licence and meter stages) without the rest of licensing.
 */
@Module({
  providers: [TermsRepository, LicensingCatalog],
  exports: [TermsRepository, LicensingCatalog],
})
export class LicensingCatalogModule {}

import { Global, Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditExport } from './audit-export.service.js';
import { AuditIntegrity } from './audit-integrity.service.js';
import { AuditKeys } from './audit-keys.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditWriter } from './audit-writer.js';

/** Every concern records through AuditService, so the module is global. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditWriter, AuditService, AuditKeys, AuditCheckpoints, AuditIntegrity, AuditExport],
  exports: [AuditService, AuditCheckpoints, AuditExport, AuditKeys],
})
export class AuditModule {}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { ModelCatalog } from './model-catalog.js';
import { ModelsService } from './models.service.js';

/**
 * On first start (an empty registry), registers and activates the demo models that
 * `npm run models:build` writes to models/: `<name>@<version>.json` manifests beside their `.onnx`.
 */
@Injectable()
export class DemoModels {
  private readonly logger = new Logger('DemoModels');

  constructor(
    @Inject(ModelsService) private readonly models: ModelsService,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
  ) {}

  async installIfEmpty(dir: string): Promise<string[]> {
    await this.catalog.refresh();
    if (this.catalog.models().length > 0 || !existsSync(dir)) return [];
    const installed: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const manifest = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { name: string; version: string; rightsHolders?: unknown };
      const bytes = readFileSync(path.join(dir, file.replace(/\.json$/, '.onnx')));
      try {
        await this.models.register(SYSTEM_ACTOR, { rightsHolders: [{ name: 'Warden demo', role: 'author' }], ...manifest }, bytes);
        await this.models.changeStatus(SYSTEM_ACTOR, manifest.name, manifest.version, 'active', 'Demo model installed on first start');
        installed.push(`${manifest.name}@${manifest.version}`);
      } catch (error) {
        // Another instance starting at the same moment installed it first.
        if (!(error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'INVALID_TRANSITION'))) throw error;
      }
    }
    if (installed.length) this.logger.log(`Installed demo models: ${installed.join(', ')}`);
    return installed;
  }
}

import { Module } from '@nestjs/common';
import { LicensingCatalogModule } from '../licensing/licensing-catalog.module.js';
import { DemoModels } from './demo-models.js';
import { InferenceEngine } from './inference-engine.js';
import { ModelCatalog } from './model-catalog.js';
import { ModelsController } from './models.controller.js';
import { ModelsRepository } from './models.repository.js';
import { ModelsService } from './models.service.js';
import { OnnxRuntime } from './onnx-runtime.js';

@Module({
  imports: [LicensingCatalogModule],
  controllers: [ModelsController],
  providers: [ModelsRepository, ModelCatalog, OnnxRuntime, InferenceEngine, ModelsService, DemoModels],
  exports: [ModelCatalog, InferenceEngine, ModelsService, DemoModels],
})
export class ModelsModule {}

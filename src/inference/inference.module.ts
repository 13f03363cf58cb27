import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { InferenceController } from './inference.controller.js';
import { InferenceService } from './inference.service.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';
import { AuthoriseStage } from './stages/authorise.stage.js';
import { ExplainStage } from './stages/explain.stage.js';
import { InferStage } from './stages/infer.stage.js';
import { PostPolicyStage } from './stages/post-policy.stage.js';
import { PrePolicyStage } from './stages/pre-policy.stage.js';
import { ResolveModelStage } from './stages/resolve-model.stage.js';
import { SubjectStage } from './stages/subject.stage.js';
import { ValidateInputStage } from './stages/validate-input.stage.js';

const stages = [ResolveModelStage, AuthoriseStage, SubjectStage, ValidateInputStage, PrePolicyStage, InferStage, PostPolicyStage, ExplainStage];

@Module({
  imports: [ModelsModule, PolicyModule, TenantsModule],
  controllers: [InferenceController, ReviewsController],
  providers: [...stages, InferenceService, ReviewsRepository, ReviewsService],
})
export class InferenceModule {}

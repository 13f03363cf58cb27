import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module.js';
import { ConsentStage } from '../consent/consent.stage.js';
import { FairnessModule } from '../fairness/fairness.module.js';
import { FairnessReviewStage } from '../fairness/fairness-review.stage.js';
import { LicensingCatalogModule } from '../licensing/licensing-catalog.module.js';
import { LicenseStage } from '../licensing/license.stage.js';
import { MeterStage } from '../licensing/meter.stage.js';
import { ReasonStage } from './stages/reason.stage.js';
import { ModelsModule } from '../models/models.module.js';
import { PiiModule } from '../pii/pii.module.js';
import { RedactStage } from '../pii/redact.stage.js';
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

const stages = [ResolveModelStage, AuthoriseStage, SubjectStage, ConsentStage, LicenseStage, ValidateInputStage, PrePolicyStage, InferStage, PostPolicyStage, ReasonStage, FairnessReviewStage, ExplainStage, MeterStage];

@Module({
  imports: [ModelsModule, PolicyModule, PiiModule, TenantsModule, ConsentModule, FairnessModule, LicensingCatalogModule],
  controllers: [InferenceController, ReviewsController],
  providers: [...stages, InferenceService, ReviewsRepository, ReviewsService],
})
export class InferenceModule {}

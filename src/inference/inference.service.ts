import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { AuditReceipt } from '../audit/audit-batch.js';
import type { Attachment } from '../audit/audit-writer.js';
import { storableText } from '../audit/event-hash.js';
import { DomainError } from '../common/errors.js';
import { timed, type StepTimings } from '../common/server-timing.js';
import { ConsentStage } from '../consent/consent.stage.js';
import type { Principal } from '../auth/principal.js';
import { isDenial, type Denial, type InferenceContext, type Stage } from './inference-context.js';
import { outputsHash, publicOutputs, storableContexts } from './inference-record.js';
import { withheldOutputs, type OutputField } from '../policy/policy-document.js';
import type { InferRequestDto, InferResponseView } from './inference.dto.js';
import { AuthoriseStage } from './stages/authorise.stage.js';
import { ExplainStage } from './stages/explain.stage.js';
import { InferStage } from './stages/infer.stage.js';
import { FairnessReviewStage } from '../fairness/fairness-review.stage.js';
import { LicenseStage } from '../licensing/license.stage.js';
import { MeterStage } from '../licensing/meter.stage.js';
import { ReasonStage } from './stages/reason.stage.js';
import { PostPolicyStage } from './stages/post-policy.stage.js';
import { PrePolicyStage } from './stages/pre-policy.stage.js';
import { RedactStage } from '../pii/redact.stage.js';
import { ResolveModelStage } from './stages/resolve-model.stage.js';
import { SubjectStage } from './stages/subject.stage.js';
import { ValidateInputStage } from './stages/validate-input.stage.js';

/**
 * The governed pipeline. Reading the list of stages tells what happens to every call; each stage
 * either adds to the context or stops the call with a reason. Every outcome is audited: an allowed
 * call's answer is sent only after its audit event (and its record) is committed.
 */
@Injectable()
export class InferenceService {
  private readonly stages: Stage[];

  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ResolveModelStage) resolve: ResolveModelStage,
    @Inject(AuthoriseStage) authorise: AuthoriseStage,
    @Inject(SubjectStage) subject: SubjectStage,
    @Inject(ConsentStage) consent: ConsentStage,
    @Inject(LicenseStage) license: LicenseStage,
    @Inject(ValidateInputStage) validate: ValidateInputStage,
    @Inject(RedactStage) redact: RedactStage,
    @Inject(PrePolicyStage) prePolicy: PrePolicyStage,
    @Inject(InferStage) infer: InferStage,
    @Inject(PostPolicyStage) postPolicy: PostPolicyStage,
    @Inject(ReasonStage) reason: ReasonStage,
    @Inject(FairnessReviewStage) fairnessReview: FairnessReviewStage,
    @Inject(ExplainStage) explain: ExplainStage,
    @Inject(MeterStage) meter: MeterStage,
  ) {
    this.stages = [resolve, authorise, subject, consent, license, validate, redact, prePolicy, infer, postPolicy, reason, fairnessReview, explain, meter];
  }

  /** Runs a call through the pipeline; with `timings`, how long each stage and the audit took is recorded there. */
  async infer(principal: Principal, reference: string, request: InferRequestDto, timings?: StepTimings): Promise<InferResponseView> {
    if (principal.role !== 'tenant' || !principal.tenantId) throw new DomainError('FORBIDDEN', 'Only tenant keys call models', { permission: 'infer:Model', role: principal.role });
    let ctx: InferenceContext = {
      requestId: randomUUID(),
      timings,
      principal: { ...principal, tenantId: principal.tenantId },
      reference,
      request,
      startedAt: performance.now(),
      now: new Date(),
      obligations: [],
      suppress: [],
      attachments: [],
      facts: {},
    };
    for (const stage of this.stages) {
      let next: InferenceContext | Denial;
      try {
        next = await timed(timings, stage.name, () => stage.run(ctx));
      } catch (error) {
        await this.refuse(ctx, { denied: true, stage: stage.name, code: 'INTERNAL', message: 'Internal error' }).catch(() => undefined);
        throw error;
      }
      if (isDenial(next)) return this.refuse(ctx, next);
      ctx = next;
    }
    return this.complete(ctx);
  }

  private async complete(ctx: InferenceContext): Promise<InferResponseView> {
    const model = ctx.model!;
    const outputs = publicOutputs(ctx.predictions!, ctx.suppress);
    const review = ctx.obligations.find((o) => o.name === 'human_review') ? { id: randomUUID(), status: 'open' } : undefined;
    const rules = [...(ctx.preDecision?.rules ?? []), ...(ctx.postDecision?.rules ?? [])];
    const policyVersion = ctx.policy!.version;
    const receipt = await timed(ctx.timings, 'audit', () =>
      this.audit.record(
        actorOf(ctx.principal),
        {
          tenantId: ctx.principal.tenantId,
          action: 'inference.infer',
          resource: { type: 'model', id: `${model.modelName}@${model.version}` },
          decision: 'allow',
          details: {
            ...this.commonFacts(ctx),
            policyVersion,
            rules: rules.map((r) => r.id),
            obligations: ctx.obligations.map((o) => o.name),
            outputsHash: outputsHash(outputs),
            ...(review ? { reviewId: review.id } : {}),
          },
        },
        (r) => [this.record(ctx, r, 'allow', 'complete', null, policyVersion), ...(review ? [this.reviewRow(ctx, review.id, rules)] : []), ...ctx.attachments.flatMap((attach) => attach(r))],
      ),
    );
    return {
      requestId: ctx.requestId,
      model: { name: model.modelName, version: model.version },
      outputs,
      ...(ctx.explanations ? { explanation: ctx.explanations as unknown as Record<string, unknown>[] } : {}),
      obligations: ctx.obligations,
      decision: { policyVersion, rules },
      ...(ctx.license ? { license: ctx.license } : {}),
      audit: receipt,
      ...(review ? { review } : {}),
    };
  }

  /** Audits the refusal (with the stage and rule), then answers with it. */
  private async refuse(ctx: InferenceContext, denial: Denial): Promise<never> {
    const policyVersion = (denial.details?.policyVersion as string | undefined) ?? ctx.policy?.version ?? null;
    await timed(ctx.timings, 'audit', () =>
      this.audit.record(
        actorOf(ctx.principal),
        {
          tenantId: ctx.principal.tenantId,
          action: 'inference.infer',
          resource: ctx.model ? { type: 'model', id: `${ctx.model.modelName}@${ctx.model.version}` } : { type: 'model', id: storableText(ctx.reference, 200) },
          decision: 'deny',
          reason: denial.code,
          details: { ...this.commonFacts(ctx), stage: denial.stage, rule: denial.rule ?? null, policyVersion },
        },
        (r) => (ctx.model ? [this.record(ctx, r, 'deny', denial.stage, denial.code, policyVersion)] : []),
      ),
    );
    throw new DomainError(denial.code, denial.message, { stage: denial.stage, ...(denial.rule ? { rule: denial.rule } : {}), ...denial.details }, denial.headers);
  }

  private commonFacts(ctx: InferenceContext): Record<string, string | number | boolean | null | string[]> {
    return {
      requestId: ctx.requestId,
      purpose: ctx.request.purpose,
      subject: ctx.subject ?? null,
      rows: ctx.rows?.length ?? null,
      latencyMs: Math.round((performance.now() - ctx.startedAt) * 1000) / 1000,
      ...ctx.facts,
    };
  }

  private record(ctx: InferenceContext, receipt: AuditReceipt, decision: 'allow' | 'deny', stage: string, reason: string | null, policyVersion: string | null): Attachment {
    return {
      table: 'inference_records',
      rows: [
        {
          request_id: ctx.requestId,
          tenant_id: ctx.principal.tenantId,
          created_at: ctx.now,
          model: ctx.model!.modelName,
          version: ctx.model!.version,
          purpose: ctx.request.purpose,
          subject: ctx.subject ?? null,
          decision,
          stage,
          reason,
          policy_version: policyVersion,
          rows: ctx.rows?.length ?? 0,
          context: JSON.stringify(storableContexts(ctx)),
          outputs: ctx.predictions ? JSON.stringify(ctx.predictions) : null,
          withheld: this.withheld(ctx, decision),
          latency_ms: performance.now() - ctx.startedAt,
          audit_chain: receipt.chain,
          audit_seq: receipt.seq,
        },
      ],
    };
  }

  /**
   * What the caller was not told of the stored outputs: what the policy suppressed from an answer,
   * and everything when the call was refused after inference (a refusal carries no outputs).
   */
  private withheld(ctx: InferenceContext, decision: 'allow' | 'deny'): OutputField[] {
    return decision === 'deny' ? ['label', 'score'] : withheldOutputs(ctx.suppress);
  }

  private reviewRow(ctx: InferenceContext, id: string, rules: { id: string }[]): Attachment {
    const obligation = ctx.obligations.find((o) => o.name === 'human_review')!;
    // Only the rows the obligation applies to are held for review.
    const held = obligation.rows ?? null;
    const outputs = held ? held.map((row) => ctx.predictions![row]) : ctx.predictions;
    return {
      table: 'reviews',
      rows: [
        {
          id,
          tenant_id: ctx.principal.tenantId,
          request_id: ctx.requestId,
          model: ctx.model!.modelName,
          version: ctx.model!.version,
          rules: obligation.rules.length ? obligation.rules : rules.map((r) => r.id),
          outputs: JSON.stringify(outputs),
          rows: held ?? ctx.predictions!.map((_, row) => row),
          withheld: this.withheld(ctx, 'allow'),
        },
      ],
    };
  }
}

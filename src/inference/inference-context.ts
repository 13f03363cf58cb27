import type { AuditReceipt } from '../audit/audit-batch.js';
import type { Attachment } from '../audit/audit-writer.js';
import type { ErrorCode } from '../common/errors.js';
import type { Principal } from '../auth/principal.js';
import type { Explanation } from '../models/explain.js';
import type { CatalogVersion } from '../models/model-catalog.js';
import type { FeatureRow } from '../models/model-schema.js';
import { scoreOf, type Prediction } from '../models/predictions.js';
import type { CompiledPolicy, Decision, Obligation } from '../policy/policy-engine.js';
import { countryOf, timeContext, type PolicyContext } from '../policy/policy-context.js';
import type { StepTimings } from '../common/server-timing.js';
import type { InferRequestDto } from './inference.dto.js';

/**
 * What the pipeline knows about one governed call. Each stage reads it and returns it with its own
 * part filled in, or returns a Denial that stops the call.
 */
export interface InferenceContext {
  readonly requestId: string;
  readonly principal: Principal & { tenantId: string };
  readonly reference: string;
  readonly request: InferRequestDto;
  readonly startedAt: number;
  readonly now: Date;
  /** Where the time each stage takes is recorded, when the call is timed (SERVER_TIMING). */
  readonly timings?: StepTimings;
  tenantName?: string;
  /** Tenant-scoped pseudonym of the subject: the only form in which the subject is stored. */
  subject?: string;
  model?: CatalogVersion;
  rows?: FeatureRow[];
  /** The rows as they may be stored: every personal datum in text replaced, by the redaction stage. */
  storedRows?: FeatureRow[];
  /** Entity types found and replaced in text inputs, by the redaction stage. */
  pii?: { found: string[]; count: number };
  policy?: CompiledPolicy;
  quota?: { minute: number; day: number };
  preDecision?: Decision;
  predictions?: Prediction[];
  explanations?: Explanation[];
  postDecision?: Decision;
  obligations: Obligation[];
  /** Response fields an output rule suppressed. */
  suppress: string[];
  /** The licence the called version is offered under, as the answer names it (with the attribution its outputs must carry). */
  license?: LicenseNotice;
  /** Lawful basis the call rests on (consent, contract, …), recorded with it. */
  lawfulBasis?: string;
  /** Rows other concerns write in the same transaction as the audit event (charges, …). */
  attachments: ((receipt: AuditReceipt) => Attachment[])[];
  /** Facts for the audit event's details: ids, codes, hashes, never personal data. */
  facts: Record<string, string | number | boolean | null | string[]>;
}

export interface LicenseNotice {
  id: string;
  name: string;
  spdxId: string | null;
  attribution: string | null;
}

export interface Denial {
  readonly denied: true;
  stage: string;
  code: ErrorCode;
  message: string;
  rule?: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export const deny = (stage: string, code: ErrorCode, message: string, extra: Partial<Pick<Denial, 'rule' | 'details' | 'headers'>> = {}): Denial => ({
  denied: true,
  stage,
  code,
  message,
  ...extra,
});

export const isDenial = (value: InferenceContext | Denial): value is Denial => (value as Denial).denied === true;

/** One named step of the governed pipeline. */
export interface Stage {
  readonly name: string;
  run(ctx: InferenceContext): Promise<InferenceContext | Denial> | InferenceContext | Denial;
}

/** The policy context of the whole call, before any row is looked at. */
export function callContext(ctx: InferenceContext): PolicyContext {
  const model = ctx.model!;
  return {
    tenant: { id: ctx.principal.tenantId, name: ctx.tenantName ?? '' },
    role: ctx.principal.role,
    model: { name: model.modelName, version: model.version, riskClass: model.manifest.riskClass },
    purpose: ctx.request.purpose,
    ...(ctx.request.context?.jurisdiction ? { jurisdiction: ctx.request.context.jurisdiction, country: countryOf(ctx.request.context.jurisdiction) } : {}),
    time: timeContext(ctx.now),
    subject: { id: ctx.subject, attributes: ctx.request.subject.attributes ?? {} },
    ...(ctx.quota ? { quota: ctx.quota } : {}),
    ...(ctx.pii ? { pii: ctx.pii } : {}),
  };
}

/**
 * The policy context of each input row, with its prediction once there is one. What every row of
 * the call shares (`call`, by default the call's own context) is built once and shared, not
 * copied: contexts are read, never changed.
 */
export function rowContexts(ctx: InferenceContext, rows: readonly FeatureRow[], predictions?: readonly Prediction[], call = callContext(ctx)): PolicyContext[] {
  return rows.map((row, i) => {
    // Object.assign: `{ ...call, input: row }` took about five times as long per row here.
    const context: PolicyContext = Object.assign({}, call, { input: row });
    const prediction = predictions?.[i];
    if (prediction) context.output = { label: prediction.label, score: scoreOf(prediction) };
    return context;
  });
}

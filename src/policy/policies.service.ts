import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { rollbackTarget, type Activation } from './activation-history.js';
import { ActivePolicy } from './active-policy.js';
import { compilePolicy, contentVersion } from './compile.js';
import { diffPolicies, type PolicyDiff } from './diff.js';
import { dryRun, type DryRunReport, type RecordedRequest } from './dry-run.js';
import { PoliciesRepository, type RecordedCall, type StoredPolicy } from './policies.repository.js';
import type { PolicyDocument, PolicyError } from './policy-document.js';
import { parsePolicy } from './policy-parse.js';

export interface ValidationReport {
  valid: boolean;
  errors: PolicyError[];
  document?: PolicyDocument;
}

/** Drafting, validating, comparing, replaying and activating usage policies. Nothing is ever overwritten. */
@Injectable()
export class PoliciesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(PoliciesRepository) private readonly repo: PoliciesRepository,
    @Inject(ActivePolicy) private readonly active: ActivePolicy,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  validate(source: string): ValidationReport {
    const parsed = parsePolicy(source);
    return parsed.errors ? { valid: false, errors: parsed.errors } : { valid: true, errors: [], document: parsed.document };
  }

  /** Stores a draft; errors name the line, column and field. */
  createDraft(actor: AuditActor, source: string, reason: string): Promise<StoredPolicy> {
    const report = this.validate(source);
    if (!report.valid) {
      const first = report.errors[0];
      throw new DomainError('POLICY_INVALID', `line ${first.line}, column ${first.column}: ${first.path}: ${first.message}`, { errors: report.errors });
    }
    return this.db.platform(async () => {
      await this.repo.lock();
      const basedOn = await this.repo.activeVersion();
      const draft = await this.repo.insert({ name: report.document!.name, source, document: report.document!, contentHash: contentVersion(report.document!), status: 'draft', basedOn, author: actor.id, reason });
      await this.audit.recordNow(actor, { tenantId: null, action: 'policy.draft', resource: { type: 'policy', id: String(draft.version) }, details: { contentHash: draft.contentHash, basedOn, reason } });
      return draft;
    });
  }

  list(): Promise<StoredPolicy[]> {
    return this.db.platform(() => this.repo.list());
  }

  async get(version: number): Promise<StoredPolicy> {
    const policy = await this.db.platform(() => this.repo.find(version));
    if (!policy) throw notFound('Policy version', String(version));
    return policy;
  }

  async activeVersion(): Promise<StoredPolicy> {
    const policy = await this.db.platform(() => this.repo.active());
    if (!policy) throw notFound('Active policy');
    return policy;
  }

  /** Rules added, removed and changed from `against` (default: the active version) to `version`. */
  async diff(version: number, against?: number): Promise<PolicyDiff & { from: number | null; to: number }> {
    const next = await this.get(version);
    const previous = against ? await this.get(against) : await this.db.platform(() => this.repo.active());
    const empty: PolicyDocument = { name: next.name, rules: [] };
    return { from: previous?.version ?? null, to: version, ...diffPolicies(previous?.document ?? empty, next.document) };
  }

  /** Replays recorded calls (the last `last`, or those in [from, to)) through `version` and the active policy. */
  async dryRun(version: number, window: { last?: number; from?: Date; to?: Date }): Promise<DryRunReport & { version: number; against: number | null }> {
    const draft = await this.get(version);
    const current = this.active.current;
    const recorded = await this.db.platform(() => this.recorded(window));
    const baseline = current ?? compilePolicy({ name: 'none', rules: [] });
    return { version, against: current ? Number(current.version) : null, ...dryRun(compilePolicy(draft.document, { version }), baseline, recorded) };
  }

  activate(actor: AuditActor, version: number, reason: string): Promise<StoredPolicy> {
    return this.inForce(async () => {
      const policy = await this.repo.find(version);
      if (!policy) throw notFound('Policy version', String(version));
      if (policy.status === 'active') throw new DomainError('CONFLICT', `Policy version ${version} is already active`);
      return this.putInForce(actor, policy, reason, null);
    });
  }

  /**
   * Puts back the version that was in force before the current one was activated; a second
   * rollback goes further back (activation-history.ts). The log is read under the same lock as
   * activations take, so two rollbacks at once apply one after the other, and one given `from`
   * (the version the admin saw in force) is refused once another has moved on.
   */
  rollback(actor: AuditActor, reason: string, from?: number): Promise<StoredPolicy> {
    return this.inForce(async () => {
      const current = await this.repo.activeVersion();
      if (from !== undefined && current !== from) throw new DomainError('CONFLICT', `Version ${current ?? 'none'} is in force, not ${from}; nothing was rolled back`, { active: current });
      const target = rollbackTarget(await this.repo.activations());
      const policy = target === null ? null : await this.repo.find(target);
      if (!policy || current === null) throw new DomainError('CONFLICT', 'There is no earlier active version to roll back to');
      return this.putInForce(actor, policy, reason, current);
    });
  }

  /** Every activation and rollback, newest first. */
  async activations(): Promise<Activation[]> {
    return (await this.db.platform(() => this.repo.activations())).reverse();
  }

  /** Runs `work` under the policy lock, then loads what it put in force on this instance. */
  private async inForce(work: () => Promise<StoredPolicy>): Promise<StoredPolicy> {
    const activated = await this.db.platform(async () => {
      await this.repo.lock();
      return work();
    });
    await this.active.refresh();
    return activated;
  }

  private async putInForce(actor: AuditActor, policy: StoredPolicy, reason: string, rolledBackFrom: number | null): Promise<StoredPolicy> {
    const previous = await this.repo.activeVersion();
    await this.repo.activate(policy.version, actor.id, reason, rolledBackFrom === null ? 'activate' : 'rollback', rolledBackFrom);
    const rollback: Record<string, boolean> = rolledBackFrom === null ? {} : { rollback: true };
    await this.audit.recordNow(actor, { tenantId: null, action: 'policy.activate', resource: { type: 'policy', id: String(policy.version) }, details: { previous, contentHash: policy.contentHash, reason, ...rollback } });
    return (await this.repo.find(policy.version))!;
  }

  /** Loads a policy file as version 1, active, into an empty policy store (once, whichever instance comes first). */
  async loadDefaults(actor: AuditActor, file: string, source: string): Promise<StoredPolicy | null> {
    const report = this.validate(source);
    if (!report.valid) throw new Error(`${file} is not a valid policy: line ${report.errors[0].line}: ${report.errors[0].path}: ${report.errors[0].message}`);
    const loaded = await this.db.platform(async () => {
      await this.repo.lock();
      if ((await this.repo.count()) > 0) return null;
      const reason = `Default policy from ${file}`;
      const policy = await this.repo.insert({ name: report.document!.name, source, document: report.document!, contentHash: contentVersion(report.document!), status: 'draft', basedOn: null, author: actor.id, reason });
      await this.repo.activate(policy.version, actor.id, reason);
      await this.audit.recordNow(actor, { tenantId: null, action: 'policy.activate', resource: { type: 'policy', id: String(policy.version) }, details: { previous: null, contentHash: policy.contentHash, reason } });
      return policy;
    });
    await this.active.refresh();
    return loaded;
  }

  private async recorded(window: { last?: number; from?: Date; to?: Date }): Promise<RecordedRequest[]> {
    const calls = await this.repo.recordedCalls(window);
    return calls.flatMap((call) => {
      const reasonGiven = reasonGivenBy(call);
      return call.contexts.map((context, i) => ({
        id: call.contexts.length > 1 ? `${call.requestId}#${i}` : call.requestId,
        context,
        ...(reasonGiven === undefined ? {} : { reasonGiven }),
      }));
    });
  }
}

/**
 * Whether a recorded call gave a reason. A reason given is kept in the call's audit event as
 * `callerReason` once the reason stage has run; a call that completed passed that stage, and one
 * refused there gave none. A call refused earlier may have had one that was never looked at.
 */
function reasonGivenBy(call: RecordedCall): boolean | undefined {
  if (call.callerReason === null) return undefined;
  if (call.callerReason) return true;
  return call.decision === 'allow' || call.stage === 'reason' ? false : undefined;
}

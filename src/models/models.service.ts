import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import type { Principal } from '../auth/principal.js';
import { encodeRows, encodingWidth } from './encoding.js';
import { contractMismatch } from './graph-contract.js';
import { validateRows } from './input-validation.js';
import { externalTensor } from './self-contained.js';
import { servedOutputProblem } from './served-output.js';
import { InferenceEngine } from './inference-engine.js';
import { allowedTransitions, canTransition, type ModelStatus } from './lifecycle.js';
import { validateRegistration, type Registration } from './manifest-validation.js';
import { ModelCatalog, type CatalogVersion } from './model-catalog.js';
import { ONNX_INPUT, onnxOutputName, onnxSignature, type ModelManifest } from './model-schema.js';
import { ModelsRepository } from './models.repository.js';
import { LicensingCatalog } from '../licensing/licensing-catalog.js';
import { versionView, type ModelDetailView, type ModelSummaryView, type ModelVersionView } from './models.dto.js';
import { parseSemver } from './semver.js';

const rejected = (reason: string, details?: Record<string, unknown>) => new DomainError('MODEL_REJECTED', reason, details);

/** Registering model versions, moving them through their lifecycle, and listing what a caller may use. */
@Injectable()
export class ModelsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ModelsRepository) private readonly repo: ModelsRepository,
    @Inject(ModelCatalog) private readonly catalog: ModelCatalog,
    @Inject(InferenceEngine) private readonly engine: InferenceEngine,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(LicensingCatalog) private readonly terms: LicensingCatalog,
  ) {}

  /**
   * Validates the manifest (400 naming fields), then loads the graph with onnxruntime and refuses it
   * (422 with the reason) when it does not load, does not match the declared schema, or fails on
   * the example. Stores bytes, sha256 and manifest as an immutable draft version.
   */
  async register(actor: AuditActor, manifestJson: unknown, bytes: Buffer): Promise<ModelVersionView> {
    const validated = validateRegistration(manifestJson);
    if ('problems' in validated) {
      const first = validated.problems[0];
      throw new DomainError('VALIDATION_FAILED', `${first.field}: ${first.message}`, { fields: validated.problems });
    }
    const registration = validated.registration;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (registration.sha256 && registration.sha256 !== sha256) throw rejected(`sha256 in the manifest (${registration.sha256}) is not the sha256 of the uploaded bytes (${sha256})`);
    await this.vet(registration, bytes);
    const { rightsHolders, ...rest } = registration;
    const manifest: ModelManifest = { ...rest, sha256 };
    const semver = parseSemver(manifest.version)!;
    const id = await this.db.platform(async () => {
      const model = await this.repo.upsertModel(manifest.name);
      if (await this.repo.findVersion(model.id, manifest.version)) {
        throw new DomainError('CONFLICT', `${manifest.name}@${manifest.version} is already registered; versions are immutable, register a new version`);
      }
      const row = await this.repo.insertVersion({ modelId: model.id, version: manifest.version, ...semver, sha256, sizeBytes: bytes.length, onnx: bytes, manifest, rightsHolders, registeredBy: actor.id });
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: 'model.register',
        resource: { type: 'model', id: `${manifest.name}@${manifest.version}` },
        details: { sha256, sizeBytes: bytes.length, riskClass: manifest.riskClass, allowedPurposes: manifest.allowedPurposes },
      });
      return row.id;
    });
    await this.catalog.refresh();
    return this.view(this.catalog.version(id)!);
  }

  /**
   * Refuses (423 MODEL_FROZEN) any change to a version an incident's evidence freeze holds: its
   * status here, its licence, shares, lineage and prices in licensing. Call inside the transaction
   * that makes the change.
   */
  async assertNotFrozen(versionId: string, name: string, version: string): Promise<void> {
    const freeze = await this.repo.activeFreeze(versionId);
    if (freeze) {
      throw new DomainError('MODEL_FROZEN', `${name}@${version} is frozen as evidence of incident ${freeze.incidentId} since ${freeze.frozenAt.toISOString()}; an admin must release the freeze first`, {
        model: name,
        version,
        incidentId: freeze.incidentId,
        frozenAt: freeze.frozenAt.toISOString(),
      });
    }
  }

  async changeStatus(actor: AuditActor, name: string, version: string, status: ModelStatus, reason: string): Promise<ModelVersionView> {
    const target = this.catalog.versions(name).find((v) => v.version === version);
    if (!target) throw notFound('Model version', `${name}@${version}`);
    await this.db.platform(async () => {
      const row = await this.repo.lockVersion(target.id);
      if (!row) throw notFound('Model version', `${name}@${version}`);
      await this.assertNotFrozen(row.id, name, version);
      if (!canTransition(row.status, status)) {
        throw new DomainError('INVALID_TRANSITION', `${name}@${version} is ${row.status}; it can become ${allowedTransitions(row.status).join(' or ') || 'nothing else'}`, {
          from: row.status,
          to: status,
        });
      }
      await this.repo.setStatus(row.id, status, reason);
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: `model.${status === 'active' ? (row.status === 'suspended' ? 'resume' : 'activate') : status === 'suspended' ? 'suspend' : 'retire'}`,
        resource: { type: 'model', id: `${name}@${version}` },
        details: { from: row.status, to: status, reason },
      });
    });
    await this.catalog.refresh();
    return this.view(this.catalog.version(target.id)!);
  }

  /** Tenants and licensors see models with an active version; operators see every model. */
  list(principal: Principal): ModelSummaryView[] {
    const everything = principal.role === 'admin' || principal.role === 'regulator';
    return this.catalog
      .models()
      .map((name) => ({ name, active: this.catalog.activeVersion(name), versions: this.catalog.versions(name) }))
      .filter((m) => everything || m.active)
      .map((m) => ({
        name: m.name,
        activeVersion: m.active ? this.view(m.active) : null,
        versions: (everything ? m.versions : m.versions.filter((v) => v.status === 'active')).map((v) => ({ version: v.version, status: v.status })),
      }));
  }

  get(principal: Principal, name: string): ModelDetailView {
    const summary = this.list(principal).find((m) => m.name === name);
    if (!summary) throw notFound('Model', name);
    const everything = principal.role === 'admin' || principal.role === 'regulator';
    const versions = this.catalog.versions(name).filter((v) => everything || v.status === 'active');
    return { name, activeVersion: summary.activeVersion, versions: versions.map((v) => this.view(v)) };
  }

  /** A version as callers see it, with the licence, shares, lineage and price it is offered under. */
  private view(v: CatalogVersion): ModelVersionView {
    return versionView(v, this.terms.view(v.id));
  }

  private async vet(registration: Registration, bytes: Buffer): Promise<void> {
    const external = externalTensor(bytes);
    if (external) throw rejected(`Tensor ${external} takes its data from a file outside the model (external data); a model version must hold all its data in its own bytes`);
    let graph;
    try {
      graph = await this.engine.load(bytes);
    } catch (error) {
      throw rejected(`The ONNX graph does not load: ${(error as Error).message.split('\n')[0].slice(0, 500)}`);
    }
    try {
      const width = encodingWidth(registration.encoding);
      const mismatch = contractMismatch(onnxSignature(width, registration.output), graph);
      if (mismatch) throw rejected(`The graph does not match the declared schema: ${mismatch}`);
      // The example as the engine would serve it (defaults filled in), twice: a batch, as calls send them.
      const checked = validateRows(registration.input, [registration.example], { path: 'example', maxRows: 1 });
      const example = 'rows' in checked ? checked.rows[0] : registration.example;
      const encoded = encodeRows(registration.encoding, [example, example]);
      const output = await graph.run(ONNX_INPUT, encoded, [2, width], onnxOutputName(registration.output));
      const problem = servedOutputProblem(registration.output, registration.explanation, registration.encoding, encoded, 2, output);
      if (problem) throw rejected(`The graph does not serve the declared output on the example: ${problem}`);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw rejected(`The graph fails on the example input: ${(error as Error).message.split('\n')[0].slice(0, 500)}`);
    } finally {
      await graph.release();
    }
  }
}

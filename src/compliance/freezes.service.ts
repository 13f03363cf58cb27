import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service.js';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { canonicalJson } from '../common/canonical-json.js';
import { DomainError, notFound } from '../common/errors.js';
import { Db } from '../database/db.js';
import { BiasAuditsRepository } from '../fairness/bias-audits.repository.js';
import { sha256Hex, type Seal } from './evidence.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { incidentView, type FreezeDto, type IncidentView } from './incidents.dto.js';
import { IncidentsRepository } from './incidents.repository.js';

/** How far before the incident a freeze reaches back in the audit log, unless told otherwise. */
export const LOOKBACK_DAYS = 30;
const DAY = 86_400_000;

/**
 * Evidence freezes. A freeze seals, for an incident, the model version (its bytes' sha256 and its
 * status), the active policy version, the bias audits and the audit log ranges about the version
 * since `from`; the seal's sha256 goes into the platform chain, and a signed checkpoint is made at
 * once so that the seal is covered by a signature. While the freeze holds, the version cannot be
 * activated, suspended, resumed or retired (MODEL_FROZEN); an admin releases it with a reason.
 */
@Injectable()
export class FreezesService {
  private readonly logger = new Logger('EvidenceFreezes');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(IncidentsRepository) private readonly repo: IncidentsRepository,
    @Inject(EvidenceRepository) private readonly evidenceRepo: EvidenceRepository,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(BiasAuditsRepository) private readonly audits: BiasAuditsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
  ) {}

  async freeze(principal: Principal, id: string, dto: FreezeDto): Promise<IncidentView> {
    const requestedFrom = dto.from ? new Date(dto.from) : null;
    if (requestedFrom && requestedFrom.getTime() > Date.now()) throw new DomainError('VALIDATION_FAILED', 'from: must not lie in the future', { fields: [{ field: 'from', rule: 'notFuture', message: 'must not lie in the future' }] });
    const incident = await this.db.platform(async () => {
      const found = await this.repo.find(id, true);
      if (!found) throw notFound('Incident', id);
      if (found.status === 'closed') throw new DomainError('CONFLICT', `Incident ${id} is closed`);
      const held = (await this.repo.freezesOf([id])).find((f) => f.releasedAt === null);
      if (held) throw new DomainError('CONFLICT', `Incident ${id} already freezes ${held.model}@${held.version} (freeze ${held.id})`, { freezeId: held.id });
      // The version's row stays locked until the freeze commits: a status change waits for it, then sees it.
      const version = await this.repo.lockVersion(found.versionId);
      if (!version) throw notFound('Model version', `${found.model}@${found.version}`);
      const ref = `${found.model}@${found.version}`;
      const start = requestedFrom ?? new Date(Math.max(version.createdAt.getTime(), Date.parse(found.occurredAt ?? found.awareAt) - LOOKBACK_DAYS * DAY));
      const policy = await this.evidence.activePolicy();
      const audits = (await this.audits.list({ model: found.model }, 1000)).filter((a) => (a.version === null || a.version === found.version) && a.createdAt.getTime() >= start.getTime());
      const sealedAt = new Date();
      const seal: Seal = {
        schema: 'warden.evidence-seal/1',
        incidentId: id,
        sealedAt: sealedAt.toISOString(),
        model: { name: found.model, version: found.version, versionId: found.versionId, sha256: version.sha256, status: version.status, statusReason: version.statusReason },
        policy: policy ? { version: policy.version, contentHash: policy.contentHash } : null,
        from: start.toISOString(),
        auditRanges: await this.evidenceRepo.auditRanges(ref, start),
        biasAudits: audits.map((a) => ({ id: a.id, dataHash: a.dataHash, createdAt: a.createdAt.toISOString() })),
      };
      const sealHash = sha256Hex(canonicalJson(seal));
      const freezeId = randomUUID();
      const receipt = await this.audit.recordNow(actorOf(principal), {
        tenantId: null,
        action: 'incident.freeze',
        resource: { type: 'incident', id },
        details: {
          freezeId,
          model: ref,
          versionId: found.versionId,
          sealHash,
          policyVersion: seal.policy?.version ?? null,
          from: seal.from,
          ranges: seal.auditRanges.map((r) => ({ chain: r.chain, fromSeq: r.fromSeq, toSeq: r.toSeq })),
          reason: dto.reason,
        },
      });
      await this.repo.insertFreeze({ id: freezeId, incidentId: id, model: found.model, version: found.version, versionId: found.versionId, seal, sealHash, audit: { chain: receipt.chain, seq: receipt.seq }, reason: dto.reason, frozenBy: principal.keyId });
      return found;
    });
    await this.sign();
    return incidentView(incident, await this.db.platform(() => this.repo.freezesOf([id])));
  }

  async release(principal: Principal, id: string, reason: string): Promise<IncidentView> {
    const incident = await this.db.platform(async () => {
      const found = await this.repo.find(id, true);
      if (!found) throw notFound('Incident', id);
      const held = (await this.repo.freezesOf([id])).find((f) => f.releasedAt === null);
      if (!held) throw new DomainError('CONFLICT', `Incident ${id} holds no evidence freeze`);
      const released = await this.repo.release(held.id, principal.keyId, reason);
      await this.audit.recordNow(actorOf(principal), {
        tenantId: null,
        action: 'incident.release',
        resource: { type: 'incident', id },
        details: { freezeId: held.id, model: `${held.model}@${held.version}`, sealHash: held.sealHash, frozenAt: held.frozenAt.toISOString(), releasedAt: released.releasedAt, reason },
      });
      return found;
    });
    await this.sign();
    return incidentView(incident, await this.db.platform(() => this.repo.freezesOf([id])));
  }

  /** A signed checkpoint over the freeze (or release) event; the scheduled one covers it otherwise. */
  private async sign(): Promise<void> {
    try {
      await this.checkpoints.create(true);
    } catch (error) {
      this.logger.warn(`Could not sign a checkpoint after a freeze; the next scheduled one covers it: ${(error as Error).message}`);
    }
  }
}

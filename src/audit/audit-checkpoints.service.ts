import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { Principal } from '../auth/principal.js';
import { checkpointBody, signCheckpoint, type CheckpointBody, type SignedCheckpoint } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { AuditKeys } from './audit-keys.js';
import { AuditRepository, type StoredCheckpoint } from './audit.repository.js';
import { AuditWriter } from './audit-writer.js';

declare module '../jobs/job-types.js' {
  interface JobPayloads {
    'audit.checkpoint': { reason: 'schedule' | 'volume' | 'demand' };
  }
}

export interface CheckpointView extends SignedCheckpoint {
  id: string;
}

/**
 * Signed checkpoints: every chain's size and Merkle root at a moment, signed with Ed25519, made by a
 * job every AUDIT_CHECKPOINT_INTERVAL_MS, after every AUDIT_CHECKPOINT_EVERY appended events, and on
 * demand. Each chain's entry is also signed on its own, so a tenant sees only its own chain.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditCheckpoints');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditRepository) private readonly repo: AuditRepository,
    @Inject(AuditKeys) private readonly keys: AuditKeys,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(AuditWriter) writer: AuditWriter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    jobs.register('audit.checkpoint', ({ reason }) => this.create(reason === 'demand').then(() => undefined));
    let before = 0;
    writer.onAppended((total) => {
      if (passedMultiple(before, total, this.config.auditCheckpointEvery)) {
        void this.jobs.enqueue('audit.checkpoint', { reason: 'volume' }, { jobId: `audit-checkpoint-volume-${Date.now()}` }).catch(() => undefined);
      }
      before = total;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('audit.checkpoint', this.config.auditCheckpointIntervalMs, { reason: 'schedule' });
  }

  /** Signs the current heads; unless forced, skips when nothing was appended since the last one under the same key. */
  async create(force = true): Promise<CheckpointView | null> {
    const { privateKey, publicKey, keyId } = await this.keys.signingKey();
    return this.db.platform(async () => {
      const heads = await this.repo.heads();
      const chains = heads.map((h) => ({ chainId: h.chainId, treeSize: h.size, rootHash: CompactRange.fromFrontier(h.size, h.frontier).root().toString('hex') }));
      const [latest] = await this.repo.checkpoints(null, null, 1, true);
      // After a key rotation the heads are signed again under the new key, even if nothing was appended.
      if (!force && latest && latest.body.keyId === keyId && sameHeads(latest.body, chains)) return null;
      const body = checkpointBody(chains, new Date(), publicKey);
      const signed = signCheckpoint(body, privateKey);
      const perChain = Object.fromEntries(chains.map((c) => [c.chainId, signCheckpoint({ ...body, chains: [c] }, privateKey).signature]));
      const id = await this.repo.insertCheckpoint(signed, perChain);
      this.logger.log(`Checkpoint ${id} over ${chains.length} chains`);
      return { id, ...signed };
    });
  }

  async latest(principal: Principal): Promise<CheckpointView | null> {
    const [latest] = await this.db.platform(() => this.repo.checkpoints(null, null, 1, true));
    return latest ? viewFor(principal, latest) : null;
  }

  async list(principal: Principal, from: Date | null, to: Date | null, limit: number): Promise<CheckpointView[]> {
    const rows = await this.db.platform(() => this.repo.checkpoints(from, to, limit, false));
    return rows.map((r) => viewFor(principal, r)).filter((v): v is CheckpointView => v !== null);
  }
}

/** Operators see the whole statement; a tenant sees the statement signed for its chain alone. */
export function viewFor(principal: Principal, stored: StoredCheckpoint): CheckpointView | null {
  if (principal.role !== 'tenant') return { id: stored.id, body: stored.body, signature: stored.signature };
  const chainId = `tenant:${principal.tenantId}`;
  const chain = stored.body.chains.find((c) => c.chainId === chainId);
  const signature = stored.chainSignatures[chainId];
  if (!chain || !signature) return null;
  return { id: stored.id, body: { ...stored.body, chains: [chain] }, signature };
}

function sameHeads(body: CheckpointBody, chains: { chainId: string; treeSize: number }[]): boolean {
  const before = new Map(body.chains.map((c) => [c.chainId, c.treeSize]));
  return chains.length === before.size && chains.every((c) => before.get(c.chainId) === c.treeSize);
}

/** Whether a running count that went from `before` to `after` (a batch at a time) reached a multiple of `every` on the way. */
export function passedMultiple(before: number, after: number, every: number): boolean {
  return Math.floor(after / every) > Math.floor(before / every);
}

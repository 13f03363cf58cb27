import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { poll, type Poll } from '../common/poll.js';
import { DomainError, notFound } from '../common/errors.js';
import { serves } from './lifecycle.js';
import type { ModelVersionEntity } from './model.entity.js';
import { ModelsRepository } from './models.repository.js';
import { compareSemver } from './semver.js';

export type CatalogVersion = Omit<ModelVersionEntity, 'onnx'> & { modelName: string };

/**
 * Every instance's view of the registry (metadata only, never bytes), kept in memory so that
 * resolving a model costs no query. A cheap poll notices any registration or lifecycle change made
 * by any instance and reloads, so a suspension stops serving everywhere within the poll interval.
 */
@Injectable()
export class ModelCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ModelCatalog');
  private byName = new Map<string, CatalogVersion[]>();
  private byId = new Map<string, CatalogVersion>();
  private signature = '';
  private watch?: Poll;
  private readonly listeners: ((changed: CatalogVersion[]) => void)[] = [];

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ModelsRepository) private readonly repo: ModelsRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.watch = poll(this.config.modelWatchIntervalMs, () => this.refreshIfChanged(), this.logger, 'Registry');
  }

  onApplicationShutdown(): void {
    this.watch?.stop();
  }

  /** Called with the versions whose status changed since the last load. */
  onChange(listener: (changed: CatalogVersion[]) => void): void {
    this.listeners.push(listener);
  }

  models(): string[] {
    return [...this.byName.keys()].sort();
  }

  versions(name: string): CatalogVersion[] {
    return this.byName.get(name) ?? [];
  }

  version(id: string): CatalogVersion | undefined {
    return this.byId.get(id);
  }

  /** The highest active version of a model, if any. */
  activeVersion(name: string): CatalogVersion | undefined {
    return this.versions(name).find((v) => serves(v.status));
  }

  /**
   * `name` or `name@version` → the version to serve. A pinned version must be active; an unpinned
   * name serves the highest active version. Not serving says why: suspended (423), retired (410)
   * or not yet active (409).
   */
  resolve(reference: string): CatalogVersion {
    const at = reference.lastIndexOf('@');
    const [name, pinned] = at > 0 ? [reference.slice(0, at), reference.slice(at + 1)] : [reference, undefined];
    const versions = this.versions(name);
    if (!versions.length) throw notFound('Model', name);
    const version = pinned ? versions.find((v) => v.version === pinned) : (this.activeVersion(name) ?? versions[0]);
    if (!version) throw notFound('Model version', `${name}@${pinned}`);
    switch (version.status) {
      case 'active':
        return version;
      case 'suspended':
        throw new DomainError('MODEL_SUSPENDED', `${name}@${version.version} is suspended: ${version.statusReason ?? 'no reason given'}`, {
          model: name,
          version: version.version,
        });
      case 'retired':
        throw new DomainError('MODEL_RETIRED', `${name}@${version.version} is retired`, { model: name, version: version.version });
      case 'draft':
        throw new DomainError('MODEL_NOT_ACTIVE', `${name}@${version.version} has not been activated`, { model: name, version: version.version });
    }
  }

  async refresh(): Promise<void> {
    const { models, versions, signature } = await this.db.platform(async () => {
      const signature = await this.currentSignature();
      const models = await this.repo.listModels();
      return { models, versions: await this.repo.versionsOf(models.map((m) => m.id)), signature };
    });
    const names = new Map(models.map((m) => [m.id, m.name]));
    const byName = new Map<string, CatalogVersion[]>();
    const byId = new Map<string, CatalogVersion>();
    for (const v of versions) {
      // A registered version's manifest never changes: keeping the object this instance already
      // holds keeps what is cached against it (compiled encoders and validators) across reloads.
      const entry: CatalogVersion = { ...v, manifest: this.byId.get(v.id)?.manifest ?? v.manifest, modelName: names.get(v.modelId)! };
      byId.set(v.id, entry);
      byName.set(entry.modelName, [...(byName.get(entry.modelName) ?? []), entry]);
    }
    for (const list of byName.values()) list.sort((a, b) => compareSemver(b, a));
    const changed = [...byId.values()].filter((v) => this.byId.get(v.id)?.status !== v.status);
    this.byName = byName;
    this.byId = byId;
    this.signature = signature;
    if (changed.length) for (const listener of this.listeners) listener(changed);
  }

  /** Reloads only when a registration or lifecycle change happened since the last load (one cheap query otherwise). */
  async refreshIfChanged(): Promise<void> {
    const signature = await this.db.platform(() => this.currentSignature());
    if (signature !== this.signature) await this.refresh();
  }

  /**
   * What the registry holds, in a few bytes: every version and its status. Not the time of the
   * latest change: changes commit in another order than their clocks read (each waits for its
   * audit append), so an instance that read a later time first would never see the earlier one.
   */
  private async currentSignature(): Promise<string> {
    const [row] = await this.db.manager.query(`SELECT coalesce(md5(string_agg(id::text || ':' || status, ',' ORDER BY id)), '') AS signature FROM model_versions`);
    return row.signature as string;
  }
}

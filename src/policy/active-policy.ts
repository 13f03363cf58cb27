import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { poll, type Poll } from '../common/poll.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { PoliciesRepository } from './policies.repository.js';

/**
 * The compiled active policy, held by every instance and swapped when any instance activates
 * another version (noticed by a cheap poll), so a change takes effect everywhere at once.
 */
@Injectable()
export class ActivePolicy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ActivePolicy');
  private compiled: CompiledPolicy | null = null;
  private watch?: Poll;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(PoliciesRepository) private readonly repo: PoliciesRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.watch = poll(this.config.modelWatchIntervalMs, () => this.poll(), this.logger, 'Policy');
  }

  onApplicationShutdown(): void {
    this.watch?.stop();
  }

  /** The active policy, or null when none has been activated (every call is then refused). */
  get current(): CompiledPolicy | null {
    return this.compiled;
  }

  async refresh(): Promise<void> {
    const active = await this.db.platform(() => this.repo.active());
    this.compiled = active ? compilePolicy(active.document, { version: active.version }) : null;
  }

  private async poll(): Promise<void> {
    const version = await this.db.platform(() => this.repo.activeVersion());
    if (String(version) !== (this.compiled?.version ?? 'null')) await this.refresh();
  }
}

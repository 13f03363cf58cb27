import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { TurnBatcher } from '../common/turn-batcher.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysRepository } from './api-keys.repository.js';

/**
 * How long a stored key, once read, is answered from memory. A revocation made on this instance
 * takes effect at once; one made on another instance takes effect here within this bound.
 * Expiry is always judged against the request's own clock.
 */
const KEY_CACHE_MS = 1000;

/**
 * The stored key for a hash, as authentication asks for it on every request: the keys asked for
 * within one event-loop turn are read with one query, and a key found is kept for KEY_CACHE_MS.
 * Unknown keys are never remembered, so a key works as soon as it is created.
 */
@Injectable()
export class KeyLookup {
  private readonly cache = new Map<string, { key: ApiKeyEntity; until: number }>();
  /** Bumped by every local change; a read that began before one is not cached. */
  private generation = 0;
  private readonly batcher = new TurnBatcher<Buffer, ApiKeyEntity | null>(
    (_, hashes) => this.load(hashes),
    (hash) => hash.toString('hex'),
  );

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ApiKeysRepository) private readonly repo: ApiKeysRepository,
  ) {}

  async find(hash: Buffer): Promise<ApiKeyEntity | null> {
    const hex = hash.toString('hex');
    const cached = this.cache.get(hex);
    if (cached && cached.until > performance.now()) return cached.key;
    if (cached) this.cache.delete(hex);
    return this.batcher.get(hash);
  }

  /** Forgets what is known of a key; called after a change to it has committed. */
  forget(id: string): void {
    this.generation += 1;
    for (const [hex, entry] of this.cache) if (entry.key.id === id) this.cache.delete(hex);
  }

  private async load(hashes: Buffer[]): Promise<(ApiKeyEntity | null)[]> {
    const generation = this.generation;
    const rows = await this.db.platform(() => this.repo.findByHashes(hashes));
    const byHash = new Map(rows.map((r) => [r.hash.toString('hex'), r]));
    const until = performance.now() + KEY_CACHE_MS;
    if (this.cache.size > 10_000) for (const [hex, entry] of this.cache) if (entry.until <= until - KEY_CACHE_MS) this.cache.delete(hex);
    if (generation === this.generation) for (const [hex, key] of byHash) this.cache.set(hex, { key, until });
    return hashes.map((h) => byHash.get(h.toString('hex')) ?? null);
  }
}

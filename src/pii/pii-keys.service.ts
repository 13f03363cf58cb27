import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantDirectory } from '../tenants/tenant-directory.js';
import type { TenantPiiKeys } from './redaction.js';

const KEEP = 10_000;

/**
 * Each tenant's hash and encryption keys, derived from its secret with HKDF under separate labels:
 * the same value hashes to the same token within a tenant and to different tokens across tenants,
 * and one tenant's tokens cannot be opened with another's key.
 */
@Injectable()
export class PiiKeys {
  private readonly cache = new Map<string, TenantPiiKeys>();
  constructor(@Inject(TenantDirectory) private readonly tenants: TenantDirectory) {}

  async forTenant(tenantId: string): Promise<TenantPiiKeys> {
    const hit = this.cache.get(tenantId);
    if (hit) return hit;
    const { pseudonymKey } = await this.tenants.get(tenantId);
    const keys = derivePiiKeys(pseudonymKey);
    if (this.cache.size >= KEEP) this.cache.clear();
    this.cache.set(tenantId, keys);
    return keys;
  }
}

export function derivePiiKeys(secret: Buffer): TenantPiiKeys {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, 'warden pii', label, 32));
  return { hashKey: derive('hash operator'), encryptionKey: derive('encrypt operator') };
}

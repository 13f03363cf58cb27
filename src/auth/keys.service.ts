import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import { DomainError, notFound } from '../common/errors.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { KeyLookup } from './key-lookup.js';
import { displayPrefix, formatKey, hashKey, keyStatus, type KeyStatus } from './key-rules.js';
import { keyView, type CreateKeyDto, type CreatedKeyView, type KeyView, type ListKeysQuery } from './keys.dto.js';
import type { Role } from './principal.js';

export interface KeyRequest {
  role: Role;
  tenantId?: string | null;
  partyId?: string | null;
  name?: string | null;
  scopes?: string[];
  expiresAt?: Date | null;
}

@Injectable()
export class KeysService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(KeyLookup) private readonly lookup: KeyLookup,
  ) {}

  create(actor: AuditActor, dto: CreateKeyDto, now = new Date()): Promise<CreatedKeyView> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt <= now) {
      throw new DomainError('VALIDATION_FAILED', 'expiresAt: must be in the future', {
        fields: [{ field: 'expiresAt', rule: 'future', message: 'must be in the future' }],
      });
    }
    return this.issue(actor, { ...dto, expiresAt }, formatKey(randomBytes(32)));
  }

  /** Stores `key` (hashed) for `request`; the plain key is returned once and never again. */
  issue(actor: AuditActor, request: KeyRequest, key: string): Promise<CreatedKeyView> {
    const problem = roleProblem(request);
    if (problem) throw new DomainError('VALIDATION_FAILED', `${problem.field}: ${problem.message}`, { fields: [problem] });
    return this.db.platform(async () => {
      if (request.tenantId && !(await this.tenants.findById(request.tenantId))) throw notFound('Tenant', request.tenantId);
      if (request.partyId && !(await this.keys.partyExists(request.partyId))) throw notFound('Party', request.partyId);
      const row = await this.keys.insert({
        role: request.role,
        tenantId: request.tenantId ?? null,
        partyId: request.partyId ?? null,
        name: request.name ?? null,
        scopes: request.scopes ?? [],
        prefix: displayPrefix(key),
        hash: hashKey(key),
        expiresAt: request.expiresAt ?? null,
      });
      const { id, role, tenantId, partyId, scopes, expiresAt, prefix } = keyView(row);
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: 'key.create',
        resource: { type: 'api-key', id },
        details: { role, tenantId, partyId, scopes, expiresAt, prefix },
      });
      return { ...keyView(row), key };
    });
  }

  list(query: ListKeysQuery): Promise<KeyView[]> {
    return this.db.platform(async () =>
      (await this.keys.list({ ...query, includeRevoked: query.includeRevoked === 'true' })).map(keyView),
    );
  }

  /** Refused at once on this instance, and within KEY_CACHE_MS on every other one. */
  async revoke(actor: AuditActor, id: string, now = new Date()): Promise<void> {
    await this.db.platform(async () => {
      const key = await this.keys.findById(id);
      if (!key) throw notFound('API key', id);
      // Revoked once, audited once, however many ask at the same time.
      if (key.revokedAt || !(await this.keys.revoke(id, now))) return;
      await this.audit.recordNow(actor, { tenantId: null, action: 'key.revoke', resource: { type: 'api-key', id }, details: { role: key.role, tenantId: key.tenantId } });
    });
    this.lookup.forget(id);
  }

  /** Whether any admin key still works: on first start there is none, and one is made. */
  hasActiveAdmin(now = new Date()): Promise<boolean> {
    return this.db.platform(async () => (await this.keys.countActiveAdmins(now)) > 0);
  }

  /**
   * Makes sure an admin can sign in at start-up. A configured key (WARDEN_ADMIN_KEY) is stored on
   * first sight; should it have been revoked or have expired since, it stays so — a revocation
   * holds across restarts — and, as on a first start, a new key is issued when no admin key works.
   * Returns what start-up should tell the operator: the configured key's state and any new key.
   */
  async bootstrapAdmin(configured: string | undefined, now = new Date()): Promise<{ configured?: 'stored' | KeyStatus; issued?: string }> {
    let state: 'stored' | KeyStatus | undefined;
    if (configured) {
      const stored = await this.db.platform(() => this.keys.findByHash(hashKey(configured)));
      if (!stored) await this.issue(SYSTEM_ACTOR, { role: 'admin', name: 'bootstrap (WARDEN_ADMIN_KEY)' }, configured);
      state = stored ? keyStatus(stored, now) : 'stored';
      if (state === 'stored' || state === 'active') return { configured: state };
    }
    if (await this.hasActiveAdmin(now)) return { configured: state };
    const { key } = await this.create(SYSTEM_ACTOR, { role: 'admin', name: 'bootstrap' }, now);
    return { configured: state, issued: key };
  }
}

function roleProblem(request: KeyRequest): { field: string; rule: string; message: string } | null {
  if (request.role === 'tenant' && !request.tenantId) {
    return { field: 'tenantId', rule: 'required', message: 'is required for tenant keys' };
  }
  if (request.role !== 'tenant' && request.tenantId) {
    return { field: 'tenantId', rule: 'forbidden', message: `is only for tenant keys, not ${request.role}` };
  }
  if (request.role !== 'licensor' && request.partyId) {
    return { field: 'partyId', rule: 'forbidden', message: 'is only for licensor keys' };
  }
  if (request.role !== 'tenant' && request.scopes?.length) {
    return { field: 'scopes', rule: 'forbidden', message: 'are only for tenant keys' };
  }
  return null;
}

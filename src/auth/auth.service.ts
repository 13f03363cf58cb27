import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { KeyLookup } from './key-lookup.js';
import { bearerToken, hashKey, isWellFormedKey, keyStatus } from './key-rules.js';
import type { Principal } from './principal.js';

/** Resolves `Authorization: Bearer <key>` to a principal, or says exactly why it cannot. */
@Injectable()
export class AuthService {
  constructor(@Inject(KeyLookup) private readonly keys: KeyLookup) {}

  async authenticate(authorization: string | string[] | undefined, now = new Date()): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw new DomainError('AUTH_MISSING', 'Send an API key as "Authorization: Bearer <key>"');
    if (!isWellFormedKey(token)) throw new DomainError('AUTH_INVALID', 'API key is not valid');
    const key = await this.keys.find(hashKey(token));
    if (!key) throw new DomainError('AUTH_INVALID', 'API key is not valid');
    switch (keyStatus(key, now)) {
      case 'revoked':
        throw new DomainError('AUTH_REVOKED', 'API key has been revoked');
      case 'expired':
        throw new DomainError('AUTH_EXPIRED', 'API key has expired');
      case 'active':
        return { keyId: key.id, role: key.role, tenantId: key.tenantId, partyId: key.partyId, scopes: key.scopes };
    }
  }
}

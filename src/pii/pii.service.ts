import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/errors.js';
import { AppConfig } from '../config/config.module.js';
import { RedactionFailedError, TokenDecryptionError, redactBatch, unredact, warmUpDefaultRedactor, type EntityType, type OperatorName } from '../privacy/index.js';
import { PiiKeys } from './pii-keys.service.js';
import type { RedactRequestDto, RedactResponseView, UnredactRequestDto, UnredactResponseView } from './pii.dto.js';

const ENCRYPTED_TOKEN = /<([A-Z][A-Z_]*)#[A-Za-z0-9_-]{38,}>/g;

/** Redaction as a service for callers, and the audited way back from encrypted tokens. */
/**
 * How much longer than its text an encrypted text may be: a value of a few characters becomes a
 * `<TYPE#…>` token of about 60 (its IV, ciphertext and tag in base64url), so a text made only of
 * short values grows about fourfold; eightfold leaves room.
 */
const ENCRYPTED_GROWTH = 8;

@Injectable()
export class PiiService implements OnApplicationBootstrap {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(PiiKeys) private readonly keys: PiiKeys,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Before the first request: regex compilation would otherwise eat into the first calls' time budget. */
  onApplicationBootstrap(): void {
    warmUpDefaultRedactor();
  }

  async redact(principal: Principal, dto: RedactRequestDto): Promise<RedactResponseView> {
    this.checkTexts(dto.texts);
    const operator: OperatorName = dto.operator ?? 'replace';
    const operatorOptions = operator === 'hash' || operator === 'encrypt' ? await this.keysOf(principal, dto.tenantId) : {};
    try {
      const results = redactBatch(dto.texts, { entities: dto.entities, operator, operatorOptions, timeBudgetMs: this.config.piiTimeBudgetMs });
      return { results: results.map((r) => ({ text: r.text, entities: r.entities.map(({ type, start, end, score }) => ({ type, start, end, score })) })) };
    } catch (error) {
      if (!(error instanceof RedactionFailedError)) throw error;
      throw new DomainError('REDACTION_FAILED', `Redaction failed (${error.reason}); nothing is returned unredacted`, { reason: error.reason });
    }
  }

  /** Admins only, always with a reason, always audited: puts encrypted values back. */
  async unredact(principal: Principal, dto: UnredactRequestDto): Promise<UnredactResponseView> {
    // What `encrypt` made of a text of the longest length: each value became a token several times its length.
    this.checkTexts(dto.texts, this.config.piiMaxTextLength * ENCRYPTED_GROWTH);
    const { encryptionKey } = await this.keys.forTenant(dto.tenantId);
    const types: EntityType[] = [];
    const results = dto.texts.map((text, i) => {
      for (const m of text.matchAll(ENCRYPTED_TOKEN)) types.push(m[1] as EntityType);
      try {
        return { text: unredact(text, encryptionKey) };
      } catch (error) {
        if (!(error instanceof TokenDecryptionError)) throw error;
        const message = `${error.message}: it was not made for tenant ${dto.tenantId} or it was altered`;
        throw new DomainError('VALIDATION_FAILED', `texts[${i}]: ${message}`, { fields: [{ field: `texts[${i}]`, rule: 'encryptedToken', message }] });
      }
    });
    await this.audit.record(actorOf(principal), {
      tenantId: dto.tenantId,
      action: 'privacy.unredact',
      resource: { type: 'tenant', id: dto.tenantId },
      decision: 'allow',
      details: { reason: dto.reason, texts: dto.texts.length, tokens: types.length, entityTypes: [...new Set(types)].sort() },
    });
    return { results };
  }

  private async keysOf(principal: Principal, requested: string | undefined) {
    const tenantId = principal.tenantId ?? requested;
    if (principal.tenantId && requested && requested !== principal.tenantId) throw new DomainError('NOT_FOUND', `Tenant ${requested} not found`);
    if (!tenantId) {
      const message = 'hash and encrypt use a tenant key: give tenantId';
      throw new DomainError('VALIDATION_FAILED', `tenantId: ${message}`, { fields: [{ field: 'tenantId', rule: 'required', message }] });
    }
    const { hashKey, encryptionKey } = await this.keys.forTenant(tenantId);
    return { hashKey, encryptionKey };
  }

  private checkTexts(texts: string[], maxLength = this.config.piiMaxTextLength): void {
    if (texts.length > this.config.piiMaxBatch) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `At most ${this.config.piiMaxBatch} texts per call (got ${texts.length})`, { limit: this.config.piiMaxBatch });
    }
    const long = texts.findIndex((t) => t.length > maxLength);
    if (long >= 0) {
      const message = `at most ${maxLength} characters`;
      throw new DomainError('VALIDATION_FAILED', `texts[${long}]: ${message}`, { fields: [{ field: `texts[${long}]`, rule: 'maxLength', message }] });
    }
  }
}

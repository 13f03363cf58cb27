import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { generateCheckpointKeyPair, keyIdOf, parsePrivateKey, privateKeyToPem, publicKeyToPem, publicKeyToRawBase64 } from './checkpoint.js';

const SECRET_NAME = 'audit.checkpoint-signing-key';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/**
 * The Ed25519 key that signs checkpoints: from AUDIT_SIGNING_KEY_FILE (PEM) when set; otherwise
 * generated once and kept in the database so that every instance signs with the same key.
 */
@Injectable()
export class AuditKeys {
  private readonly logger = new Logger('AuditKeys');
  private key?: Promise<SigningKey>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
  ) {}

  signingKey(): Promise<SigningKey> {
    this.key ??= this.load().catch((error) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  async publicKey(): Promise<{ keyId: string; algorithm: 'Ed25519'; publicKeyPem: string; publicKeyBase64: string }> {
    const { publicKey, keyId } = await this.signingKey();
    return { keyId, algorithm: 'Ed25519', publicKeyPem: publicKeyToPem(publicKey), publicKeyBase64: publicKeyToRawBase64(publicKey) };
  }

  private async load(): Promise<SigningKey> {
    const pem = this.config.auditSigningKeyFile ? readFileSync(this.config.auditSigningKeyFile, 'utf8') : await this.stored();
    const privateKey = parsePrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
  }

  private stored(): Promise<string> {
    return this.db.platform(async () => {
      const fresh = privateKeyToPem(generateCheckpointKeyPair().privateKey);
      const inserted = await this.db.manager.query(
        `INSERT INTO platform_secrets (name, material) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`,
        [SECRET_NAME, Buffer.from(fresh, 'utf8')],
      );
      if (inserted.length) this.logger.warn('Generated a checkpoint signing key and stored it in the database; set AUDIT_SIGNING_KEY_FILE to keep it elsewhere');
      const [row] = await this.db.manager.query(`SELECT material FROM platform_secrets WHERE name = $1`, [SECRET_NAME]);
      return (row.material as Buffer).toString('utf8');
    });
  }
}

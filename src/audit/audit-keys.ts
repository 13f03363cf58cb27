import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { privateKeyPem } from '../database/platform-secrets.js';
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
    const pem = await privateKeyPem(this.db, {
      file: this.config.auditSigningKeyFile,
      name: SECRET_NAME,
      generate: () => privateKeyToPem(generateCheckpointKeyPair().privateKey),
      onGenerated: () => this.logger.warn('Generated a checkpoint signing key and stored it in the database; set AUDIT_SIGNING_KEY_FILE to keep it elsewhere'),
    });
    const privateKey = parsePrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
  }
}

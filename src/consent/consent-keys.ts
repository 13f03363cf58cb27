import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { privateKeyPem } from '../database/platform-secrets.js';
import { publicJwk, type Ed25519PublicJwk } from './jws.js';

const SECRET_NAME = 'consent.receipt-signing-key';

export interface ReceiptKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 thumbprint of the public key: the `kid` of every receipt it signs. */
  kid: string;
  jwk: Ed25519PublicJwk;
}

/**
 * The Ed25519 key that signs consent and erasure receipts: from CONSENT_SIGNING_KEY_FILE (PKCS#8
 * PEM) when set; otherwise generated once and kept in the database so every instance signs with
 * the same key. It is a different key from the audit checkpoint key: the two can be rotated and
 * kept apart independently.
 */
@Injectable()
export class ConsentKeys {
  private readonly logger = new Logger('ConsentKeys');
  private key?: Promise<ReceiptKey>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Db) private readonly db: Db,
  ) {}

  signingKey(): Promise<ReceiptKey> {
    this.key ??= this.load().catch((error) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<ReceiptKey> {
    const pem = await privateKeyPem(this.db, {
      file: this.config.consentSigningKeyFile,
      name: SECRET_NAME,
      generate: () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      onGenerated: () => this.logger.warn('Generated a receipt signing key and stored it in the database; set CONSENT_SIGNING_KEY_FILE to keep it elsewhere'),
    });
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('The consent receipt signing key must be an Ed25519 private key');
    const publicKey = createPublicKey(privateKey);
    const jwk = publicJwk(publicKey);
    return { privateKey, publicKey, kid: jwk.kid, jwk };
  }
}

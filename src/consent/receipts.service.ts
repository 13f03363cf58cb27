import { Inject, Injectable } from '@nestjs/common';
import { ConsentKeys } from './consent-keys.js';
import type { PublicJwkView, ReceiptVerifyView } from './consent.dto.js';
import { ERASURE_RECEIPT_TYP, verifyErasureReceipt } from './erasure-receipt.js';
import { unverifiedHeader } from './jws.js';
import { verifyReceipt } from './receipt.js';

/** Anyone may check a receipt: the public key is published, and verification needs no account. */
@Injectable()
export class ReceiptsService {
  constructor(@Inject(ConsentKeys) private readonly keys: ConsentKeys) {}

  async publicKey(): Promise<PublicJwkView> {
    return (await this.keys.signingKey()).jwk;
  }

  /**
   * Consent or erasure receipt, told apart by the header's `typ` (each verifier insists on its own,
   * so neither can pass for the other). A receipt signed by any other key is `wrong-key`.
   */
  async verify(jws: string): Promise<ReceiptVerifyView> {
    const { publicKey, kid } = await this.keys.signingKey();
    const header = unverifiedHeader(jws);
    const type = header?.typ === ERASURE_RECEIPT_TYP ? 'erasure' : 'consent';
    if (header && typeof header.kid === 'string' && header.kid !== kid) {
      return { valid: false, reason: 'wrong-key', detail: `signed with key ${header.kid}, not with this service's key ${kid}` };
    }
    const checked = type === 'erasure' ? verifyErasureReceipt(jws, publicKey) : verifyReceipt(jws, publicKey);
    if (!checked.valid) return { valid: false, reason: checked.reason, detail: checked.detail };
    return { valid: true, type, kid: checked.kid, receipt: checked.receipt as unknown as Record<string, unknown> };
  }
}

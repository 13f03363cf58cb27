/**
 * The payload of a receipt this service signed and stored, decoded for display. Not a
 * verification: anything handed in from outside goes through verifyReceipt / verifyErasureReceipt.
 */
export function unverifiedPayload(jws: string): Record<string, unknown> | null {
  const part = jws.split('.')[1];
  if (part === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

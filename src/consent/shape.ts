/**
 * Small checks for documents that arrive from outside (a receipt handed back for verification),
 * where TypeScript's types promise nothing. Each returns problems as sentences, never throws.
 */
export type Problems = string[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Only the exact form Date#toISOString writes, so that a signed instant has one spelling. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && new Date(value).toISOString() === value;
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isAbsoluteUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Members outside `allowed` are refused: a signed document carries nothing its schema does not name. */
export function unexpectedKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): Problems {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where} has an unexpected member ${JSON.stringify(key)}`);
}

export function check(ok: boolean, problem: string): Problems {
  return ok ? [] : [problem];
}

/** Builders and signers refuse unsound documents outright: a signature must never cover one. */
export function assertSound(problems: Problems): void {
  if (problems.length > 0) throw new RangeError(`Not a sound receipt: ${problems.join('; ')}`);
}

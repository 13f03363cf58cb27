/**
 * Redaction could not be completed, so the text must not go on: callers refuse the request
 * (`REDACTION_FAILED`) instead of passing the original through.
 */
export class RedactionFailedError extends Error {
  readonly code = 'REDACTION_FAILED';

  constructor(
    readonly reason: 'TIME_BUDGET_EXCEEDED' | 'ANALYZER_FAILED' | 'OPERATOR_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedactionFailedError';
  }
}

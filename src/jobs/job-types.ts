/**
 * Job name → payload type. Each concern adds its jobs by augmenting this interface:
 *
 *   declare module '../jobs/job-types.js' { interface JobPayloads { 'audit.checkpoint': { reason: string } } }
 *
 * Payloads carry ids and pseudonyms only, never personal data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;

export interface JobOptions {
  /** Deterministic id: a second enqueue with the same id while the first is known does nothing. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], meta: { attempt: number; jobId: string }) => Promise<void>;

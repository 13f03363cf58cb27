/** Fixed one-minute windows: which window `now` falls in and how long until it ends. */
export const WINDOW_MS = 60_000;

export function windowOf(nowMs: number): { id: number; resetMs: number } {
  const id = Math.floor(nowMs / WINDOW_MS);
  return { id, resetMs: (id + 1) * WINDOW_MS - nowMs };
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

export function decide(count: number, limit: number, resetMs: number): RateDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
  };
}

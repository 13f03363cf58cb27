import type { Logger } from '@nestjs/common';

export interface Poll {
  stop(): void;
}

/**
 * Runs `check` every `intervalMs` in the background of an instance that keeps shared state in
 * memory (the registry, the active policy, licensing terms, review requirements): a check that
 * is still running is not started again, a failed one is logged and retried at the next tick,
 * and the timer never keeps the process alive.
 */
export function poll(intervalMs: number, check: () => Promise<unknown>, logger: Logger, what: string): Poll {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch((error: unknown) => logger.warn(`${what} poll failed: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

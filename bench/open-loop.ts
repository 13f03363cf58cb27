import http from 'node:http';
import { parseServerTiming } from '../src/common/server-timing.js';
import { percentile } from './machine.js';

export interface OpenLoopResult {
  /** Requests answered. */
  requests: number;
  rps: number;
  /** Latency from writing a request to the end of its response, ms. */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** How late the generator sent its requests against their schedule, p99 ms. */
  lateP99: number;
  /** Mean ms per step named in the answers' Server-Timing headers (empty when they carry none). */
  steps: Map<string, number>;
}

/**
 * Sends `rate` requests a second, evenly spaced, for `seconds`, whether or not earlier ones have
 * been answered (an open loop, as independent clients arrive), over keep-alive connections opened
 * as needed. A closed loop of N connections sending back to back, or sending each second's
 * quota as fast as it can, measures queueing behind its own burst instead of a call at that rate.
 */
export async function openLoop(url: string, body: string, headers: Record<string, string>, rate: number, seconds: number): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lateness: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const stepTotals = new Map<string, number>();
  let timed = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let settled = 0;
    const settle = () => ++settled === total && resolve();
    const send = (scheduled: number) => {
      const at = performance.now();
      lateness.push(at - scheduled);
      let done = false;
      // Each request settles once: answered, or failed at the socket before or during its answer.
      const finish = (failed: boolean) => {
        if (done) return;
        done = true;
        if (failed) errors++;
        settle();
      };
      const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        const header = res.headers['server-timing'];
        if (typeof header === 'string') {
          timed++;
          for (const [name, ms] of parseServerTiming(header)) stepTotals.set(name, (stepTotals.get(name) ?? 0) + ms);
        }
        res.on('end', () => {
          latencies.push(performance.now() - at);
          if ((res.statusCode ?? 0) >= 300) non2xx++;
          finish(false);
        });
        res.on('close', () => finish(!res.complete));
      });
      req.on('error', () => finish(true));
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) send(started + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    tick();
  });
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lateness.sort((a, b) => a - b);
  const steps = new Map([...stepTotals].map(([name, total]) => [name, total / timed]));
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), non2xx, errors, lateP99: percentile(lateness, 99), steps };
}

import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientErrorHandlerWith } from './client-errors.js';

const LIMITS = { idleMs: 800, totalMs: 3_000 };

/**
 * Sends a request line too large for Node's parser in `chunks` pieces `gapMs` apart, reading
 * nothing until it has sent them all (as a busy client does); then reads what came back.
 */
function sendSlowly(port: number, chunks: number, gapMs: number): Promise<{ answer: string; sent: number; error?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    const received: Buffer[] = [];
    let sent = 0;
    let error: string | undefined;
    socket.on('error', (e) => (error = e.message));
    socket.on('close', () => resolve({ answer: Buffer.concat(received).toString('latin1'), sent, error }));
    socket.on('connect', async () => {
      socket.write(`GET /?q=${'x'.repeat(20_000)}`);
      for (let i = 0; i < chunks && !socket.destroyed; i++) {
        await sleep(gapMs);
        if (socket.destroyed) break;
        socket.write('y'.repeat(1_000));
        sent++;
      }
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.resume();
      if (!socket.destroyed) socket.end(' HTTP/1.0\r\n\r\n');
    });
  });
}

describe('clientErrorHandler', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer(() => undefined);
    server.on('clientError', clientErrorHandlerWith(LIMITS));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers an oversized request in the error envelope, and keeps reading while the rest still arrives', async () => {
    // Eight pieces 100 ms apart: longer in all than the idle limit, never idle for long.
    const { answer, sent, error } = await sendSlowly(port, 8, 100);
    expect(error).toBeUndefined();
    expect(sent).toBe(8);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), requestId: expect.any(String) } });
  });

  it('closes the connection once the rest of the request stops coming', async () => {
    const { sent, error } = await sendSlowly(port, 3, 2 * LIMITS.idleMs);
    expect(sent).toBeLessThan(3);
    expect(error).toBeDefined();
  });

  it('closes the connection after the total limit however the rest keeps coming', async () => {
    const { sent, error } = await sendSlowly(port, 100, 100);
    expect(sent).toBeLessThan(100);
    expect(error).toBeDefined();
  });
});

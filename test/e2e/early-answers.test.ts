import net from 'node:net';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * An answer sent before the request's body is read (413 for a body over the limit) must reach a
 * client that is still sending it. Closing the connection at once resets it, and a reset throws
 * away whatever the client had not read yet: the answer itself.
 */
describe('answers sent before the body is read', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Sends a body of `size` bytes without reading until it has all been written, then reads the answer. */
  function oversized(size: number): Promise<{ text: string; error?: string }> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let error: string | undefined;
      const socket = net.connect(port, '127.0.0.1');
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (e) => (error = e.message));
      socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('latin1'), error }));
      socket.on('connect', async () => {
        socket.pause();
        socket.write(`POST /v1/admin/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`);
        const piece = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) {
          await new Promise<void>((done) => socket.write(piece.subarray(0, Math.min(piece.length, size - sent)), () => done()));
        }
        // Only now does the client read what came back.
        await new Promise((pause) => setTimeout(pause, 200));
        socket.resume();
        socket.end();
      });
    });
  }

  it('keeps reading a body over the limit until the client is done, so the 413 arrives', async () => {
    for (let i = 0; i < 3; i++) {
      const { text, error } = await oversized(8 * 1024 * 1024);
      expect([text.split('\r\n')[0], error]).toEqual(['HTTP/1.1 413 Payload Too Large', undefined]);
      expect(text).toContain('"code":"PAYLOAD_TOO_LARGE"');
    }
  });
});

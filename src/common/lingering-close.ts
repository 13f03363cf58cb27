import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a closing connection goes on reading, and discarding, what the client still sends. */
const LINGER_MS = 2_000;

/**
 * Closes connections the way RFC 9112 §9.6 advises, with a lingering close: when the server has
 * answered and closes a connection whose request it has not read to the end (a 413 for a body
 * over the limit is sent as soon as the headers announce it), it ends its side and goes on reading
 * and discarding until the client ends its own, or `lingerMs` pass. Closing at once would make
 * the kernel answer the client's next bytes with a reset, and a reset throws away what the client
 * had not read yet: the answer itself.
 */
export function lingerOnClose(server: Server, lingerMs = LINGER_MS): void {
  function lingeringClose(this: Socket): void {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), lingerMs);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
    this.resume();
  }
  // Node's HTTP server closes a connection it will not keep alive with destroySoon().
  server.on('connection', (socket: Socket) => {
    socket.destroySoon = lingeringClose;
  });
}

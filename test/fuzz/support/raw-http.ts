import net from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent exactly as given; `rawPath` and `encodeComponent` keep it to bytes a request line may hold. */
  path: string;
  /** Values must not hold CR or LF (they would write a different request). */
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  /** 0 when no answer came: the connection was refused, cut or timed out. */
  status: number;
  contentType: string;
  text: string;
  json?: unknown;
  error?: string;
}

/**
 * One HTTP/1.0 request on a socket of its own, written byte for byte (no client normalises the path
 * or refuses a header), and whatever the server answers is read — even when it answers and closes
 * before it has read the whole request, as it does when it refuses oversized headers.
 */
export function send(port: number, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const head = [`${req.method} ${req.path} HTTP/1.0`, 'Host: 127.0.0.1', ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`)];
    if (req.body !== undefined) head.push(`Content-Length: ${body.length}`);
    const chunks: Buffer[] = [];
    let failure: string | undefined;
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]), () => undefined);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (failure = error.message));
    socket.on('close', () => resolve(parse(Buffer.concat(chunks), failure)));
  });
}

function parse(raw: Buffer, failure: string | undefined): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, 20).toString('latin1'));
  if (split < 0 || !match) return { status: 0, contentType: '', text: raw.toString('utf8').slice(0, 300), error: failure ?? 'no HTTP answer' };
  const headers = raw.subarray(0, split).toString('latin1');
  const text = raw.subarray(split + 4).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(match[1]), contentType: /\r\ncontent-type:\s*([^\r\n]*)/i.exec(headers)?.[1] ?? '', text, json };
}

/** Escapes what may not stand in a request line (controls, spaces, non-ASCII), leaving `/`, `.`, `%`, `\`, `?` and friends raw. */
export function rawPath(value: string): string {
  return Array.from(value)
    .map((ch) => (/^[\x21-\x7e]$/.test(ch) ? ch : percent(ch)))
    .join('');
}

/** encodeURIComponent, except that a lone surrogate is sent as the (invalid) UTF-8 it would be, not refused. */
export function encodeComponent(value: string): string {
  return Array.from(value)
    .map((ch) => (/^[A-Za-z0-9_.!~*'()-]$/.test(ch) ? ch : percent(ch)))
    .join('');
}

function percent(ch: string): string {
  const code = ch.codePointAt(0)!;
  const bytes = code >= 0xd800 && code <= 0xdfff ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)] : [...Buffer.from(ch, 'utf8')];
  return bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

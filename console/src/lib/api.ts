import { storedKey } from './session.js';

/** An answer in Warden's error envelope: `{ error: { code, message, details?, requestId } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired when the server stops accepting the key (revoked, expired): the page returns to sign-in. */
export const SIGNED_OUT = 'warden:signed-out';

export type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function headers(key: string | null, json: boolean): Headers {
  const out = new Headers({ accept: 'application/json' });
  if (key) out.set('authorization', `Bearer ${key}`);
  if (json) out.set('content-type', 'application/json');
  return out;
}

async function failure(res: Response, signOut = true): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string } } = {};
  try {
    body = await res.json();
  } catch {
    // not the envelope: fall back to the status line
  }
  const e = body.error ?? {};
  const error = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText ?? 'Request failed', e.details, e.requestId);
  if (res.status === 401 && signOut) window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: error }));
  return error;
}

/** One JSON call with the session's key (or `key`, when signing in). */
export async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown; key?: string; signal?: AbortSignal } = {}): Promise<T> {
  const key = options.key ?? storedKey();
  const res = await fetch(path + queryString(options.query), {
    method,
    headers: headers(key, options.body !== undefined),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  // A key given explicitly is being tried (sign-in): its refusal is the caller's to show.
  if (!res.ok) throw await failure(res, options.key === undefined);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> => call<T>('GET', path, { query, signal });
export const post = <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, { body: body ?? {} });
export const del = <T>(path: string): Promise<T> => call<T>('DELETE', path);

export interface DownloadProgress {
  bytes: number;
  lines: number;
}

/**
 * Streams a download (exports can be large), reporting bytes and lines as they arrive, then hands
 * the browser the file. The key travels in the Authorization header, as for every call.
 */
export async function download(path: string, query: Query, fallbackName: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<DownloadProgress & { filename: string }> {
  const res = await fetch(path + queryString(query), { headers: headers(storedKey(), false), signal, credentials: 'omit', cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  const parts: BlobPart[] = [];
  const progress = { bytes: 0, lines: 0 };
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      progress.bytes += value.byteLength;
      for (const byte of value) if (byte === 10) progress.lines++;
      onProgress({ ...progress });
    }
  }
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(new Blob(parts, { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ...progress, filename };
}

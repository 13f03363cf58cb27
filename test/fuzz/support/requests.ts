import fc from 'fast-check';
import { brokenJson, hostileString, hostileValue, mutatedExample, valueFor, type Known } from './hostile.js';
import { fillPath, type Operation, type Schema } from './openapi.js';
import { encodeComponent, rawPath, type RawRequest } from './raw-http.js';

export const ROLES = ['admin', 'tenant', 'reviewer', 'regulator', 'licensor', 'none', 'bogus'] as const;
export type Role = (typeof ROLES)[number];

export interface HostileRequest {
  role: Role;
  method: string;
  params: string[];
  encoding: 'component' | 'raw';
  query: [string, string][];
  body?: { contentType?: string; data: string | Buffer };
  requestId?: string;
}

const BOGUS_AUTH = ['Bearer', 'Bearer ', 'Bearer wdn_', 'Bearer wdn_' + 'A'.repeat(4000), 'Basic YWRtaW46YWRtaW4=', 'bearer wdn_x', 'Bearer null', "Bearer ' OR 1=1 --", 'Bearer wdn_../../etc'];

const short = hostileString.filter((s) => s.length < 300);

/** Every part of a request to `op` that a caller controls, mostly hostile, sometimes plausible enough to reach the service. */
export function requestFor(op: Operation, known: Known): fc.Arbitrary<HostileRequest> {
  const param = fc.oneof({ arbitrary: fc.constantFrom(...known.strings, ...known.uuids), weight: 1 }, { arbitrary: hostileString, weight: 1 });
  const names = [...op.query.map((q) => q.name), 'unknown', '__proto__', 'limit[]', 'chain[$ne]'];
  const queryValue = (name: string): fc.Arbitrary<string> => {
    const schema = op.query.find((q) => q.name === name)?.schema;
    return (schema ? valueFor(schema, known) : hostileValue).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined'));
  };
  return fc.record({
    // Mostly roles that may use the route, so that the input reaches the service behind the guard.
    role: fc.oneof({ arbitrary: fc.constantFrom<Role>('admin', 'tenant'), weight: 3 }, { arbitrary: fc.constantFrom(...ROLES), weight: 2 }),
    method: fc.oneof({ arbitrary: fc.constant(op.method), weight: 19 }, { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), weight: 1 }),
    params: fc.tuple(...op.pathParams.map(() => param)),
    encoding: fc.constantFrom('component' as const, 'raw' as const),
    query: fc.array(fc.oneof(fc.constantFrom(...names), short).chain((name) => queryValue(name).map((value) => [name, value] as [string, string])), { maxLength: 4 }),
    body: bodyFor(op, known),
    // Node sends header bytes 0x20–0xFF only: the UTF-8 bytes of a hostile id, read as Latin-1, keep it hostile and sendable.
    requestId: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: short.map((s) => Buffer.from(s, 'utf8').toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '')), weight: 1 }),
  });
}

function bodyFor(op: Operation, known: Known): fc.Arbitrary<HostileRequest['body']> {
  const json = op.bodies.find((b) => b.contentType === 'application/json');
  const multipart = op.bodies.find((b) => b.contentType === 'multipart/form-data');
  const variants: fc.WeightedArbitrary<HostileRequest['body']>[] = [
    { arbitrary: hostileValue.map((v) => ({ contentType: 'application/json', data: JSON.stringify(v) ?? 'null' })), weight: 2 },
    { arbitrary: brokenJson.map((data) => ({ contentType: 'application/json', data })), weight: 2 },
    {
      arbitrary: fc.tuple(fc.constantFrom(undefined, 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json\t', 'multipart/form-data', 'application/octet-stream', '*/*'), short).map(([contentType, data]) => ({ contentType, data })),
      weight: 1,
    },
  ];
  if (json) {
    variants.push({ arbitrary: valueFor(json.schema, known).map((v) => ({ contentType: 'application/json', data: JSON.stringify(v) ?? 'null' })), weight: 5 });
    variants.push({ arbitrary: mutatedExample(json.schema, known).map((v) => ({ contentType: 'application/json', data: JSON.stringify(v) ?? 'null' })), weight: 5 });
  }
  if (multipart) variants.push({ arbitrary: multipartFor(multipart.schema, known), weight: json ? 3 : 8 });
  if (!json && !multipart) variants.push({ arbitrary: fc.constant(undefined), weight: 12 });
  return fc.oneof(...variants);
}

function multipartFor(schema: Schema, known: Known): fc.Arbitrary<HostileRequest['body']> {
  const fields = [...Object.keys(schema.properties ?? {}), ...(schema.oneOf ?? []).flatMap((s) => Object.keys(s.properties ?? {}))];
  const part = fc.record({
    name: fc.oneof({ arbitrary: fc.constantFrom(...(fields.length ? fields : ['file'])), weight: 4 }, { arbitrary: short, weight: 1 }),
    filename: fc.option(fc.constantFrom('model.onnx', 'data.csv', '../../../etc/passwd', '..\\..\\boot.ini', '\u0000.onnx', 'a"b.csv', 'x'.repeat(5000)), { nil: undefined }),
    content: fc.oneof(
      short,
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      valueFor({ type: 'object', properties: {} }, known).map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
    ),
  });
  return fc.record({ boundary: fc.constantFrom('WardenFuzzBoundary', 'b'.repeat(70), '"quoted"', ''), parts: fc.array(part, { maxLength: 4 }), truncate: fc.boolean() }).map(({ boundary, parts, truncate }) => {
    const text =
      parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n\r\n${p.content}\r\n`).join('') +
      (truncate ? '' : `--${boundary}--\r\n`);
    return { contentType: `multipart/form-data; boundary=${boundary}`, data: Buffer.from(text, 'latin1') };
  });
}

/** The request as bytes on the wire. */
export function toRaw(op: Operation, req: HostileRequest, keys: Record<Role, string | undefined>, bogus: number): RawRequest {
  const encode = req.encoding === 'raw' ? rawPath : encodeComponent;
  const path = fillPath(op.path, Object.fromEntries(op.pathParams.map((p, i) => [p.name, encode(req.params[i])])));
  const query = req.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  const headers: Record<string, string> = {};
  const key = keys[req.role];
  if (req.role === 'bogus') headers.authorization = BOGUS_AUTH[bogus % BOGUS_AUTH.length];
  else if (key) headers.authorization = `Bearer ${key}`;
  if (req.body?.contentType !== undefined) headers['content-type'] = req.body.contentType;
  if (req.requestId !== undefined) headers['x-request-id'] = req.requestId;
  return { method: req.method, path: query ? `${path}?${query}` : path, headers, body: req.body?.data };
}

import { canonicalJson } from '../common/canonical-json.js';
import { GENESIS_HASH, bodyOf } from './audit-event.js';
import { checkpointBody, generateCheckpointKeyPair, signCheckpoint } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { anchorFor, anchorLine, checkpointLine, eventLine, headerLine, parseExportLine } from './export-format.js';
import { sampleChain } from './sample-log.js';

const CHAIN = 'tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7';
const events = [...sampleChain(CHAIN, 5)];
const { privateKey, publicKey } = generateCheckpointKeyPair();

describe('export lines', () => {
  it('writes canonical JSON and reads back what it wrote', () => {
    const line = eventLine(events[2]);
    expect(line).toBe(canonicalJson({ type: 'event', ...events[2] }));
    expect(parseExportLine(line)).toEqual({ record: { type: 'event', event: events[2], encodedBody: canonicalJson(bodyOf(events[2])) } });
  });

  const canonical = eventLine(events[0]);
  it.each([
    ['another key order', JSON.stringify({ ...events[0], type: 'event' })],
    ['white space', canonical.replace('","', '", "')],
    ['a duplicate member', canonical.replace('{"action":', '{"action":"x","action":')],
    ['a number written 1.0', canonical.replace('"seq":1,', '"seq":1.0,')],
    ['an escaped letter', canonical.replace('"inference.infer"', '"\\u0069nference.infer"')],
    ['a trailing carriage return', `${canonical}\r`],
  ])('refuses an event line with %s, though it parses to the same event', (_name, line) => {
    expect(line).not.toBe(canonical);
    expect(JSON.parse(line)).toEqual(JSON.parse(canonical));
    expect(parseExportLine(line).error).toMatch(/not the canonical JSON/);
  });

  it('refuses a checkpoint or header line that is not canonical', () => {
    expect(parseExportLine('{"format":"warden-audit-export","type":"header", "version":1}').error).toMatch(/not the canonical JSON/);
    expect(parseExportLine('{"type":"header","format":"warden-audit-export","version":1}').error).toMatch(/not the canonical JSON/);
  });

  it('round-trips header, checkpoint and anchor lines', () => {
    const checkpoint = signCheckpoint(checkpointBody([{ chainId: CHAIN, treeSize: 5, rootHash: 'ab'.repeat(32) }], new Date(0), publicKey), privateKey);
    const range = new CompactRange();
    events.slice(0, 3).forEach((e) => range.pushEventHash(e.hash));
    const anchor = anchorFor(CHAIN, range, events[2].hash);
    expect(anchor.frontier).toHaveLength(2);
    expect(parseExportLine(headerLine({ exportedAt: '2026-01-01T00:00:00.000Z' })).record).toEqual({ type: 'header', format: 'warden-audit-export', version: 1 });
    expect(parseExportLine(checkpointLine(checkpoint)).record).toEqual({ type: 'checkpoint', checkpoint });
    expect(parseExportLine(anchorLine(anchor)).record).toEqual({ type: 'anchor', anchor });
  });

  it('will not write an anchor whose prevHash is not the last leaf', () => {
    const range = new CompactRange();
    range.pushEventHash(events[0].hash);
    expect(() => anchorFor(CHAIN, range, events[1].hash)).toThrow(/leaf of prevHash/);
  });

  const event = JSON.parse(eventLine(events[0])) as Record<string, unknown>;
  const anchor = { type: 'anchor', chainId: CHAIN, treeSize: 0, prevHash: GENESIS_HASH, frontier: [] as string[] };
  it.each<[string, string, RegExp]>([
    ['not JSON', '{"type":', /not JSON/],
    ['an array', '[]', /JSON object/],
    ['an unknown type', '{"type":"note"}', /unknown line type/],
    ['a header of another format', '{"type":"header","format":"other","version":1}', /format/],
    ['a header of a later version', '{"type":"header","format":"warden-audit-export","version":2}', /version/],
    ['an event with an extra member', JSON.stringify({ ...event, note: 1 }), /malformed event: .*exactly/],
    ['an event without a hash', JSON.stringify({ ...event, hash: undefined }), /malformed event/],
    ['an event with a numeric seq string', JSON.stringify({ ...event, seq: '1' }), /malformed event: seq/],
    ['a checkpoint with an extra member', JSON.stringify({ type: 'checkpoint', body: {}, signature: '', x: 1 }), /exactly/],
    ['a checkpoint with a malformed body', JSON.stringify({ type: 'checkpoint', body: { chains: [] }, signature: '' }), /malformed checkpoint/],
    ['an anchor with a short frontier', JSON.stringify({ ...anchor, treeSize: 3, prevHash: 'ab'.repeat(32), frontier: ['ab'.repeat(32)] }), /frontier must hold 2/],
    ['an anchor at 0 off genesis', JSON.stringify({ ...anchor, prevHash: 'ab'.repeat(32) }), /genesis/],
    ['an anchor with a bad chain', JSON.stringify({ ...anchor, chainId: 'x' }), /chainId/],
  ])('refuses %s', (_name, line, message) => {
    expect(parseExportLine(line).error).toMatch(message);
  });
});

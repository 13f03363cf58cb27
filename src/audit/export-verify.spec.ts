import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditEvent } from './audit-event.js';
import { runAuditVerify } from './audit-verify-cli.js';
import { checkpointBody, generateCheckpointKeyPair, publicKeyToPem, publicKeyToRawBase64, signCheckpoint } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { eventHash } from './event-hash.js';
import { anchorFor, anchorLine, checkpointLine, eventLine } from './export-format.js';
import { verifyExportFile, verifyExportLines } from './export-verify.js';
import { sampleChain, sampleExportLines } from './sample-log.js';

const T1 = 'tenant:7c9e6679-7425-40de-944b-e07fc1f90ae7';
const T2 = 'tenant:0f8fad5b-d9cb-469f-a165-70867728950e';
const keys = generateCheckpointKeyPair();
const stranger = generateCheckpointKeyPair();
const chains = [
  { chainId: 'platform', count: 30 },
  { chainId: T1, count: 100 },
  { chainId: T2, count: 45 },
];
// Checkpoints at 32, 64, 96 and the end of each chain.
const good = [...sampleExportLines({ chains, checkpointEvery: 32, privateKey: keys.privateKey })];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'warden-audit-verify-'));
  writeFileSync(path.join(dir, 'key.pem'), publicKeyToPem(keys.publicKey));
  writeFileSync(path.join(dir, 'key.b64'), `${publicKeyToRawBase64(keys.publicKey)}\n`);
  writeFileSync(path.join(dir, 'stranger.pem'), publicKeyToPem(stranger.publicKey));
  writeFileSync(path.join(dir, 'garbage.pem'), 'not a key');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function exportFile(lines: string[]): string {
  const file = path.join(dir, `export-${++files}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditVerify(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const key = (): string => path.join(dir, 'key.pem');
const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;
const indexOf = (lines: string[], chainId: string, seq: number): number =>
  lines.findIndex((l) => parse(l).type === 'event' && parse(l).chainId === chainId && parse(l).seq === seq);
const editEvent = (lines: string[], chainId: string, seq: number, edit: (e: AuditEvent) => AuditEvent): string[] => {
  const copy = [...lines];
  const i = indexOf(copy, chainId, seq);
  const { type: _type, ...event } = parse(copy[i]);
  copy[i] = eventLine(edit(event as unknown as AuditEvent));
  return copy;
};

/** A second, validly hashed event with the same seq, right after the first. */
const fork = (lines: string[], chainId: string, seq: number): string[] => {
  const i = indexOf(lines, chainId, seq);
  const { type: _type, ...event } = parse(lines[i]) as unknown as AuditEvent & { type: string };
  const twin = { ...event, decision: event.decision === 'none' ? 'allow' : 'none' } as AuditEvent;
  return [...lines.slice(0, i + 1), eventLine({ ...twin, hash: eventHash(twin.prevHash, twin) }), ...lines.slice(i + 1)];
};

describe('audit:verify', () => {
  it('accepts an intact export with a PEM or a raw base64 key', async () => {
    for (const keyFile of [key(), path.join(dir, 'key.b64')]) {
      const { code, out } = await cli(exportFile(good), '--public-key', keyFile);
      expect(out).toMatch(/175 events in 3 chains, 4 checkpoints/);
      expect(out).toMatch(/12 checkpoint roots recomputed/);
      expect(out).toMatch(new RegExp(`${T1}: seq 1\\.\\.100, signed up to seq 100`));
      expect(out).toMatch(/^OK: /m);
      expect(code).toBe(0);
    }
  });

  it.each<[string, (lines: string[]) => string[], RegExp]>([
    ['an altered event', (l) => editEvent(l, T1, 50, (e) => ({ ...e, decision: e.decision === 'allow' ? 'deny' : 'allow' })), new RegExp(`first bad: chain ${T1} seq 50: hash mismatch`)],
    ['a deleted event', (l) => l.filter((_, i) => i !== indexOf(l, T2, 7)), new RegExp(`first bad: chain ${T2} seq 7: seq 7 is missing`)],
    ['a forked event', (l) => fork(l, 'platform', 4), /first bad: chain platform seq 4: fork: a second, different event with seq 4/],
    ['a tail cut off', (l) => l.filter((x) => !(parse(x).chainId === T1 && (parse(x).seq as number) > 95)), new RegExp(`first bad: chain ${T1} seq 96: the export ends at seq 95, .*seqs 96\\.\\.100 are missing \\(line 5\\)`)],
    ['an altered checkpoint root', (l) => [l[0], l[1].replace(/"rootHash":"(.)/, (_m, c: string) => `"rootHash":"${c === 'a' ? 'b' : 'a'}`), ...l.slice(2)], /first bad: line 2: checkpoint signature does not verify/],
    ['a checkpoint signed by another key', (l) => [l[0], checkpointLine(signCheckpoint(checkpointBody([], new Date(), stranger.publicKey), stranger.privateKey)), ...l.slice(1)], /first bad: line 2: checkpoint is signed by key [0-9a-f]{16}, which is not among/],
    ['a checkpoint after the events', (l) => [...l.slice(0, 4), ...l.slice(5, 8), l[4], ...l.slice(8)], /first bad: line 8: checkpoint lines must come before/],
    ['no header', (l) => l.slice(1), /first bad: line 1: the first line must be the export header/],
    ['a line that is not JSON', (l) => [...l.slice(0, 20), 'oops', ...l.slice(20)], /first bad: line 21: not JSON/],
  ])('rejects %s', async (_name, tamper, message) => {
    const { code, out } = await cli(exportFile(tamper(good)), '--public-key', key());
    expect(out).toMatch(message);
    expect(code).toBe(1);
  });

  it('catches a chain rewritten from seq 40 on, hash links and all, at the next checkpoint', async () => {
    const lines = [...good];
    let prev = '';
    for (let seq = 40; seq <= 100; seq++) {
      const i = indexOf(lines, T1, seq);
      const { type: _type, ...event } = parse(lines[i]) as unknown as AuditEvent & { type: string };
      const edited = { ...event, prevHash: seq === 40 ? event.prevHash : prev, details: seq === 40 ? { ...event.details, purpose: 'marketing-x' } : event.details };
      prev = eventHash(edited.prevHash, edited);
      lines[i] = eventLine({ ...edited, hash: prev });
    }
    const { code, out } = await cli(exportFile(lines), '--public-key', key());
    expect(out).toMatch(new RegExp(`first bad: chain ${T1} seq 64: the Merkle root at treeSize 64 is [0-9a-f]{64}, but the checkpoint of line 3`));
    expect(code).toBe(1);
  });

  it('rejects checkpoints under a key it was not given', async () => {
    const { code, out } = await cli(exportFile(good), '--public-key', path.join(dir, 'stranger.pem'));
    expect(out).toMatch(/first bad: line 2: checkpoint is signed by key/);
    expect(code).toBe(1);
  });

  it('accepts the signing key among several during a rotation', async () => {
    expect((await cli(exportFile(good), '--public-key', path.join(dir, 'stranger.pem'), '--public-key', key())).code).toBe(0);
  });

  it('verifies an export that starts mid-chain from its anchor', async () => {
    const from = 41;
    const events = [...sampleChain(T1, 100)];
    const range = new CompactRange();
    events.slice(0, from - 1).forEach((e) => range.pushEventHash(e.hash));
    const checkpoints = good.filter((l) => parse(l).type === 'checkpoint');
    const lines = [good[0], ...checkpoints, anchorLine(anchorFor(T1, range, events[from - 2].hash)), ...events.slice(from - 1).map(eventLine)];
    const result = await verifyExportFile(exportFile(lines), { publicKeys: [keys.publicKey] });
    // Outside: T1's checkpoint at 32 (before the anchor) and every entry of the two absent chains.
    expect(result).toMatchObject({ ok: true, events: 60, entriesOutside: 1 + 4 + 4 });
    expect(result.chains).toEqual([expect.objectContaining({ chainId: T1, firstSeq: 41, lastSeq: 100, rootsChecked: 3, signedUpTo: 100 })]);

    const forged = anchorFor(T1, range, events[from - 2].hash);
    forged.frontier[0] = 'ab'.repeat(32);
    const bad = await verifyExportFile(exportFile([...lines.slice(0, -61), anchorLine(forged), ...lines.slice(-60)]), { publicKeys: [keys.publicKey] });
    expect(bad.firstBad).toMatchObject({ chain: T1, seq: 64, reason: expect.stringMatching(/Merkle root at treeSize 64/) });
  });

  it('refuses a file that is not UTF-8, though a lenient reader would decode it to an export that verifies', async () => {
    // An event whose details hold U+FFFD (as refused caller text is recorded); in the file its
    // three bytes EF BF BD become one FF, which a lenient decoder reads back as U+FFFD.
    let prev = undefined as string | undefined;
    const events = [...sampleChain(T2, 3)].map((e) => {
      const body = { ...e, prevHash: prev ?? e.prevHash, details: { ...e.details, caller: 'x\uFFFDy' } };
      prev = eventHash(body.prevHash, body);
      return { ...body, hash: prev };
    });
    const text = `${[good[0], ...events.map(eventLine)].join('\n')}\n`;
    const intact = path.join(dir, `export-${++files}.jsonl`);
    writeFileSync(intact, text);
    expect(await verifyExportFile(intact, { publicKeys: [keys.publicKey], allowUnsigned: true })).toMatchObject({ ok: true, events: 3 });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('\uFFFD', 'utf8'));
    const altered = path.join(dir, `export-${++files}.jsonl`);
    writeFileSync(altered, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]));
    expect((await verifyExportFile(altered, { publicKeys: [keys.publicKey], allowUnsigned: true })).firstBad).toMatchObject({ reason: expect.stringMatching(/not UTF-8/) });
  });

  it('refuses a chain that no checkpoint covers unless told to accept hash links alone', async () => {
    const lines = [good[0], ...[...sampleChain(T2, 10)].map(eventLine)];
    const strict = await cli(exportFile(lines), '--public-key', key());
    expect(strict.out).toMatch(new RegExp(`first bad: chain ${T2} seq 1: no checkpoint in the export covers this chain`));
    expect(strict.code).toBe(1);
    const lenient = await cli(exportFile(lines), '--public-key', key(), '--allow-unsigned');
    expect(lenient.out).toMatch(new RegExp(`${T2}: seq 1\\.\\.10, no checkpoint`));
    expect(lenient.code).toBe(0);
  });

  it('does not count a root at the anchor\'s size, or of an empty chain, as vouching for the events after it', async () => {
    // Events 97..100 of T1 after an anchor at 96, with the only checkpoint signing size 96.
    const events = [...sampleChain(T1, 100)];
    const range = new CompactRange();
    events.slice(0, 96).forEach((e) => range.pushEventHash(e.hash));
    const atAnchor = signCheckpoint(checkpointBody([{ chainId: T1, treeSize: 96, rootHash: range.root().toString('hex') }], new Date('2026-01-01T00:00:00Z'), keys.publicKey), keys.privateKey);
    const anchored = [good[0], checkpointLine(atAnchor), anchorLine(anchorFor(T1, range, events[95].hash)), ...events.slice(96).map(eventLine)];
    const strict = await verifyExportFile(exportFile(anchored), { publicKeys: [keys.publicKey] });
    expect(strict.firstBad).toMatchObject({ chain: T1, seq: 97, reason: expect.stringMatching(/no checkpoint in the export covers this chain/) });
    expect((await verifyExportFile(exportFile(anchored), { publicKeys: [keys.publicKey], allowUnsigned: true })).ok).toBe(true);

    // A checkpoint that lists T2 at size 0, before any of its events.
    const empty = signCheckpoint(checkpointBody([{ chainId: T2, treeSize: 0, rootHash: new CompactRange().root().toString('hex') }], new Date('2026-01-01T00:00:00Z'), keys.publicKey), keys.privateKey);
    const fromZero = [good[0], checkpointLine(empty), ...[...sampleChain(T2, 3)].map(eventLine)];
    expect((await verifyExportFile(exportFile(fromZero), { publicKeys: [keys.publicKey] })).firstBad).toMatchObject({ chain: T2, reason: expect.stringMatching(/no checkpoint/) });
  });

  it('refuses an export that starts with a byte order mark', async () => {
    const file = path.join(dir, `export-${++files}.jsonl`);
    writeFileSync(file, `\uFEFF${good.join('\n')}\n`);
    expect((await verifyExportFile(file, { publicKeys: [keys.publicKey] })).firstBad).toMatchObject({ line: 1 });
    expect((await verifyExportFile(exportFile(good), { publicKeys: [keys.publicKey] })).ok).toBe(true);
  });

  it('reads lines from any iterable too', async () => {
    expect(await verifyExportLines(good, { publicKeys: [keys.publicKey] })).toMatchObject({ ok: true, events: 175, rootsChecked: 12 });
    expect(await verifyExportLines([], { publicKeys: [keys.publicKey] })).toMatchObject({ ok: false, firstBad: { line: 0, reason: expect.stringMatching(/empty/) } });
  });

  it.each<[string, string[], RegExp]>([
    ['no arguments', [], /exactly one export file/],
    ['no key', ['x.jsonl'], /--public-key/],
    ['a dangling --public-key', ['x.jsonl', '--public-key'], /needs a file/],
    ['an unknown option', ['x.jsonl', '--fast'], /unknown option --fast/],
    ['two files', ['a.jsonl', 'b.jsonl', '--public-key', 'k'], /exactly one export file/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const { code, err } = await cli(...argv);
    expect(err).toMatch(message);
    expect(err).toMatch(/usage: audit-verify/);
    expect(code).toBe(2);
  });

  it.each([
    ['a missing key file', () => [exportFile(good), '--public-key', path.join(dir, 'none.pem')], /cannot use public key/],
    ['a key file that holds no key', () => [exportFile(good), '--public-key', path.join(dir, 'garbage.pem')], /cannot use public key/],
    ['a missing export', () => [path.join(dir, 'none.jsonl'), '--public-key', key()], /cannot read export/],
    ['a directory for the export', () => [dir, '--public-key', key()], /cannot read export/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const { code, err } = await cli(...argv());
    expect(err).toMatch(message);
    expect(code).toBe(2);
  });

  it('prints its throughput on a larger export', async () => {
    const big = [...sampleExportLines({ chains: [{ chainId: T1, count: 30_000 }, { chainId: 'platform', count: 2_000 }], checkpointEvery: 10_000, privateKey: keys.privateKey })];
    const file = exportFile(big);
    const started = performance.now();
    const result = await verifyExportFile(file, { publicKeys: [keys.publicKey] });
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ ok: true, events: 32_000 });
    console.log(`audit:verify on a JSONL file: ${Math.round(result.events / seconds).toLocaleString('en-US')} events/s (${result.events} events)`);
  });
});

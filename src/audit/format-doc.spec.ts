import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../common/canonical-json.js';
import { keyIdOf, parsePublicKey, publicKeyToRawBase64, signCheckpoint } from './checkpoint.js';
import { verifyExportLines } from './export-verify.js';
import { parseExportLine } from './export-format.js';
import { leafHash, merkleRoot } from './merkle.js';

/*
 * docs/audit-format.md is what outsiders implement verifiers from, so its worked example must be
 * true: these tests read the example out of the document and check it with the code.
 */
const doc = readFileSync(fileURLToPath(new URL('../../docs/audit-format.md', import.meta.url)), 'utf8');
const example = doc.slice(doc.indexOf('## 13. Worked example'));
const blocks = (lang: string): string[] => [...example.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const [exportText, anchorText] = blocks('jsonl');
const exportLines = exportText.trimEnd().split('\n');
const pem = example.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/)![0];
const publicKey = parsePublicKey(pem);

describe('the worked example of docs/audit-format.md', () => {
  it('verifies as an export with the key it gives', async () => {
    expect(exportLines).toHaveLength(5);
    expect(await verifyExportLines(exportLines, { publicKeys: [publicKey] })).toMatchObject({ ok: true, events: 3, rootsChecked: 1, entriesOutside: 1 });
  });

  it('verifies from seq 2 with the anchor it gives', async () => {
    const lines = [exportLines[0], exportLines[1], anchorText.trim(), ...exportLines.slice(3)];
    expect(await verifyExportLines(lines, { publicKeys: [publicKey] })).toMatchObject({ ok: true, events: 2, rootsChecked: 1 });
  });

  it('shows the canonical bodies the events hash', () => {
    const bodies = blocks('').filter((b) => b.startsWith('{"action"')).map((b) => b.trim());
    const events = exportLines.slice(2).map((line) => parseExportLine(line).record);
    expect(events.map((r) => (r?.type === 'event' ? r.encodedBody : undefined))).toEqual(bodies);
    expect(Buffer.byteLength(bodies[0])).toBe(Number(example.match(/\((\d+) bytes\)/)![1]));
  });

  it('gives the leaf hashes and roots the code computes', () => {
    const hashes = exportLines.slice(2).map((line) => (JSON.parse(line) as { hash: string }).hash);
    const leaves = hashes.map((h) => leafHash(h));
    for (const leaf of leaves) expect(example).toContain(`leaf hash = ${leaf.toString('hex')}`);
    for (const hash of hashes) expect(example).toContain(`= ${hash}`);
    for (const size of [1, 2, 3]) expect(example).toContain(`size ${size}: ${merkleRoot(leaves.slice(0, size)).toString('hex')}`);
  });

  it('signs with the key derived from the seed it names, giving the signature it shows', () => {
    const seed = Buffer.alloc(32, 0x2a);
    const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    expect(publicKeyToRawBase64(createPublicKey(privateKey))).toBe(publicKeyToRawBase64(publicKey));
    expect(example).toContain(`key id \`${keyIdOf(publicKey)}\``);
    const { body, signature } = JSON.parse(exportLines[1]) as { body: Parameters<typeof signCheckpoint>[0]; signature: string };
    expect(example).toContain(canonicalJson(body));
    expect(signCheckpoint(body, privateKey).signature).toBe(signature);
  });
});

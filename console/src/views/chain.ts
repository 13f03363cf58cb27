import { ApiError, get, post } from '../lib/api.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { h, replace } from '../lib/dom.js';
import { count, shortHash, time } from '../lib/format.js';
import { pieces, pieceSize, rangeProblem } from '../lib/ranges.js';
import type { ViewContext } from '../lib/router.js';
import { can } from '../lib/session.js';
import { badge, button, empty, errorNotice, facts, field, loading, notice, pageHeading, pagedTable, progress, select } from '../lib/ui.js';

interface Checkpoint {
  id: string;
  body: { chains: { chainId: string; treeSize: number; rootHash: string }[]; issuedAt: string; keyId: string };
  signature: string;
}

interface PublicKey {
  keyId: string;
  algorithm: string;
  publicKeyBase64: string;
}

interface Chain {
  chainId: string;
  tenantId: string | null;
  tenantName: string | null;
  size: number;
  updatedAt: string;
}

interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  firstBad?: { chain: string; seq: number; reason: string };
}

const chainName = (c: Chain): string => (c.chainId === 'platform' ? 'platform (admin actions)' : `${c.tenantName ?? c.tenantId} (tenant)`);

const base64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/** Checks the checkpoint's Ed25519 signature here, in the browser, over the canonical JSON of its body. */
async function signatureCheck(checkpoint: Checkpoint, key: PublicKey): Promise<'valid' | 'invalid' | 'unsupported'> {
  if (!globalThis.crypto?.subtle) return 'unsupported';
  try {
    const publicKey = await crypto.subtle.importKey('raw', base64(key.publicKeyBase64), { name: 'Ed25519' }, false, ['verify']);
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, base64(checkpoint.signature), new TextEncoder().encode(canonicalJson(checkpoint.body)));
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'unsupported';
  }
}

export function renderChain(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const checkpointBox = h('section', { class: 'panel', 'aria-labelledby': 'cp-h' }, h('h2', { id: 'cp-h' }, 'Latest signed checkpoint'), loading('Loading the checkpoint…'));
  const chainsBox = h('section', { 'aria-labelledby': 'chains-h' }, h('h2', { id: 'chains-h' }, 'Chains'), loading('Loading chains…'));
  replace(
    view,
    ...pageHeading(
      'Chain status',
      'The audit log is a set of hash chains, one per tenant and one for admin actions. Checkpoints sign each chain’s size and Merkle root; verification re-checks every hash link against them.',
    ),
    checkpointBox,
    chainsBox,
  );
  return Promise.all([loadCheckpoint(checkpointBox, ctx), loadChains(chainsBox)]).then(() => undefined);
}

async function loadCheckpoint(box: HTMLElement, ctx: ViewContext): Promise<void> {
  const heading = box.firstElementChild!;
  const signNow = can(ctx.session, 'manage:AuditLog')
    ? button('Sign a checkpoint now', async () => {
        try {
          await post('/v1/audit/checkpoints');
          ctx.reload();
        } catch (error) {
          box.append(errorNotice(error, 'Signing a checkpoint'));
        }
      })
    : null;
  try {
    const [checkpoint, key] = await Promise.all([get<Checkpoint>('/v1/audit/checkpoints/latest').catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))), get<PublicKey>('/v1/audit/public-key')]);
    if (!checkpoint) {
      replace(
        box,
        heading,
        empty('No checkpoint has been signed yet.', 'Warden signs one every minute while events arrive (AUDIT_CHECKPOINT_INTERVAL_MS); an admin can sign one now. Verification still checks every hash link meanwhile.'),
        signNow,
      );
      return;
    }
    const check = await signatureCheck(checkpoint, key);
    const verdict =
      check === 'valid'
        ? notice('success', h('p', null, h('strong', null, 'Signature valid. '), `Checked in this browser with Warden’s Ed25519 public key ${key.keyId}.`))
        : check === 'invalid'
          ? notice('error', h('p', null, h('strong', null, 'Signature INVALID. '), 'The checkpoint does not match its signature under Warden’s public key.'))
          : notice('warn', h('p', null, 'This browser cannot check Ed25519 signatures here; export the log and run npm run audit:verify with the public key.'));
    replace(
      box,
      heading,
      verdict,
      facts([
        ['Issued', time(checkpoint.body.issuedAt)],
        ['Signing key', h('span', { class: 'mono' }, checkpoint.body.keyId)],
        ['Public key', h('span', { class: 'mono' }, `${key.publicKeyBase64} (${key.algorithm})`)],
        ['Signature', h('span', { class: 'mono' }, shortHash(checkpoint.signature, 32))],
        ['Chains covered', count(checkpoint.body.chains.length)],
      ]),
      pagedTable({
        caption: 'What the checkpoint signs: each chain’s size and Merkle root',
        rows: checkpoint.body.chains,
        pageSize: 10,
        columns: [
          { label: 'Chain', cell: (c) => h('span', { class: 'mono' }, c.chainId) },
          { label: 'Events', numeric: true, cell: (c) => count(c.treeSize) },
          { label: 'Root hash', cell: (c) => h('span', { class: 'mono', title: c.rootHash }, shortHash(c.rootHash, 20)) },
        ],
      }),
      signNow,
    );
  } catch (error) {
    replace(box, heading, errorNotice(error, 'Loading the checkpoint'));
  }
}

async function loadChains(box: HTMLElement): Promise<void> {
  const heading = box.firstElementChild!;
  let chains: Chain[];
  try {
    chains = await get<Chain[]>('/v1/console/chains');
  } catch (error) {
    replace(box, heading, errorNotice(error, 'Loading chains'));
    return;
  }
  if (!chains.length) {
    replace(box, heading, empty('The audit log is empty.', 'Chains start with the first admin action or governed call.'));
    return;
  }
  const result = h('div', { 'aria-live': 'polite' });
  const verifyOne = (c: Chain) => verifyChains([c], result);
  replace(
    box,
    heading,
    h('div', { class: 'actions' }, button('Verify all chains', () => void verifyChains(chains, result))),
    result,
    pagedTable({
      caption: 'Audit chains',
      rows: chains,
      columns: [
        { label: 'Chain', cell: (c) => chainName(c) },
        { label: 'Events', numeric: true, cell: (c) => count(c.size) },
        { label: 'Last event', cell: (c) => time(c.updatedAt) },
        { label: 'Check', cell: (c) => button(`Verify ${c.chainId === 'platform' ? 'platform chain' : `chain of ${c.tenantName ?? c.tenantId}`}`, () => void verifyOne(c), 'secondary') },
      ],
    }),
    rangeForm(chains),
  );
}

/** Whole chains, one call each: hash links, completeness, and the Merkle root against the head and the signed checkpoints. */
async function verifyChains(chains: Chain[], out: HTMLElement): Promise<void> {
  const bar = progress('Verification progress');
  replace(out, bar.element);
  const total = chains.reduce((sum, c) => sum + c.size, 0);
  let checked = 0;
  for (const [i, chain] of chains.entries()) {
    bar.update(checked, total, `Verifying ${chainName(chain)} (${i + 1} of ${chains.length})…`);
    try {
      const r = await get<VerifyResult>('/v1/audit/verify', { chain: chain.chainId });
      checked += r.checked;
      if (!r.ok) {
        bar.fail(`Stopped at ${chainName(chain)}.`);
        out.append(broken(r, chainName(chain)));
        return;
      }
    } catch (error) {
      bar.fail('Verification could not finish.');
      out.append(errorNotice(error, `Verifying ${chainName(chain)}`));
      return;
    }
  }
  bar.finish(`Done: ${count(checked)} events in ${chains.length} chain(s) checked.`);
  out.append(notice('success', h('p', null, h('strong', null, 'Intact. '), `${count(checked)} events in ${chains.length} chain(s): every hash link holds, no event is missing, and the Merkle roots match the chain heads and the signed checkpoints.`)));
}

function broken(r: VerifyResult, name: string): HTMLElement {
  const bad = r.firstBad!;
  return notice(
    'error',
    h('p', null, h('strong', null, 'Broken. '), `${name}: chain ${bad.chain}, event ${bad.seq}: ${bad.reason}.`),
    h('p', null, `${count(r.checked)} event(s) checked out before the fault. Everything from event ${bad.seq} on cannot be trusted as recorded; export the chain and keep it as evidence.`),
  );
}

function rangeForm(chains: Chain[]): HTMLElement {
  const chain = select(chains.map((c) => [c.chainId, `${chainName(c)} · ${count(c.size)} events`]), chains[0].chainId, 'chain');
  const from = h('input', { type: 'number', name: 'from', min: 1, step: 1, value: 1, required: true });
  const to = h('input', { type: 'number', name: 'to', min: 1, step: 1, value: chains[0].size, required: true });
  chain.addEventListener('change', () => {
    to.value = String(chains.find((c) => c.chainId === chain.value)?.size ?? 1);
  });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'form-grid', 'aria-labelledby': 'range-h' },
    field('Chain to verify', chain),
    field('From event (seq)', from),
    field('To event (seq)', to),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Verify range')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const size = chains.find((c) => c.chainId === chain.value)?.size ?? 0;
    const [a, b] = [Number(from.value), Number(to.value)];
    const problem = rangeProblem(a, b, size);
    if (problem) {
      replace(out, notice('error', h('p', null, problem)));
      return;
    }
    const parts = pieces(a, b, pieceSize(b - a + 1));
    const bar = progress('Range verification progress');
    replace(out, bar.element);
    let checked = 0;
    for (const part of parts) {
      bar.update(checked, b - a + 1, `Checking events ${count(part.from)}–${count(part.to)} of ${count(a)}–${count(b)}…`);
      try {
        const r = await get<VerifyResult>('/v1/audit/verify', { chain: chain.value, from: part.from, to: part.to });
        checked += r.checked;
        if (!r.ok) {
          bar.fail('Stopped at the first fault.');
          out.append(broken({ ...r, checked }, chainName(chains.find((c) => c.chainId === chain.value)!)));
          return;
        }
      } catch (error) {
        bar.fail('Verification could not finish.');
        out.append(errorNotice(error, 'Verifying the range'));
        return;
      }
    }
    bar.finish(`Done: events ${count(a)}–${count(b)} checked.`);
    out.append(
      notice(
        'success',
        h('p', null, h('strong', null, 'Intact. '), `Events ${count(a)}–${count(b)} of ${chain.value}: ${count(checked)} events, every hash links to the one before it${a > 1 ? ` (starting from event ${a - 1})` : ''}.`),
        badge('verified', 'ok'),
      ),
    );
  });
  return h('section', { class: 'panel' }, h('h2', { id: 'range-h' }, 'Verify a range'), h('p', { class: 'muted' }, 'Checks the hash links of a stretch of one chain, piece by piece.'), form, out);
}

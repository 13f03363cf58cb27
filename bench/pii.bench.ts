/**
 * Side-by-side PII benchmark: Warden's redactor against redact-pii and @openredaction/openredaction on
 * the same labelled corpus (bench/pii-corpus.ts), timed on the same texts in the same process.
 *
 *   npm run bench:pii [-- --mix held-out|tuning] [--split test|dev] [--size 4000] [--seed 20261206]
 *
 * The defaults are the reported run: the held-out locale mix (countries, address layouts and name
 * lists the recognizers were not tuned on), the test half of the templates, and a seed used for
 * nothing else. `--mix tuning --split dev` is the corpus the recognizers were developed against.
 *
 * Recall: a PII value counts as leaked when any distinctive piece of it survives in the output — any
 * word of three or more letters of a name, address, e-mail or URL, any four consecutive digits of a
 * number — unless that piece also occurs elsewhere in the original text. Look-alikes kept: the share
 * of look-alike strings (order numbers, versions, amounts …) found intact in the output.
 */
import { spawnSync } from 'node:child_process';
import { OpenRedaction } from '@openredaction/openredaction';
import { SyncRedactor } from 'redact-pii';
import { redact } from '../src/privacy/index.js';
import type { EntityType } from '../src/privacy/entities.js';
import { machine } from './machine.js';
import {
  type CorpusText,
  CORPUS_LOCALES,
  HELD_OUT_CORPUS_LOCALES,
  type LookalikeKind,
  type Mix,
  type Span,
  type Split,
  generateCorpus,
} from './pii-corpus.js';
import { type Speed, scrubThroughput, speedRatio, throughput } from './pii-throughput.js';

interface System {
  name: string;
  run(text: string): string;
}

function systems(): System[] {
  const redactPii = new SyncRedactor();
  // Defaults are openredaction's most accurate documented setting: names, addresses, phones and
  // e-mails on, context analysis on, confidence threshold 0.5.
  const openRedaction = new OpenRedaction();
  return [
    { name: 'Warden', run: (text) => redact(text).text },
    { name: 'redact-pii', run: (text) => redactPii.redact(text) },
    { name: 'openredaction', run: (text) => openRedaction.detect(text).redacted },
  ];
}

// Pieces of a value that say nothing about the person: street-type words, particles, web boilerplate.
const GENERIC = new Set(
  `street road avenue lane drive court boulevard way place terrace close crescent gardens grove square parkway highway
  circle trail row mews walk hill park green suite apt apartment unit flat floor the and of
  straße strasse str weg allee platz gasse ring damm ufer wohnung zimmer
  rue avenue boulevard place allée chemin impasse quai route cours passage voie bis des du de la le les
  calle avenida paseo plaza camino ronda del las los
  straat laan gracht plein kade singel dijk hoog van der den het
  via viale piazza corso largo vicolo strada della delle dei di
  http https www com org net info biz name html php profile share gmail yahoo hotmail outlook example`.split(/\s+/),
);

const WARM_UP_PASSES = 3;
const WARM_UP_SIZE = 2000;
const ROUNDS = 9;
const ROUND_SIZE = 3000;

const TEXTUAL: ReadonlySet<EntityType> = new Set(['PERSON', 'EMAIL', 'URL', 'STREET_ADDRESS']);

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Digit strings of the number-like chunks of a text ("+44 20 7946 0958" → "442079460958"). */
function digitChunks(text: string): string[] {
  return (text.match(/\d(?:[\d .\-/()]*\d)?/g) ?? []).map((c) => c.replace(/\D/g, ''));
}

function distinctive(span: Span<EntityType>): { words: string[]; windows: string[] } {
  const isV6 = span.type === 'IP_ADDRESS' && span.value.includes(':');
  if (TEXTUAL.has(span.type) || isV6) {
    const pieces = words(span.value).filter((w) =>
      /^\d+$/.test(w) ? w.length >= 4 : w.length >= (isV6 ? 4 : 3) && !GENERIC.has(w),
    );
    return { words: [...new Set(pieces)], windows: [] };
  }
  const digits = span.value.replace(/\D/g, '');
  const windows = new Set<string>();
  for (let i = 0; i + 4 <= digits.length; i++) windows.add(digits.slice(i, i + 4));
  return { words: [], windows: [...windows] };
}

/**
 * The output without the systems' placeholders ("<EMAIL>", "[EMAIL_9619]", "EMAIL_ADDRESS", "DIGITS"),
 * whose words would otherwise count as surviving pieces of the value they replaced ("email.it").
 */
function withoutPlaceholders(output: string): string {
  return output.replace(/<[^<>\s]+>|\[[A-Z][A-Z0-9_]*\]|\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}\b/g, ' ');
}

function leaked(item: CorpusText, span: Span<EntityType>, redacted: string): boolean {
  const output = withoutPlaceholders(redacted);
  const { words: pieces, windows } = distinctive(span);
  const rest = item.text.slice(0, span.start) + ' '.repeat(span.end - span.start) + item.text.slice(span.end);
  if (pieces.length > 0) {
    const elsewhere = new Set(words(rest));
    const out = new Set(words(output));
    if (pieces.some((w) => out.has(w) && !elsewhere.has(w))) return true;
  }
  if (windows.length > 0) {
    const elsewhere = digitChunks(rest);
    const out = digitChunks(output);
    return windows.some((w) => out.some((c) => c.includes(w)) && !elsewhere.some((c) => c.includes(w)));
  }
  return false;
}

interface Tally {
  total: number;
  good: number;
}

interface Score {
  recall: Map<EntityType | 'ALL', Tally>;
  kept: Map<LookalikeKind | 'ALL', Tally>;
  speed: Speed;
}

function bump<K>(map: Map<K, Tally>, key: K, good: boolean): void {
  const t = map.get(key) ?? { total: 0, good: 0 };
  t.total++;
  if (good) t.good++;
  map.set(key, t);
}

function accuracy(system: System, corpus: CorpusText[]): Omit<Score, 'speed'> {
  const recall = new Map<EntityType | 'ALL', Tally>();
  const kept = new Map<LookalikeKind | 'ALL', Tally>();
  for (const item of corpus) {
    const output = system.run(item.text);
    for (const span of item.pii) {
      const safe = !leaked(item, span, output);
      bump(recall, span.type, safe);
      bump(recall, 'ALL', safe);
    }
    for (const span of item.lookalikes) {
      const intact = output.includes(span.value);
      bump(kept, span.type, intact);
      bump(kept, 'ALL', intact);
    }
  }
  return { recall, kept };
}

const ratio = (t: Tally | undefined) => (t && t.total > 0 ? (t.good / t.total).toFixed(3) : '—');

function table<K>(title: string, keys: K[], scores: Map<string, Score>, pick: (s: Score) => Map<K, Tally>): string {
  const names = [...scores.keys()];
  const count = (k: K) => pick([...scores.values()][0]).get(k)?.total ?? 0;
  const lines = [
    `| ${title} | n | ${names.join(' | ')} |`,
    `| --- | ---: | ${names.map(() => '---:').join(' | ')} |`,
    ...keys.map((k) => `| ${String(k)} | ${count(k)} | ${names.map((n) => ratio(pick(scores.get(n)!).get(k))).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function main(): void {
  const mix = argument('mix', 'held-out') as Mix;
  const split = argument('split', 'test') as Split;
  const size = Number(argument('size', '4000'));
  const seed = Number(argument('seed', '20261206'));
  const corpus = generateCorpus({ split, size, seed, mix });
  const texts = (size: number, seedOffset: number) => generateCorpus({ split, size, seed: seed + seedOffset, mix }).map((c) => c.text);
  const warmUp = Array.from({ length: WARM_UP_PASSES }, (_, k) => texts(WARM_UP_SIZE, k + 1));
  const rounds = Array.from({ length: ROUNDS }, (_, k) => texts(ROUND_SIZE, WARM_UP_PASSES + k + 1));
  const all = systems();
  const speed = throughput(all, warmUp, rounds);
  const scores = new Map<string, Score>();
  for (const system of all) scores.set(system.name, { ...accuracy(system, corpus), speed: speed.get(system.name)! });
  const scrubbed = scrubThroughput(warmUp, rounds);

  const first = [...scores.values()][0];
  const types = [...first.recall.keys()].filter((k) => k !== 'ALL').sort() as (EntityType | 'ALL')[];
  const kinds = [...first.kept.keys()].filter((k) => k !== 'ALL').sort() as (LookalikeKind | 'ALL')[];
  const locales = mix === 'held-out' ? HELD_OUT_CORPUS_LOCALES : CORPUS_LOCALES;
  const heldOut =
    mix === 'held-out' && split === 'test'
      ? 'held out: these templates (the test half) and this seed were never used while the recognizers were tuned, ' +
        'and these countries and name lists only through the dev half of the mix'
      : 'NOT held out: the recognizers were developed against this corpus; report the held-out mix on the test split';
  const names = [...scores.keys()];
  const warden = scores.get('Warden')!.speed;
  const row = (label: string, cell: (s: Score) => string) => `| ${label} | ${[...scores.values()].map(cell).join(' | ')} |`;
  const out = [
    `PII benchmark — ${mix} locale mix (${locales.join(', ')}), ${split} split, ${corpus.length} texts, seed ${seed}, ${new Date().toISOString().slice(0, 10)}`,
    heldOut,
    `${machine()}`,
    `texts/s: CPU time of the thread running them, warmed up on ${count(WARM_UP_PASSES * WARM_UP_SIZE)} texts, median (and fastest) of ${ROUNDS} rounds of ${count(ROUND_SIZE)} fresh texts each, the systems taking turns`,
    '',
    table('recall', [...types, 'ALL'], scores, (s) => s.recall),
    '',
    table('look-alikes kept', [...kinds, 'ALL'], scores, (s) => s.kept),
    '',
    `| overall | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---:').join(' | ')} |`,
    row('recall', (s) => ratio(s.recall.get('ALL'))),
    row('look-alikes kept', (s) => ratio(s.kept.get('ALL'))),
    row('texts/s (median)', (s) => count(s.speed.median)),
    row('texts/s (fastest round)', (s) => count(s.speed.best)),
    '',
    `Warden's speed against redact-pii: ×${speedRatio(warden, scores.get('redact-pii')!.speed).toFixed(2)}, ` +
      `against openredaction: ×${speedRatio(warden, scores.get('openredaction')!.speed).toFixed(1)} (median over the rounds of the speeds on the same texts)`,
    `Warden's scrub on a log record around each text (${scrubbed.stringsPerRecord} strings, keys included): ` +
      `${count(scrubbed.recordsPerSecond)} records/s, ${count(scrubbed.stringsPerSecond)} strings/s (median of ${ROUNDS} rounds)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

// Timing wants a garbage collection between rounds, which Node offers only behind a flag, and
// collection on the measured thread (see pii-throughput.ts).
if (typeof (globalThis as { gc?: unknown }).gc === 'function') {
  main();
} else {
  const child = spawnSync(process.execPath, ['--expose-gc', '--single-threaded-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}

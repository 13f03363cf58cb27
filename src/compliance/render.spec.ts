import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { pdfText, squash } from '../../test/support/pdf-text.js';
import { facts, h1, h2, list, note, p, table, type ComplianceDocument, type RateChart } from './document-model.js';
import { chartText, renderMarkdown } from './render-markdown.js';
import { renderPdf } from './render-pdf.js';
import { toWinAnsi } from './win-ansi.js';

const chart: RateChart = {
  title: 'Selection rate by sex',
  rateLabel: 'selection rate',
  confidence: 0.95,
  threshold: 0.8,
  reference: 0.636,
  bars: [
    { label: 'female', n: 396, value: 0.487, lower: 0.439, upper: 0.536, impactRatio: 0.766, pass: false },
    { label: 'male', n: 404, value: 0.636, lower: 0.588, upper: 0.682, impactRatio: 1, pass: true },
    { label: 'other', n: 3, value: 0.333, lower: 0.061, upper: 0.792, impactRatio: null, pass: null },
  ],
};

const sha = 'a'.repeat(64);
const doc = (builtAt = new Date('2026-11-22T10:00:00.000Z')): ComplianceDocument => ({
  title: 'Technical documentation: credit-approval 1.0.0',
  subtitle: 'EU AI Act Annex IV draft',
  builtAt,
  footer: 'Warden document 1234',
  blocks: [
    h1('1. General description'),
    p('A logistic regression (λ = 0.001) that scores loan applications; a score ≥ 0.5 approves − a paragraph with “quotes”.'),
    facts([
      ['Model', 'credit-approval@1.0.0'],
      ['sha256', sha],
      ['Risk class', 'high'],
      ['Withdrawn', null],
    ]),
    h2('1.1 Inputs'),
    table(['feature', 'type', 'range'], [['annualIncome', 'numeric', '0 – 1000000'], ['housing', 'categorical', 'own, mortgage, rent']]),
    list(['first | item', 'second item']),
    note('To be completed by the provider.'),
    { kind: 'chart', chart },
  ],
});

describe('rendering compliance documents', () => {
  it('writes Markdown with escaped tables, a text chart and the footer', () => {
    const md = renderMarkdown(doc());
    expect(md.startsWith('# Technical documentation: credit-approval 1.0.0\n\n_EU AI Act Annex IV draft_\n')).toBe(true);
    expect(md).toContain(`| **sha256** | ${sha} |`);
    expect(md).toContain('| **Withdrawn** | — |');
    expect(md).toContain('- first | item');
    expect(md).toContain('> To be completed by the provider.');
    expect(md).toContain('| female | 396 | 0.487 | [0.439, 0.536] | 0.77 | no |');
    expect(md).toContain('| other | 3 | 0.333 | [0.061, 0.792] | — | not judged |');
    expect(md.endsWith('_Warden document 1234_\n')).toBe(true);
  });

  it('draws the chart in text with the threshold marker at 0.8 × the highest rate', () => {
    const [, female, male] = chartText(chart);
    // 0.8 × 0.636 = 0.509 → column 25 of 50; female's 0.487 fills 24 columns, male's 0.636 fills 32.
    const bar = (line: string) => line.slice('female'.length + 2, 'female'.length + 2 + 50);
    expect(bar(female)).toBe(`${'#'.repeat(24)} |${' '.repeat(24)}`);
    expect(bar(male)).toBe(`${'#'.repeat(25)}|${'#'.repeat(6)}${' '.repeat(18)}`);
    expect(female).toContain('IR 0.77 FAIL');
  });

  it('writes the same PDF bytes for the same document, and different bytes for another build time', async () => {
    const [a, b, c] = await Promise.all([renderPdf(doc()), renderPdf(doc()), renderPdf(doc(new Date('2026-11-22T10:00:01.000Z')))]);
    const hash = (x: Buffer) => createHash('sha256').update(x).digest('hex');
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(hash(a)).toBe(hash(b));
    expect(hash(a)).not.toBe(hash(c));
  });

  it('puts the facts in the PDF as text a reader can extract', async () => {
    const { text, pages, info } = await pdfText(await renderPdf(doc()));
    const flat = squash(text);
    expect(pages).toHaveLength(1);
    expect(flat).toContain('Technical documentation: credit-approval 1.0.0');
    expect(flat).toContain(sha);
    expect(flat).toContain('credit-approval@1.0.0');
    expect(flat).toContain('lambda = 0.001');
    expect(flat).toContain('>= 0.5');
    expect(flat).toContain('0.487 [0.439, 0.536] IR 0.77 FAIL');
    expect(flat).toContain('Warden document 1234 · page 1 of 1');
    expect(info.Title).toBe('Technical documentation: credit-approval 1.0.0');
  });

  it('draws the chart as vector paths: a bar per group, whiskers and a dashed threshold line', async () => {
    const pdf = await renderPdf({ ...doc(), blocks: [{ kind: 'chart', chart }] });
    // Each stream's length is in its dictionary; inflate exactly that many bytes.
    const raw = pdf.toString('latin1');
    const streams = [...raw.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)].map((m) => {
      const start = m.index! + m[0].length;
      try {
        return inflateSync(pdf.subarray(start, start + Number(m[1]))).toString('latin1');
      } catch {
        return '';
      }
    });
    const content = streams.join('\n');
    // The plot is 203.28 pt wide from x = 176: bars end at their rate, whiskers span the interval,
    // and the dashed line stands at 0.8 × 0.636 of the plot.
    const num = (v: number) => String(Math.round(v * 1e6) / 1e6);
    const at = (v: number) => num(176 + v * 203.28);
    expect(content).toMatch(new RegExp(`176 [\\d.]+ ${num(0.487 * 203.28)} 12 re`));
    expect(content.match(/ 12 re\n/g)).toHaveLength(3);
    expect(content).toMatch(new RegExp(`${at(0.439)} ([\\d.]+) m\n${at(0.536)} \\1 l`));
    expect(content).toMatch(new RegExp(`${at(0.8 * 0.636)} [\\d.]+ m\n${at(0.8 * 0.636)} [\\d.]+ l\n1 w\n\\[3 2\\] 0 d`));
  });

  it('spreads a long table over pages and repeats its header', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`group ${i}`, String(i)]);
    const { pages } = await pdfText(await renderPdf({ ...doc(), blocks: [table(['group', 'n'], rows, [false, true])] }));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toMatch(/group\s+n/);
    expect(squash(pages.join(' '))).toContain('group 119 119');
  });

  it('keeps text within the standard fonts’ character set', () => {
    expect(toWinAnsi('a ≥ b − c → d, “é”, Zürich, Łódź, 😀')).toBe('a >= b - c -> d, “é”, Zürich, ?ódz, ?');
  });
});

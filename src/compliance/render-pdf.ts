import PDFDocument from 'pdfkit';
import { fixed, type Block, type ComplianceDocument, type RateChart } from './document-model.js';
import { toWinAnsi } from './win-ansi.js';

/**
 * The document as a PDF (A4, the standard Helvetica fonts, charts as vector paths). The output is
 * a function of the document alone: creation and modification dates are the document's build time
 * and the file identifier is derived from them, so the same document always gives the same bytes.
 */

type Pdf = InstanceType<typeof PDFDocument>;

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const INK = '#1d2733';
const MUTED = '#5b6672';
const RULE = '#c9d1da';
const PASS = '#4a6fa5';
const FAIL = '#c0392b';
const UNJUDGED = '#9aa5b1';

class Layout {
  readonly width: number;
  constructor(readonly pdf: Pdf) {
    this.width = pdf.page.width - MARGIN.left - MARGIN.right;
  }
  get left(): number {
    return MARGIN.left;
  }
  get bottom(): number {
    return this.pdf.page.height - MARGIN.bottom;
  }
  get y(): number {
    return this.pdf.y;
  }
  set y(value: number) {
    this.pdf.y = value;
  }
  /** Starts a new page unless `height` fits below the current position. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > MARGIN.top + 1) this.pdf.addPage();
  }
  font(name: 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier', size: number, color = INK): this {
    this.pdf.font(name).fontSize(size).fillColor(color);
    return this;
  }
  height(text: string, width: number, lineGap = 1): number {
    return this.pdf.heightOfString(toWinAnsi(text), { width, lineGap });
  }
  /** Flowing text at the left margin (pdfkit breaks pages inside it); the position moves below it. */
  flow(text: string, options: { indent?: number; lineGap?: number } = {}): void {
    const indent = options.indent ?? 0;
    this.pdf.text(toWinAnsi(text), this.left + indent, this.y, { width: this.width - indent, lineGap: options.lineGap ?? 1.5 });
  }
  /** Text at a fixed place, not moving the flow. */
  at(text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
    const keep = this.y;
    this.pdf.text(toWinAnsi(text), x, y, { width, align, lineGap: 1 });
    this.y = keep;
  }
  line(x1: number, y1: number, x2: number, y2: number, color = RULE, width = 0.5): void {
    this.pdf.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(color).stroke().restore();
  }
}

function heading(l: Layout, level: 1 | 2 | 3, text: string): void {
  const size = level === 1 ? 13 : level === 2 ? 11 : 9.5;
  l.y += level === 1 ? 10 : 6;
  l.font('Helvetica-Bold', size);
  // Keep a heading with at least a few lines of what follows it.
  l.ensure(l.height(text, l.width) + 40);
  l.flow(text, { lineGap: 1 });
  l.y += 3;
}

function facts(l: Layout, rows: [string, string][]): void {
  const labelWidth = 150;
  const valueWidth = l.width - labelWidth - 10;
  for (const [label, value] of rows) {
    l.font('Helvetica-Bold', 8.5);
    const hl = l.height(label, labelWidth);
    l.font(isCode(value) ? 'Courier' : 'Helvetica', isCode(value) ? 8 : 9);
    const hv = l.height(value, valueWidth);
    const h = Math.max(hl, hv) + 6;
    l.ensure(h);
    const top = l.y;
    l.font('Helvetica-Bold', 8.5, MUTED).at(label, l.left, top + 3, labelWidth);
    l.font(isCode(value) ? 'Courier' : 'Helvetica', isCode(value) ? 8 : 9);
    l.pdf.text(toWinAnsi(value), l.left + labelWidth + 10, top + 3, { width: valueWidth, lineGap: 1 });
    l.y = Math.max(l.y, top + h);
    l.line(l.left, l.y, l.left + l.width, l.y);
  }
  l.y += 6;
}

/** Hashes, ids and other unbroken machine strings are set in a fixed-width font. */
const isCode = (value: string): boolean => /^[0-9a-f]{16,}$|^[0-9a-f-]{36}$|^sha256:/.test(value);

function columnWidths(l: Layout, columns: string[], rows: string[][]): number[] {
  l.font('Helvetica-Bold', 8);
  const natural = columns.map((c) => l.pdf.widthOfString(toWinAnsi(c)) + 8);
  l.font('Helvetica', 8);
  for (const row of rows) row.forEach((cell, i) => (natural[i] = Math.max(natural[i], Math.min(l.pdf.widthOfString(toWinAnsi(cell)) + 8, l.width))));
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= l.width) return natural.map((w) => w + (l.width - total) / natural.length);
  // Narrow columns keep their width; wide ones share what is left in proportion to their need.
  const fair = l.width / natural.length;
  const narrow = natural.filter((w) => w <= fair).reduce((a, b) => a + b, 0);
  const wide = natural.filter((w) => w > fair).reduce((a, b) => a + b, 0);
  return natural.map((w) => (w <= fair ? w : (w / wide) * (l.width - narrow)));
}

function tableBlock(l: Layout, columns: string[], rows: string[][], numeric: boolean[] = []): void {
  const widths = columnWidths(l, columns, rows);
  const rowHeight = (cells: string[], font: 'Helvetica' | 'Helvetica-Bold') => {
    l.font(font, 8);
    return Math.max(...cells.map((c, i) => l.height(c, widths[i] - 6))) + 6;
  };
  const draw = (cells: string[], header: boolean) => {
    const h = rowHeight(cells, header ? 'Helvetica-Bold' : 'Helvetica');
    const top = l.y;
    if (header) l.pdf.save().rect(l.left, top, l.width, h).fill('#eef1f5').restore();
    let x = l.left;
    cells.forEach((c, i) => {
      l.font(header ? 'Helvetica-Bold' : 'Helvetica', 8, header ? MUTED : INK).at(c, x + 3, top + 3, widths[i] - 6, numeric[i] && !header ? 'right' : 'left');
      x += widths[i];
    });
    l.y = top + h;
    l.line(l.left, l.y, l.left + l.width, l.y);
  };
  l.ensure(rowHeight(columns, 'Helvetica-Bold') + (rows[0] ? rowHeight(rows[0], 'Helvetica') : 0));
  draw(columns, true);
  for (const row of rows) {
    const h = rowHeight(row, 'Helvetica');
    if (l.y + h > l.bottom) {
      l.pdf.addPage();
      draw(columns, true);
    }
    draw(row, false);
  }
  l.y += 8;
}

const ROW = 18;

/** Horizontal bars of each group's rate on a 0–1 axis, its interval as a whisker, and the impact-ratio line. */
function chart(l: Layout, c: RateChart): void {
  const labelWidth = 120;
  const noteWidth = 150;
  const plotWidth = l.width - labelWidth - noteWidth - 10;
  const height = 40 + c.bars.length * ROW + 26;
  l.ensure(height);
  const top = l.y;
  l.font('Helvetica-Bold', 9).at(c.title, l.left, top, l.width);
  const legend =
    c.reference === null
      ? `${c.rateLabel} with ${Math.round(c.confidence * 100)} % intervals; no group was judged`
      : `${c.rateLabel} with ${Math.round(c.confidence * 100)} % intervals; dashed line: ${c.threshold} × the highest rate (${fixed(c.reference)}), impact ratio ${c.threshold}`;
  l.font('Helvetica', 7.5, MUTED).at(legend, l.left, top + 12, l.width);
  const x0 = l.left + labelWidth;
  const y0 = top + 40;
  const x = (v: number) => x0 + Math.max(0, Math.min(1, v)) * plotWidth;
  const plotBottom = y0 + c.bars.length * ROW;
  for (let t = 0; t <= 5; t++) {
    l.line(x(t / 5), y0 - 2, x(t / 5), plotBottom, t === 0 ? MUTED : '#e3e8ee', t === 0 ? 0.7 : 0.5);
    l.font('Helvetica', 7, MUTED).at((t / 5).toFixed(1), x(t / 5) - 15, plotBottom + 3, 30, 'center');
  }
  c.bars.forEach((b, i) => {
    const y = y0 + i * ROW + 3;
    const color = b.pass === null ? UNJUDGED : b.pass ? PASS : FAIL;
    l.pdf.save().rect(x0, y, Math.max(0.5, x(b.value) - x0), ROW - 6).fill(color).restore();
    const mid = y + (ROW - 6) / 2;
    l.line(x(b.lower), mid, x(b.upper), mid, INK, 0.9);
    l.line(x(b.lower), mid - 3.5, x(b.lower), mid + 3.5, INK, 0.9);
    l.line(x(b.upper), mid - 3.5, x(b.upper), mid + 3.5, INK, 0.9);
    l.font('Helvetica', 8).at(`${b.label} (n=${b.n})`, l.left, y + 2, labelWidth - 6, 'right');
    const ratio = b.impactRatio === null ? 'not judged' : `IR ${b.impactRatio.toFixed(2)}${b.pass === false ? ' FAIL' : ''}`;
    l.font('Helvetica', 7.5, b.pass === false ? FAIL : INK).at(`${fixed(b.value)} [${fixed(b.lower)}, ${fixed(b.upper)}]  ${ratio}`, x0 + plotWidth + 8, y + 2, noteWidth);
  });
  if (c.reference !== null) {
    const lx = x(c.threshold * c.reference);
    l.pdf.save().moveTo(lx, y0 - 6).lineTo(lx, plotBottom + 2).lineWidth(1).dash(3, { space: 2 }).strokeColor(FAIL).stroke().undash().restore();
    l.font('Helvetica', 6.5, FAIL).at(`${c.threshold} × max`, lx - 30, y0 - 14, 60, 'center');
  }
  l.y = plotBottom + 20;
  l.font('Helvetica', 9);
}

function block(l: Layout, b: Block): void {
  switch (b.kind) {
    case 'heading':
      return heading(l, b.level, b.text);
    case 'paragraph':
      l.font('Helvetica', 9);
      l.ensure(l.height(b.text, l.width) > 200 ? 30 : l.height(b.text, l.width));
      l.flow(b.text);
      l.y += 5;
      return;
    case 'note': {
      l.font('Helvetica-Oblique', 8.5, MUTED);
      const h = l.height(b.text, l.width - 10);
      l.ensure(Math.min(h, 200));
      const top = l.y;
      l.flow(b.text, { indent: 10 });
      if (l.y > top) l.line(l.left + 2, top, l.left + 2, l.y, RULE, 2);
      l.y += 6;
      return;
    }
    case 'list':
      for (const item of b.items) {
        l.font('Helvetica', 9);
        l.ensure(Math.min(l.height(item, l.width - 12), 200));
        l.at('•', l.left + 2, l.y, 10);
        l.flow(item, { indent: 12 });
        l.y += 2;
      }
      l.y += 4;
      return;
    case 'facts':
      return facts(l, b.rows);
    case 'table':
      return tableBlock(l, b.columns, b.rows, b.numeric);
    case 'chart':
      return chart(l, b.chart);
    default:
      return exhaustive(b);
  }
}

function exhaustive(b: never): never {
  throw new Error(`Unknown block ${JSON.stringify(b)}`);
}

function footers(l: Layout, text: string): void {
  const range = l.pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    l.pdf.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    const margin = l.pdf.page.margins.bottom;
    l.pdf.page.margins.bottom = 0;
    l.font('Helvetica', 7, MUTED).at(`${text} · page ${i + 1} of ${range.count}`, l.left, l.pdf.page.height - 40, l.width, 'center');
    l.pdf.page.margins.bottom = margin;
  }
}

export function renderPdf(doc: ComplianceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: toWinAnsi(doc.title),
      Subject: toWinAnsi(doc.subtitle),
      Author: 'Warden',
      Creator: 'Warden',
      Producer: 'Warden',
      CreationDate: doc.builtAt,
      ModDate: doc.builtAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const l = new Layout(pdf);
  l.font('Helvetica-Bold', 17).flow(doc.title, { lineGap: 2 });
  l.y += 2;
  l.font('Helvetica', 9, MUTED).flow(doc.subtitle);
  l.y += 4;
  l.line(l.left, l.y, l.left + l.width, l.y, INK, 0.8);
  l.y += 6;
  for (const b of doc.blocks) block(l, b);
  footers(l, doc.footer);
  pdf.end();
  return done;
}

import { fixed, type Block, type ComplianceDocument, type RateChart } from './document-model.js';

/** Text inside a table cell: pipes escaped, line breaks kept as <br>. */
const cell = (text: string): string => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');

function tableLines(columns: string[], rows: string[][], numeric: boolean[] = []): string[] {
  const align = columns.map((_, i) => (numeric[i] ? '---:' : '---'));
  return [`| ${columns.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

const WIDTH = 50;

/** The chart as text: one bar per group on a 0–1 scale, `|` marking threshold × the highest rate. */
export function chartText(chart: RateChart): string[] {
  const line = chart.reference === null ? null : Math.round(chart.threshold * chart.reference * WIDTH);
  const label = Math.max(5, ...chart.bars.map((b) => b.label.length));
  const axis = `${' '.repeat(label)}  0${' '.repeat(WIDTH / 2 - 1)}0.5${' '.repeat(WIDTH / 2 - 3)}1`;
  const bars = chart.bars.map((b) => {
    const chars: string[] = Array.from({ length: WIDTH }, (_, i) => (i < Math.round(b.value * WIDTH) ? '#' : ' '));
    if (line !== null && line < WIDTH) chars[line] = '|';
    const ratio = b.impactRatio === null ? 'not judged' : `IR ${b.impactRatio.toFixed(2)}${b.pass === false ? ' FAIL' : ''}`;
    return `${b.label.padEnd(label)}  ${chars.join('')}  ${fixed(b.value)} [${fixed(b.lower)}, ${fixed(b.upper)}]  n=${b.n}  ${ratio}`;
  });
  return [axis, ...bars];
}

function chartLines(chart: RateChart): string[] {
  const legend =
    chart.reference === null
      ? `${chart.rateLabel} with ${Math.round(chart.confidence * 100)} % intervals; no group was judged`
      : `${chart.rateLabel} with ${Math.round(chart.confidence * 100)} % intervals; \`|\` marks ${chart.threshold} × the highest rate (${fixed(chart.reference)}), below which the impact ratio is under ${chart.threshold}`;
  return [
    `**${chart.title}**`,
    '',
    `_${legend}_`,
    '',
    '```text',
    ...chartText(chart),
    '```',
    '',
    ...tableLines(
      ['group', 'n', chart.rateLabel, 'interval', 'impact ratio', `≥ ${chart.threshold}`],
      chart.bars.map((b) => [b.label, String(b.n), fixed(b.value), `[${fixed(b.lower)}, ${fixed(b.upper)}]`, fixed(b.impactRatio, 2), b.pass === null ? 'not judged' : b.pass ? 'yes' : 'no']),
      [false, true, true, false, true, false],
    ),
  ];
}

function blockLines(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${'#'.repeat(block.level + 1)} ${block.text}`];
    case 'paragraph':
      return [block.text];
    case 'note':
      return block.text.split('\n').map((l) => `> ${l}`);
    case 'list':
      return block.items.map((i) => `- ${i.replace(/\r?\n/g, ' ')}`);
    case 'facts':
      return tableLines(['', ''], block.rows.map(([label, value]) => [`**${label}**`, value]));
    case 'table':
      return tableLines(block.columns, block.rows, block.numeric);
    case 'chart':
      return chartLines(block.chart);
    default:
      return exhaustive(block);
  }
}

function exhaustive(block: never): never {
  throw new Error(`Unknown block ${JSON.stringify(block)}`);
}

/** The document as CommonMark with GitHub tables; UTF-8, LF line ends, one trailing newline. */
export function renderMarkdown(doc: ComplianceDocument): string {
  const out = [`# ${doc.title}`, '', `_${doc.subtitle}_`];
  for (const block of doc.blocks) out.push('', ...blockLines(block));
  out.push('', '---', '', `_${doc.footer}_`);
  return `${out.join('\n')}\n`;
}

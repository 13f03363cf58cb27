import { DomainError } from '../common/errors.js';
import { aggregateRows, type Aggregation, type AuditRow } from './metrics/aggregate.js';

/**
 * CSV as RFC 4180 defines it — comma-separated, fields optionally in double quotes, quotes
 * doubled inside them, commas and line breaks allowed inside quotes, CRLF between records — with
 * bare LF accepted, a leading byte-order mark ignored and blank lines skipped. The first record
 * is the header. Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
export interface CsvTable {
  header: string[];
  records: { row: number; fields: string[] }[];
}

const csvError = (row: number, column: string | null, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `row ${row}${column === null ? '' : `, column "${column}"`}: ${message}`, {
    row,
    ...(column === null ? {} : { column }),
  });

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export function parseCsv(text: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const raw: { row: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const columnName = (index: number): string => (raw.length > 0 ? (raw[0].fields[index] ?? `#${index + 1}`) : `#${index + 1}`);
  const endRecord = (): void => {
    if (!(fields.length === 1 && fields[0] === '')) raw.push({ row: recordLine, fields });
    fields = [];
  };
  // Each pass reads one field and the separator after it.
  while (i <= src.length) {
    let value: string;
    if (src.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = src.indexOf('"', j);
        if (q < 0) throw csvError(startLine, columnName(fields.length), 'quoted field is never closed');
        const chunk = src.slice(j, q);
        for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === LF || (chunk.charCodeAt(k) === CR && chunk.charCodeAt(k + 1) !== LF)) line++;
        out += chunk;
        if (src.charCodeAt(q + 1) === QUOTE) {
          out += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const next = src.charCodeAt(i);
      if (i < src.length && next !== COMMA && next !== CR && next !== LF) {
        throw csvError(line, columnName(fields.length), 'unexpected character after a closing quote');
      }
      value = out;
    } else {
      let j = i;
      while (j < src.length) {
        const ch = src.charCodeAt(j);
        if (ch === COMMA || ch === CR || ch === LF) break;
        if (ch === QUOTE) throw csvError(line, columnName(fields.length), 'a double quote inside an unquoted field (quote the field and double the quote)');
        j++;
      }
      value = src.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (i >= src.length) {
      endRecord();
      break;
    }
    const sep = src.charCodeAt(i);
    if (sep === COMMA) {
      i++;
      continue;
    }
    i += sep === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
    endRecord();
    line++;
    recordLine = line;
    if (i >= src.length) break;
  }
  if (raw.length === 0) throw csvError(1, null, 'the file has no header');
  const header = raw[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, k) => {
    if (h === '') throw csvError(1, `#${k + 1}`, 'header name is empty');
    if (seen.has(h)) throw csvError(1, h, 'header name appears twice');
    seen.add(h);
  });
  const records = raw.slice(1);
  for (const r of records) {
    if (r.fields.length !== header.length) throw csvError(r.row, null, `has ${r.fields.length} fields, the header has ${header.length}`);
  }
  return { header, records };
}

export type CsvValue = string | number | boolean | null | undefined;

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Renders rows as RFC 4180 CSV with CRLF line breaks; fields are quoted only when they must be.
 * With `escapeFormulas`, text fields (not numbers) that a spreadsheet would evaluate get a leading
 * apostrophe: reports carry attribute values that came from uploaded data.
 */
export function formatCsv(rows: readonly (readonly CsvValue[])[], options: { escapeFormulas?: boolean } = {}): string {
  const field = (v: CsvValue): string => {
    let s = v === null || v === undefined ? '' : String(v);
    if (options.escapeFormulas && typeof v === 'string' && formulaStart.test(s)) s = `'${s}`;
    return needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export type Favorable = string | number | boolean;

/** An attribute column, optionally renamed, binned (`cuts`, for numbers such as age) or recoded (`values`). */
export interface AttributeColumn {
  column: string;
  name?: string;
  /** Ascending cut points: [25] gives '<25' and '>=25'; [25, 40] adds '[25,40)'. */
  cuts?: number[];
  /** Recodes raw values (e.g. { A92: 'female' }); values not listed are kept as they are. */
  values?: Record<string, string>;
}

export interface DatasetMapping {
  columns: { prediction: string; score?: string; label?: string; attributes: (string | AttributeColumn)[] };
  /** The prediction value(s) that mean the favourable outcome (hired, approved …). */
  favorable: Favorable | Favorable[];
  /** The label value(s) that mean the favourable true outcome; `favorable` when absent. */
  favorableLabel?: Favorable | Favorable[];
}

/**
 * The attribute a mapped column is audited as: its `name`, else the column, without the spaces
 * around it (as header names are read), so that the rows and the audit's config agree on it.
 */
export function attributeName(attribute: string | AttributeColumn): string {
  return (typeof attribute === 'string' ? attribute : (attribute.name ?? attribute.column)).trim();
}

const isUnknownText = (v: string): boolean => v === '' || v.toLowerCase() === 'unknown';

function matcher(favorable: Favorable | Favorable[]): (v: string) => boolean {
  const wanted = Array.isArray(favorable) ? favorable : [favorable];
  return (v) =>
    wanted.some((f) => {
      if (typeof f === 'number') return v !== '' && Number(v) === f;
      if (typeof f === 'boolean') return v.toLowerCase() === String(f);
      return v === f.trim();
    });
}

function cutLabel(x: number, cuts: readonly number[]): string {
  const k = cuts.findIndex((c) => x < c);
  if (k === 0) return `<${cuts[0]}`;
  if (k < 0) return `>=${cuts[cuts.length - 1]}`;
  return `[${cuts[k - 1]},${cuts[k]})`;
}

/** Maps an uploaded CSV to audit rows: favourable predictions and labels, scores, attribute values. */
export function datasetToRows(csv: string, mapping: DatasetMapping): AuditRow[] {
  const { header, records } = parseCsv(csv);
  const { columns } = mapping;
  const indexOf = (column: string, role: string): number => {
    const k = header.indexOf(column.trim());
    if (k < 0) throw new DomainError('VALIDATION_FAILED', `${role} column "${column}" is not in the header (${header.join(', ')})`, { column });
    return k;
  };
  const attributes = columns.attributes.map((a) => (typeof a === 'string' ? { column: a } : a));
  if (attributes.length === 0) throw new DomainError('VALIDATION_FAILED', 'columns.attributes must name at least one column', { field: 'columns.attributes' });
  for (const a of attributes) {
    if (a.cuts && !a.cuts.every((c, k) => Number.isFinite(c) && (k === 0 || c > a.cuts![k - 1]))) {
      throw new DomainError('VALIDATION_FAILED', `cuts for column "${a.column}" must be finite and ascending`, { column: a.column });
    }
  }
  const attributeIndexes = attributes.map((a) => indexOf(a.column, 'attribute'));
  const names = columns.attributes.map(attributeName);
  if (new Set(names).size !== names.length) throw new DomainError('VALIDATION_FAILED', 'columns.attributes names an attribute twice', { field: 'columns.attributes' });
  const builtIn = names.find((n) => n in Object.prototype);
  if (builtIn !== undefined) throw new DomainError('VALIDATION_FAILED', `columns.attributes: "${builtIn}" names a built-in property of every object; name the attribute otherwise`, { field: 'columns.attributes' });
  const predictionIndex = indexOf(columns.prediction, 'prediction');
  const scoreIndex = columns.score === undefined ? -1 : indexOf(columns.score, 'score');
  const labelIndex = columns.label === undefined ? -1 : indexOf(columns.label, 'label');
  const isFavorable = matcher(mapping.favorable);
  const isFavorableLabel = matcher(mapping.favorableLabel ?? mapping.favorable);

  // Against a number, a cell must be one: "1,0" is no 1, and counting it as not favourable would pass an audit it fails.
  const numeric = (favorable: Favorable | Favorable[] | undefined) => [favorable].flat().every((f) => typeof f === 'number');
  const mustBeNumber = (value: string, row: number, column: number) => {
    if (!Number.isFinite(Number(value))) throw csvError(row, header[column], `"${value}" is not a number, as the favourable outcome is`);
  };
  const numericPredictions = numeric(mapping.favorable);
  const numericLabels = numeric(mapping.favorableLabel ?? mapping.favorable);

  return records.map(({ row, fields }) => {
    const prediction = fields[predictionIndex].trim();
    if (prediction === '') throw csvError(row, header[predictionIndex], 'prediction is empty');
    if (numericPredictions) mustBeNumber(prediction, row, predictionIndex);
    const out: AuditRow = { attributes: {}, selected: isFavorable(prediction) };
    if (labelIndex >= 0) {
      const label = fields[labelIndex].trim();
      if (label !== '' && numericLabels) mustBeNumber(label, row, labelIndex);
      out.label = label === '' ? null : isFavorableLabel(label);
    }
    if (scoreIndex >= 0) {
      const text = fields[scoreIndex].trim();
      const score = Number(text);
      if (text !== '' && !Number.isFinite(score)) throw csvError(row, header[scoreIndex], `"${text}" is not a number`);
      out.score = text === '' ? null : score;
    }
    attributes.forEach((a, k) => {
      const raw = fields[attributeIndexes[k]].trim();
      let value: string | null = isUnknownText(raw) ? null : raw;
      if (value !== null && a.cuts) {
        const x = Number(value);
        if (!Number.isFinite(x)) throw csvError(row, header[attributeIndexes[k]], `"${raw}" is not a number to bin`);
        value = cutLabel(x, a.cuts);
      }
      if (value !== null && a.values && Object.hasOwn(a.values, value)) value = a.values[value];
      out.attributes[names[k]] = value;
    });
    return out;
  });
}

/** An uploaded CSV as the cells an audit reads. */
export function datasetToCells(csv: string, mapping: DatasetMapping, calibrationBins?: number): Aggregation {
  return aggregateRows(datasetToRows(csv, mapping), calibrationBins);
}

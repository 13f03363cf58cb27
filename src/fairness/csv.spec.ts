import fc from 'fast-check';
import { DomainError } from '../common/errors.js';
import { attributeName, datasetToCells, datasetToRows, formatCsv, parseCsv, type DatasetMapping } from './csv.js';

const fieldsOf = (text: string): string[][] => {
  const t = parseCsv(text);
  return [t.header, ...t.records.map((r) => r.fields)];
};

describe('parseCsv', () => {
  it.each([
    ['a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n"x, y","say ""hi"""\r\n', [['a', 'b'], ['x, y', 'say "hi"']]],
    ['a,b\r\n"line 1\r\nline 2",2\r\n', [['a', 'b'], ['line 1\r\nline 2', '2']]],
    ['a,b\r\n,\r\n"",""\r\n', [['a', 'b'], ['', ''], ['', '']]],
    ['\uFEFFa,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\n1,2\n\n3,4\n\n', [['a', 'b'], ['1', '2'], ['3', '4']]],
    ['a,b,c\n1,,3\n', [['a', 'b', 'c'], ['1', '', '3']]],
    [' a , b \n 1 , 2 \n', [['a', 'b'], [' 1 ', ' 2 ']]],
  ])('parses %j', (text, expected) => {
    expect(fieldsOf(text)).toEqual(expected);
  });

  it('numbers records by the row they start on', () => {
    const t = parseCsv('a,b\n"x\ny",1\n2,3\n');
    expect(t.records.map((r) => r.row)).toEqual([2, 4]);
  });

  it.each([
    ['', 'row 1: the file has no header'],
    ['a,a\n1,2\n', 'row 1, column "a": header name appears twice'],
    ['a,\n1,2\n', 'row 1, column "#2": header name is empty'],
    ['a,b\n1,"2\n', 'row 2, column "b": quoted field is never closed'],
    ['a,b\n1,"2"x\n', 'row 2, column "b": unexpected character after a closing quote'],
    ['a,b\n1,2\n3,4"\n', 'row 3, column "b": a double quote inside an unquoted field'],
    ['a,b\n1,2\n3\n', 'row 3: has 1 fields, the header has 2'],
    ['a,b\n1,2,', 'row 2: has 3 fields, the header has 2'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseCsv(text)).toThrow(DomainError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it('reads back what formatCsv writes', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', 'é', '1'), maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.infiniteStream(field), (width, height, stream) => {
        const header = Array.from({ length: width }, (_, k) => `h${k}`);
        const rows = Array.from({ length: height }, () => header.map(() => stream.next().value as string));
        // A lone empty field is a blank line, which the parser skips by design.
        fc.pre(rows.every((r) => !(r.length === 1 && r[0] === '')));
        expect(fieldsOf(formatCsv([header, ...rows]))).toEqual([header, ...rows]);
      }),
    );
  });
});

describe('formatCsv', () => {
  it('quotes only the fields that need it and ends every record with CRLF', () => {
    expect(formatCsv([['a', 'b c', 'd,e', 'say "x"', ' pad', null, 1.5, true]])).toBe('a,b c,"d,e","say ""x"""," pad",,1.5,true\r\n');
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['<25', '<25'],
    [-0.19, '-0.19'],
  ])('neutralises spreadsheet formulas in text when asked: %p → %s', (value, expected) => {
    expect(formatCsv([[value]], { escapeFormulas: true })).toBe(`${expected}\r\n`);
  });

  it('leaves text as it is by default', () => expect(formatCsv([['=1+1']])).toBe('=1+1\r\n'));
});

describe('datasetToRows', () => {
  const csv = ['id,outcome,truth,score,sex,age,status', '1,1,1,0.9,F,23,A92', '2,0,1,0.4,M,31,A93', '3,1,0,,unknown,25,A95', '4,0,,0.2,,40,A91'].join('\r\n');
  const mapping: DatasetMapping = {
    columns: { prediction: 'outcome', label: 'truth', score: 'score', attributes: ['sex', { column: 'age', cuts: [25] }, { column: 'status', name: 'sexFromStatus', values: { A92: 'female', A95: 'female' } }] },
    favorable: 1,
  };

  it('maps predictions, labels, scores and attributes', () => {
    expect(datasetToRows(csv, mapping)).toEqual([
      { selected: true, label: true, score: 0.9, attributes: { sex: 'F', age: '<25', sexFromStatus: 'female' } },
      { selected: false, label: true, score: 0.4, attributes: { sex: 'M', age: '>=25', sexFromStatus: 'A93' } },
      { selected: true, label: false, score: null, attributes: { sex: null, age: '>=25', sexFromStatus: 'female' } },
      { selected: false, label: null, score: 0.2, attributes: { sex: null, age: '>=25', sexFromStatus: 'A91' } },
    ]);
  });

  it.each([
    [1, '1', true],
    [1, '1.0', true],
    [1, '0', false],
    ['>50K', '>50K', true],
    ['>50K', '<=50K', false],
    [true, 'TRUE', true],
    [true, 'false', false],
    [['yes', 'y'], 'y', true],
  ])('favorable %p matches %p: %p', (favorable, value, expected) => {
    const [row] = datasetToRows(`p,s\n${value},F\n`, { columns: { prediction: 'p', attributes: ['s'] }, favorable });
    expect(row.selected).toBe(expected);
  });

  it('names an attribute as the audit config does, without the spaces around the column or name', () => {
    const attributes = [' sex ', { column: 'age ', cuts: [25] }, { column: 'status', name: ' fromStatus' }];
    const [row] = datasetToRows(csv, { columns: { prediction: 'outcome', attributes }, favorable: 1 });
    expect(Object.keys(row.attributes)).toEqual(['sex', 'age', 'fromStatus']);
    expect(attributes.map(attributeName)).toEqual(['sex', 'age', 'fromStatus']);
  });

  it('bins numbers with several cuts', () => {
    const rows = datasetToRows('p,age\n1,18\n1,25\n1,39.5\n1,40\n', { columns: { prediction: 'p', attributes: [{ column: 'age', cuts: [25, 40] }] }, favorable: 1 });
    expect(rows.map((r) => r.attributes.age)).toEqual(['<25', '[25,40)', '[25,40)', '>=40']);
  });

  it('uses a separate favourable label value when given', () => {
    const [row] = datasetToRows('p,l,s\nhire,good,F\n', { columns: { prediction: 'p', label: 'l', attributes: ['s'] }, favorable: 'hire', favorableLabel: 'good' });
    expect(row).toMatchObject({ selected: true, label: true });
  });

  it.each([
    ['p,s\n1,F\n,M\n', { columns: { prediction: 'p', attributes: ['s'] }, favorable: 1 }, 'row 3, column "p": prediction is empty'],
    ['p,sc,s\n1,0.5,F\n1,high,M\n', { columns: { prediction: 'p', score: 'sc', attributes: ['s'] }, favorable: 1 }, 'row 3, column "sc": "high" is not a number'],
    ['p,age\n1,30\n1,?\n', { columns: { prediction: 'p', attributes: [{ column: 'age', cuts: [25] }] }, favorable: 1 }, 'row 3, column "age": "?" is not a number to bin'],
    ['p,s\n1,F\n', { columns: { prediction: 'pred', attributes: ['s'] }, favorable: 1 }, 'prediction column "pred" is not in the header (p, s)'],
    ['p,s\n1,F\n', { columns: { prediction: 'p', attributes: ['race'] }, favorable: 1 }, 'attribute column "race" is not in the header'],
    ['p,s\n1,F\n', { columns: { prediction: 'p', attributes: [] }, favorable: 1 }, 'columns.attributes must name at least one column'],
    ['p,s\n1,F\n', { columns: { prediction: 'p', attributes: ['s', { column: 'p', name: 's' }] }, favorable: 1 }, 'names an attribute twice'],
    ['p,a\n1,3\n', { columns: { prediction: 'p', attributes: [{ column: 'a', cuts: [5, 2] }] }, favorable: 1 }, 'cuts for column "a" must be finite and ascending'],
  ] as [string, DatasetMapping, string][])('refuses %j', (text, m, message) => {
    expect(() => datasetToRows(text, m)).toThrow(DomainError);
    expect(() => datasetToRows(text, m)).toThrow(message);
  });

  it('reduces an upload to cells', () => {
    const { cells, scoreMedian } = datasetToCells(csv, { ...mapping, columns: { ...mapping.columns, attributes: ['sex'] } });
    expect(scoreMedian).toBe(0.4);
    expect(cells.map((c) => [c.attributes.sex, c.n, c.selected, c.tp, c.fn, c.scoreAboveMedian])).toEqual([
      ['F', 1, 1, 1, 0, 1],
      ['M', 1, 0, 0, 1, 0],
      [null, 2, 1, 0, 0, 0],
    ]);
  });
});

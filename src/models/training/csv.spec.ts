import { parseCsv, readCsvRecords } from './csv.js';

describe('CSV reader', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['"x, y","say ""hi"""\n', [['x, y', 'say "hi"']]],
    ['"two\nlines",z\n', [['two\nlines', 'z']]],
    ['a,,c\n\n\nd,e,\n', [['a', '', 'c'], ['d', 'e', '']]],
    ['', []],
  ])('parses %p', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('keys records by the trimmed header and trims values', () => {
    expect(readCsvRecords('age, sex\n39, Male\n50,Female\n')).toEqual([
      { age: '39', sex: 'Male' },
      { age: '50', sex: 'Female' },
    ]);
  });
});

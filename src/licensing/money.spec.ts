import { addMicro, assertMicro, currencyProblem, formatMicro, isCurrency, isCurrencyInUse, mulMicro, sumMicro, toMicro } from './money.js';

describe('money', () => {
  it.each([
    ['0', 0],
    ['1', 1_000_000],
    ['12.345', 12_345_000],
    ['0.000001', 1],
    ['-3.5', -3_500_000],
    [' 7.25 ', 7_250_000],
    ['9007199254.740991', Number.MAX_SAFE_INTEGER],
  ])('reads %p as %p micro-units', (decimal, micro) => {
    expect(toMicro(decimal)).toBe(micro);
  });

  it.each(['', '1.0000001', '1e3', '0x10', '1,5', '9007199254.740992', 'NaN'])('refuses %p as an amount', (decimal) => {
    expect(() => toMicro(decimal)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([
    [0, '0.000000'],
    [1, '0.000001'],
    [12_345_000, '12.345000'],
    [-1_500_001, '-1.500001'],
  ])('prints %p as %s', (micro, text) => {
    expect(formatMicro(micro)).toBe(text);
    expect(toMicro(text)).toBe(micro);
  });

  it.each([0.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '5', null])('refuses %p as micro-units', (value) => {
    expect(() => assertMicro(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('refuses sums and products that would leave the safe integer range', () => {
    expect(addMicro(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => addMicro(Number.MAX_SAFE_INTEGER, 1)).toThrow(/sum/);
    expect(sumMicro([1, 2, 3])).toBe(6);
    expect(() => sumMicro([Number.MAX_SAFE_INTEGER, 1])).toThrow();
    expect(mulMicro(4_000_000_000, 2_000_000)).toBe(8_000_000_000_000_000);
    expect(() => mulMicro(4_000_000_000, 3_000_000)).toThrow(/safe integer/);
  });

  it.each([
    ['USD', true, true],
    ['EUR', true, true],
    ['JPY', true, true],
    ['KWD', true, true],
    ['XOF', true, true],
    ['XCG', true, true],
    ['HRK', true, false],
    ['BGN', true, false],
    ['SLL', true, false],
    ['CUC', true, false],
    ['usd', false, false],
    ['XXX', false, false],
    ['XDR', false, false],
    ['XSU', false, false],
    ['DEM', false, false],
    ['EURO', false, false],
    [42, false, false],
  ])('%p is a currency: %p; one a new price may use: %p', (code, currency, inUse) => {
    expect(isCurrency(code)).toBe(currency);
    expect(isCurrencyInUse(code)).toBe(inUse);
  });

  it('names the replacement of a withdrawn code', () => {
    expect(currencyProblem('HRK')).toBe('HRK is a withdrawn ISO 4217 code (replaced by EUR)');
    expect(currencyProblem('XDR')).toBe('XDR is not an ISO 4217 currency code in use');
  });
});

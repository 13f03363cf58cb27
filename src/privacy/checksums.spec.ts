import { cardNumberValid, deTaxIdCheckDigit, deTaxIdValid, esNifValid, luhnValid, ninoValid, ssnValid } from './checksums.js';

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
    ['0', false],
    ['41a1', false],
  ])('%s → %s', (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });
});

describe('cardNumberValid', () => {
  it.each([
    ['4111111111111111', true], // Visa
    ['5500005555555559', true], // Mastercard
    ['2223003122003222', true], // Mastercard 2-series
    ['378282246310005', true], // American Express
    ['6011111111111117', true], // Discover
    ['3530111333300000', true], // JCB
    ['30569309025904', true], // Diners Club
    ['4532015112830367', false], // Luhn fails
    ['9111111111111111', false], // no issuer starts with 9
    ['378282246310005000', false], // Amex issues 15 digits only
    ['411111111111', false], // too short for Visa
  ])('%s → %s', (digits, expected) => {
    expect(cardNumberValid(digits)).toBe(expected);
  });
});

describe('ssnValid', () => {
  it.each([
    ['123', '45', '6780', true],
    ['001', '01', '0001', true],
    ['899', '99', '9999', true],
    ['000', '12', '3456', false],
    ['666', '12', '3456', false],
    ['900', '12', '3456', false],
    ['123', '00', '4567', false],
    ['123', '45', '0000', false],
    ['078', '05', '1120', false], // the Woolworth wallet card
    ['123', '45', '6789', false], // advertising sample
  ])('%s-%s-%s → %s', (area, group, serial, expected) => {
    expect(ssnValid(area, group, serial)).toBe(expected);
  });
});

describe('ninoValid', () => {
  it.each([
    ['AB123456C', true],
    ['JG103759A', true],
    ['AB123456E', false], // suffix A–D only
    ['DA123456A', false], // D is not a first letter
    ['AO123456A', false], // O is not a second letter
    ['GB123456A', false], // reserved prefix
    ['ZZ123456A', false],
    ['AB12345C', false],
  ])('%s → %s', (value, expected) => {
    expect(ninoValid(value)).toBe(expected);
  });
});

describe('deTaxIdValid', () => {
  it.each([
    ['86095742719', true], // the published example
    ['47036892816', true],
    ['65929970489', true],
    ['86095742718', false], // wrong check digit
    ['06095742719', false], // leading zero
    ['12345678903', false], // no repeated digit
    ['11123456782', false], // a digit three times in a row
    ['1234567890', false],
  ])('%s → %s', (value, expected) => {
    expect(deTaxIdValid(value)).toBe(expected);
  });

  it('computes the ISO 7064 MOD 11,10 check digit', () => {
    expect(deTaxIdCheckDigit('8609574271')).toBe(9);
  });
});

describe('esNifValid', () => {
  it.each([
    ['12345678Z', true],
    ['00000000T', true],
    ['X1234567L', true],
    ['Y1234567X', true],
    ['Z1234567R', true],
    ['12345678A', false],
    ['X1234567A', false],
    ['1234567Z', false],
    ['W1234567L', false],
  ])('%s → %s', (value, expected) => {
    expect(esNifValid(value)).toBe(expected);
  });
});

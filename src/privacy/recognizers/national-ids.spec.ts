import { defaultAnalyzer } from '../analyzer.js';
import type { EntityType } from '../entities.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (type: EntityType, text: string) =>
  defaultAnalyzer.analyze(text, { entities: [type], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('US_SSN', () => {
  it.each([
    ['SSN 123-45-6780 on file', '123-45-6780'],
    ['Please verify 536-22-1234.', '536-22-1234'],
    ['social security number 536 22 1234', '536 22 1234'],
    ['SSN: 536221234', '536221234'], // bare digits need the word
    ['my SSN—536-22-1234, thanks', '536-22-1234'], // a dash after a word sets it off (an em dash reads as one)
    ['ssn-536-22-1234', '536-22-1234'],
  ])('finds it in %p', (text, value) => {
    expect(found('US_SSN', text)).toEqual([value]);
  });

  it.each([
    '000-12-3456',
    '666-12-3456',
    '912-12-3456',
    '123-00-4567',
    '123-45-0000',
    'Order 536221234 shipped', // nine bare digits without the word
    'Part 536-22-1234-7',
    'Part 7-536-22-1234', // after a digit, a dash joins it to a longer number
  ])('finds none in %p', (text) => {
    expect(found('US_SSN', text)).toEqual([]);
  });
});

describe('UK_NINO', () => {
  it.each([
    ['My NI number is AB 12 34 56 C.', 'AB 12 34 56 C'],
    ['NINO: JG103759A', 'JG103759A'],
    ['jg 10 37 59 a', 'jg 10 37 59 a'],
  ])('finds it in %p', (text, value) => {
    expect(found('UK_NINO', text)).toEqual([value]);
  });

  it.each(['GB 12 34 56 A', 'AB 12 34 56 E', 'DA123456A', 'SKU AB1234567C'])('finds none in %p', (text) => {
    expect(found('UK_NINO', text)).toEqual([]);
  });
});

describe('DE_TAX_ID', () => {
  it.each([
    ['Steuer-ID: 86095742719', '86095742719'],
    ['Identifikationsnummer 86 095 742 719.', '86 095 742 719'],
    ['Bitte 47036892816 eintragen', '47036892816'],
    ['Bestellung 86095742719', '86095742719'], // both rules hold for about one 11-digit number in 700: still a tax id
    ['Steuer-ID—86095742719', '86095742719'],
  ])('finds it in %p', (text, value) => {
    expect(found('DE_TAX_ID', text)).toEqual([value]);
  });

  it.each([
    'Steuer-ID: 86095742718', // check digit fails
    '12345678903',
    '860957427190',
    'Nr. 4-86095742719',
  ])('finds none in %p', (text) => {
    expect(found('DE_TAX_ID', text)).toEqual([]);
  });
});

describe('ES_NIF', () => {
  it.each([
    ['DNI 12345678Z', '12345678Z'],
    ['NIE: X-1234567-L.', 'X-1234567-L'],
    ['y1234567x', 'y1234567x'],
    ['titular 12345678-Z', '12345678-Z'],
  ])('finds it in %p', (text, value) => {
    expect(found('ES_NIF', text)).toEqual([value]);
  });

  it.each(['DNI 12345678A', 'X1234567A', 'SKU 1234567Z', 'ref 12345678Zeta'])('finds none in %p', (text) => {
    expect(found('ES_NIF', text)).toEqual([]);
  });
});

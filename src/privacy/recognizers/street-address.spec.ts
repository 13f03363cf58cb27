import fc from 'fast-check';
import { defaultAnalyzer } from '../analyzer.js';
import { hasNumberLastHint } from './street-address.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (text: string) => defaultAnalyzer.analyze(text, { entities: ['STREET_ADDRESS'], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('STREET_ADDRESS', () => {
  it.each([
    ['I live at 221B Baker Street, London NW1 6XE.', '221B Baker Street, London NW1 6XE'],
    ['Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500', '1600 Pennsylvania Avenue NW, Washington, DC 20500'],
    ['deliver to 4521 Oak Ave Apt 5 please', '4521 Oak Ave Apt 5'],
    ['Flat at 28 Mount Pleasant, Leeds LS6 2AB.', '28 Mount Pleasant, Leeds LS6 2AB'],
    ['Anschrift: Lindenstraße 12, 10115 Berlin', 'Lindenstraße 12, 10115 Berlin'],
    ['wohnhaft in der Friedrich-Ebert-Str. 5a', 'Friedrich-Ebert-Str. 5a'],
    ['Am Lindenhof 3, 50667 Köln', 'Am Lindenhof 3, 50667 Köln'],
    ['Adresse : 12 rue de la Paix, 75002 Paris', '12 rue de la Paix, 75002 Paris'],
    ["au 5 bis avenue d'Italie.", "5 bis avenue d'Italie"],
    ['Calle de Alcalá 45, 28014 Madrid', 'Calle de Alcalá 45, 28014 Madrid'],
    ['C/ Mayor 5, 3º B', 'C/ Mayor 5, 3º B'],
    ['Keizersgracht 123, 1015 CJ Amsterdam', 'Keizersgracht 123, 1015 CJ Amsterdam'],
    ['Via Roma 10, 00184 Roma', 'Via Roma 10, 00184 Roma'],
    ['Piazza del Duomo 1', 'Piazza del Duomo 1'],
    ['Kyrkgatan 46, 45118 Uddevalla', 'Kyrkgatan 46, 45118 Uddevalla'],
    ['ul. Długa 7, 00-238 Warszawa', 'ul. Długa 7, 00-238 Warszawa'],
    // town, state and postcode in Australia and Canada; Irish Eircodes
    ['Ship to 4/12 Smith Street, Parramatta NSW 2150 please', '4/12 Smith Street, Parramatta NSW 2150'],
    ['Send it to 1234 Maple Ave, Montréal, QC H3B 1A7.', '1234 Maple Ave, Montréal, QC H3B 1A7'],
    ['12 Main Street, Athlone, N37 X2F8 is where we live.', '12 Main Street, Athlone, N37 X2F8'],
    // type first in Belgium and Switzerland, Italian street types
    ['Envoyez le courrier au Drève des Échelles 17, 1410 Waterloo.', 'Drève des Échelles 17, 1410 Waterloo'],
    ['Adresse : Chemin de Penthaz à Sullens 12', 'Chemin de Penthaz à Sullens 12'],
    ['Spedite a Salita Fasoli 82, grazie.', 'Salita Fasoli 82'],
    // no type word, but announced
    ['Ich wohne jetzt in der Höggen 107.', 'Höggen 107'],
    ['Please deliver to 195 The Willows.', '195 The Willows'],
    // postal blocks: the town and postcode on the next line (or the two after) belong to the street
    ['Jana Novak\n12 Baker Street\nLondon NW1 6XE\nUK', '12 Baker Street\nLondon NW1 6XE'],
    ['ship to 1600 Pennsylvania Avenue\nWashington, DC 20500 please', '1600 Pennsylvania Avenue\nWashington, DC 20500'],
    ['12 Baker Street\nLondon\nNW1 6XE', '12 Baker Street\nLondon\nNW1 6XE'],
    ['Hauptstraße 5\n10115 Berlin', 'Hauptstraße 5\n10115 Berlin'],
    ['12 Baker Street\nThanks for the help', '12 Baker Street'],
  ])('finds it in %p', (text, value) => {
    expect(found(text)).toEqual([value]);
  });

  it.each([
    'Version 2 Release Notes are out.',
    'We meet at 10:30 on Friday.',
    'The ThinkPad X1 Carbon has 2 USB ports.',
    'Order 4411 shipped in 3 boxes.',
    'Chapter 12 Street Photography',
    'Section 5 of the contract',
    'The order was shipped on 4 August 2025.', // "shipped on" announces a date, not an address
    'Les connexions venaient de l’adresse IP 155.161.122.223.',
    'I moved to Paris 2019 and to Berlin 2021.', // a place and a year
  ])('finds none in %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('hasNumberLastHint', () => {
  const HINT = /\p{Lu}\S*,?\s+(?:n[º°.]?\s?|nr\.?\s?)?\d{1,4}(?![\p{N}])/u;
  const text = fc.string({ unit: fc.constantFrom(...'aBz nr.º°,12345\u00a0\t\n٣²ÄéX'), maxLength: 30 });

  it('reads texts as its pattern does', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(hasNumberLastHint(t)).toBe(HINT.test(t));
      }),
      { numRuns: 20000, seed: Number(process.env.FC_SEED ?? 20251122) },
    );
  });
});

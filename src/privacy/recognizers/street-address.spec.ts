import { defaultAnalyzer } from '../analyzer.js';

const found = (text: string) => defaultAnalyzer.analyze(text, { entities: ['STREET_ADDRESS'] }).map((f) => text.slice(f.start, f.end));

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
  ])('finds none in %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});

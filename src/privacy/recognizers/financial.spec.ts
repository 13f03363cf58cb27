import { defaultAnalyzer } from '../analyzer.js';
import type { EntityType } from '../entities.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (type: EntityType, text: string) =>
  defaultAnalyzer.analyze(text, { entities: [type], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('CREDIT_CARD', () => {
  it.each([
    ['Paid with 4111 1111 1111 1111 yesterday.', '4111 1111 1111 1111'],
    ['card 5500-0055-5555-5559', '5500-0055-5555-5559'],
    ['Amex 3782 822463 10005', '3782 822463 10005'],
    ['6011111111111117.', '6011111111111117'],
    ['Order 4111111111111111 was paid', '4111111111111111'], // a valid card number stays a card number
    ['my card is 4111.1111.1111.1111, thanks', '4111.1111.1111.1111'],
    ['5500.0055.5555.5559 exp 12/27', '5500.0055.5555.5559'],
    ['Amex 3782.822463.10005', '3782.822463.10005'],
    ['card 6011.0009.9013.9424.124 (19 digits)', '6011.0009.9013.9424.124'],
    ['card 4111  1111  1111  1111 (typed with double spaces)', '4111  1111  1111  1111'],
    ['card\t4111\t1111\t1111\t1111', '4111\t1111\t1111\t1111'],
    ['card 4111 1111\n1111 1111, wrapped', '4111 1111\n1111 1111'],
    // A dash after a word, a space or nothing sets the number off; an em dash reads as one.
    ['charged twice on my card\u20144111111111111111, please', '4111111111111111'],
    ['card-4111111111111111', '4111111111111111'],
    ['card -4111111111111111', '4111111111111111'],
    ['Visa-4111111111111111', '4111111111111111'],
    ['Mastercard-5500000000000004', '5500000000000004'],
    ['-4111111111111111', '4111111111111111'],
  ])('finds it in %p', (text, value) => {
    expect(found('CREDIT_CARD', text)).toEqual([value]);
  });

  it.each([
    'Order 4532015112830367 shipped.', // 16 digits, Luhn fails
    'Tracking 9400111899223397623910',
    'Invoice 1234 5678 9012 3456',
    'Total €1,234.56',
    'Ref 4111-1111-1111-1112',
    'Total 4111.1111.1111.1112', // dotted, Luhn fails
    'from 192.168.100.200 and 10.123.145.167', // IPv4 addresses are not card groups
    'pi is 3.14159265358979', // a decimal number
    // After a digit a dash makes the digits a piece of a longer number.
    'Ref 4532015112830367-4111111111111111',
    'Refund -4111 and part AB-12345 for 2019-2020',
  ])('finds none in %p', (text) => {
    expect(found('CREDIT_CARD', text)).toEqual([]);
  });
});

describe('IBAN', () => {
  it.each([
    ['IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX', 'DE89 3704 0044 0532 0130 00'],
    ['to GB29NWBK60161331926819.', 'GB29NWBK60161331926819'],
    ['Konto: fr14 2004 1010 0505 0001 3m02 606', 'fr14 2004 1010 0505 0001 3m02 606'],
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
      ['IBAN: DE89  3704  0044  0532  0130  00', 'DE89  3704  0044  0532  0130  00'],
    ['IBAN: DE89-3704-0044-0532-0130-00', 'DE89-3704-0044-0532-0130-00'],
    ['IBAN: DE89 3704 0044\n0532 0130 00 (wrapped)', 'DE89 3704 0044\n0532 0130 00'],
  ])('finds it in %p', (text, value) => {
    expect(found('IBAN', text)).toEqual([value]);
  });

  it.each([
    'DE89 3704 0044 0532 0130 01', // mod-97 fails
    'SKU DE12 3456 7890',
    'XX89 3704 0044 0532 0130 00', // no such country
    'GB29NWBK6016133192681912', // longer than a GB IBAN
  ])('finds none in %p', (text) => {
    expect(found('IBAN', text)).toEqual([]);
  });
});

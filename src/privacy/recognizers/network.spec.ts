import { defaultAnalyzer } from '../analyzer.js';
import type { EntityType } from '../entities.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (type: EntityType, text: string) =>
  defaultAnalyzer.analyze(text, { entities: [type], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('EMAIL', () => {
  it.each([
    ['Write to jana.novak@example.com today.', 'jana.novak@example.com'],
    ['<Marion_Pollich17@yahoo.com>', 'Marion_Pollich17@yahoo.com'],
    ['josé.garcía@correo.es', 'josé.garcía@correo.es'],
    ['a+tag@sub.domain.co.uk, thanks', 'a+tag@sub.domain.co.uk'],
    // Decomposed letters (e + U+0301), and invisible characters inside the local part.
    ['Mail jose\u0301@example.com', 'jose\u0301@example.com'],
    ['Mail jose@exa\u0301mple.com now', 'jose@exa\u0301mple.com'],
    ['Mail ja\u200bna@example.org', 'ja\u200bna@example.org'],
    ['Mail jana\u00adnovak@example.org', 'jana\u00adnovak@example.org'],
  ])('finds it in %p', (text, value) => {
    expect(found('EMAIL', text)).toEqual([value]);
  });

  it.each(['Meet @ 10:30 at the office', 'user@localhost', 'an @mention on the wiki', 'price 10 @ 5.00'])('finds none in %p', (text) => {
    expect(found('EMAIL', text)).toEqual([]);
  });
});

describe('URL', () => {
  it.each([
    ['See https://intranet.example.org/share/x9?y=1.', 'https://intranet.example.org/share/x9?y=1'],
    ['(www.example.com/profile/jana-novak)', 'www.example.com/profile/jana-novak'],
    ['ftp://files.example.net/a.zip', 'ftp://files.example.net/a.zip'],
  ])('finds it in %p', (text, value) => {
    expect(found('URL', text)).toEqual([value]);
  });

  it.each(['Version 1.2.3 is out.', 'mail jana@example.com', 'the file report.pdf'])('finds none in %p', (text) => {
    expect(found('URL', text)).toEqual([]);
  });
});

describe('IP_ADDRESS', () => {
  it.each([
    ['Login from 192.168.1.20 failed.', '192.168.1.20'],
    ['host 8.8.8.8', '8.8.8.8'],
    ['addr 2001:db8::8a2e:370:7334 blocked', '2001:db8::8a2e:370:7334'],
    ['fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a'],
  ])('finds it in %p', (text, value) => {
    expect(found('IP_ADDRESS', text)).toEqual([value]);
  });

  it.each([
    'Upgrade to version 4.2.0.1 tonight.', // a version, by the word before it
    'Build v10.0.19041 is rolling out.',
    '999.1.1.1 is not an address',
    'Meet at 10:30:15.',
    'MAC 00:1A:2B:3C:4D:5E',
    'Release 1.2.3',
  ])('finds none in %p', (text) => {
    expect(found('IP_ADDRESS', text)).toEqual([]);
  });
});

import { defaultAnalyzer } from '../analyzer.js';
import { createPhoneRecognizer, phoneCandidates } from './phone.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (text: string) => defaultAnalyzer.analyze(text, { entities: ['PHONE'], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('PHONE', () => {
  it.each([
    ['Call me on +44 20 7946 0958 after five.', '+44 20 7946 0958'],
    ['ring 020 7946 0958', '020 7946 0958'],
    ['Tel.: +49 30 901820', '+49 30 901820'],
    ['Handy 0151 23456789', '0151 23456789'],
    ['(212) 555-0187 is my number', '(212) 555-0187'],
    ['mobile 212-555-0187', '212-555-0187'],
    ['joindre au 01 42 68 53 00.', '01 42 68 53 00'],
    ['llámame al 612 345 678', '612 345 678'],
    ['bel 06 12345678', '06 12345678'],
    ['chiamami al 02 1234 5678', '02 1234 5678'],
    ['+33 6 12 34 56 78,', '+33 6 12 34 56 78'],
    ['0044 20 7946 0958', '0044 20 7946 0958'],
    // Beside another number, the finding covers every valid reading, so that no part of either is left.
    ['Tel 0 05200 26954142', '05200 26954142'],
    ['tel. 20 (301) 547-5452 sed', '20 (301) 547-5452'],
    ['ref 2 056 8125 4855', '2 056 8125 4855'],
    // A dash after a word, a space or nothing sets the number off; an em dash reads as one.
    ['please call me back\u2014+4930123456789', '+4930123456789'],
    ['call-+4930123456789', '+4930123456789'],
    ['phone-030 1234567', '030 1234567'],
    ['TEL-+4930123456789', '+4930123456789'],
    ['Tel -030 1234567', '030 1234567'],
  ])('finds it in %p', (text, value) => {
    expect(found(text)).toEqual([value]);
  });

  it.each([
    'Order 4532015112830367 shipped.',
    'Ticket INC0012345 is open',
    'Build 10.0.19041 ships at 10:30.',
    'Meeting on 12.03.2024 and 2024-03-14',
    'Total 1.234.567,89 EUR',
    'Server 192.168.100.200',
    'SSN 536-22-1234',
    'Order no. 015123456789', // a bare run called an order is one
    'Call 12345', // too short for any numbering plan
    'Order 0151 2345 6789 1234 5678', // far too long for a phone number beside a short one
    'Ticket CS-2024-12345 is open', // after a code in capitals a dash joins the digits to it
    'Part AB-1234567 and WX-1234-56',
  ])('finds none in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('tries only the configured regions for national numbers', () => {
    const usOnly = createPhoneRecognizer({ regions: ['US'] });
    const out: Parameters<typeof usOnly.scan>[1] = [];
    usOnly.scan('ring 020 7946 0958', out);
    expect(out).toEqual([]);
  });
});

describe('phoneCandidates', () => {
  it.each([
    ['+44 (0)20 7946 0958 now', ['+44 (0)20 7946 0958']],
    ['tel 030 1234567x', []], // glued to a letter
    ['v2.0.1234567', []], // glued to a version prefix
    ['06.12.34.56.78 or 0612345678', ['06.12.34.56.78', '0612345678']],
  ])('%p → %p', (text, expected) => {
    expect(phoneCandidates(text).map((c) => text.slice(c.start, c.end))).toEqual(expected);
  });
});

import { CONTEXT_BOOST, CONTEXT_PENALTY, contextScore } from './context.js';
import type { EntityType, Finding } from './entities.js';

function scoreOf(type: EntityType, text: string, value: string, base: number): number {
  const start = text.indexOf(value);
  const finding: Finding = { type, start, end: start + value.length, score: base, recognizer: 'test' };
  return contextScore(text, finding);
}

describe('contextScore', () => {
  it.each<[EntityType, string, string, number, number]>([
    ['PHONE', 'Call me on 020 7946 0958', '020 7946 0958', 0.45, 0.45 + CONTEXT_BOOST],
    ['PHONE', 'Rufnummer: 030 901820', '030 901820', 0.45, 0.45 + CONTEXT_BOOST],
    ['PHONE', 'Order no. 015123456789', '015123456789', 0.45, 0.45 - CONTEXT_PENALTY],
    ['PHONE', 'Bestellung Nr. 015123456789', '015123456789', 0.45, 0.45 - CONTEXT_PENALTY],
    ['PHONE', 'In order to help, my phone is 0151 2345 6789', '0151 2345 6789', 0.7, 0.7 + CONTEXT_BOOST],
    ['US_SSN', 'SSN: 536221234', '536221234', 0.3, 0.3 + CONTEXT_BOOST],
    ['IP_ADDRESS', 'the client moved to version 4.2.0.1', '4.2.0.1', 0.7, 0.7 - CONTEXT_PENALTY],
    ['CREDIT_CARD', 'invoice #4111111111111111', '4111111111111111', 0.9, 0.9 - CONTEXT_PENALTY],
    ['EMAIL', 'order jana@example.com', 'jana@example.com', 1, 1],
  ])('%s in %p', (type, text, value, base, expected) => {
    expect(scoreOf(type, text, value, base)).toBeCloseTo(expected, 3);
  });

  it('stays within [0, 1]', () => {
    expect(scoreOf('PHONE', 'phone +44 20 7946 0958', '+44 20 7946 0958', 0.85)).toBe(1);
    expect(scoreOf('PHONE', 'order 0151 2345 6789', '0151 2345 6789', 0.2)).toBe(0);
  });
});

import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { validateRows } from '../input-validation.js';
import { generateSupportMessages, TOPICS } from './support-messages.js';
import { SUPPORT_SCHEMA } from './support-router.model.js';

describe('synthetic support messages', () => {
  const messages = generateSupportMessages(500, 21);

  it('are a pure function of the seed', () => {
    expect(generateSupportMessages(20, 5)).toEqual(generateSupportMessages(20, 5));
    expect(generateSupportMessages(20, 5)).not.toEqual(generateSupportMessages(20, 6));
  });

  it('cover every topic in equal shares and fit the input schema', () => {
    for (const topic of TOPICS) expect(messages.filter((m) => m.topic === topic)).toHaveLength(100);
    expect('rows' in validateRows(SUPPORT_SCHEMA, messages.map((m) => ({ message: m.text })))).toBe(true);
  });

  it('carry personal data for the PII stage to find', () => {
    const share = (test: (text: string) => boolean) => messages.filter((m) => test(m.text)).length / messages.length;
    expect(share((t) => /[\w.+-]+@[\w-]+\.[\w.]+/.test(t))).toBeGreaterThan(0.2);
    expect(share((t) => findPhoneNumbersInText(t, 'GB').some((p) => p.number.isValid()))).toBeGreaterThan(0.2);
    expect(share((t) => /\b(I'm|this is|my name is) [A-Z]/.test(t))).toBeGreaterThan(0.2);
    expect(share((t) => /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4})+/.test(t))).toBeGreaterThan(0);
  });
});

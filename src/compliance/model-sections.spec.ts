import { renderMarkdown } from './render-markdown.js';
import { scheduleFacts } from './model-sections.js';

describe('the bias-audit schedule in model documents', () => {
  const schedule = (everyMs: number, windowMs: number) => ({ everyMs, windowMs, attributes: ['sex'], favorable: 'approved', thresholds: {}, consequence: 'notify', updatedAt: '2026-11-01T00:00:00.000Z' });
  const text = (everyMs: number, windowMs: number) =>
    renderMarkdown({ title: 't', subtitle: 's', builtAt: new Date(0), footer: 'f', blocks: [scheduleFacts(schedule(everyMs, windowMs), 'credit-approval')] });

  it.each([
    [5_400_000, 5_400_000, 'every PT1H30M over the last PT1H30M of traffic'],
    [1_200_000, 600_000, 'every PT20M over the last PT10M of traffic'],
    [86_400_000, 30 * 86_400_000, 'every P1D over the last P30D of traffic'],
    [1500, 90_000, 'every PT1.5S over the last PT1M30S of traffic'],
  ])('states every %d ms over %d ms as %s', (everyMs, windowMs, expected) => {
    expect(text(everyMs, windowMs)).toContain(expected);
  });
});

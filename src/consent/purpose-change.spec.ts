import type { Purpose } from './purpose.js';
import { purposeChange, type PurposeChange } from './purpose-change.js';

const v1: Purpose = { id: 'marketing', description: 'Offers', lawfulBasis: 'consent', notice: { text: 'We send offers.', version: '1' }, retentionDays: 365 };
const v2: Purpose = { ...v1, notice: { text: 'We send offers by e-mail.', version: '2' } };
const kind = (change: PurposeChange) => (change.kind === 'refused' ? `refused:${change.field}:${change.rule}` : change.kind === 'changed' ? `changed:${change.fields.join(',')}` : 'unchanged');

describe('purposeChange', () => {
  it.each<[string, Purpose[], Purpose, string]>([
    ['a purpose with no history yet', [], v1, 'changed:id'],
    ['the same definition again', [v1], v1, 'unchanged'],
    ['a new description', [v1], { ...v1, description: 'Personalised offers' }, 'changed:description'],
    ['a longer retention', [v1], { ...v1, retentionDays: 730 }, 'changed:retentionDays'],
    ['new wording under a new version', [v1], v2, 'changed:notice'],
    ['new wording under the same version', [v1], { ...v1, notice: { text: 'Different words.', version: '1' } }, 'refused:notice.version:newVersion'],
    ['new wording under a version used before', [v1, v2], { ...v1, notice: { text: 'Third words.', version: '1' } }, 'refused:notice.version:newVersion'],
    ['back to an earlier wording under its own version', [v1, v2], v1, 'changed:notice'],
    ['a new version number for the same words', [v1], { ...v1, notice: { ...v1.notice, version: '1.1' } }, 'changed:notice'],
    ['a different lawful basis', [v1], { ...v1, lawfulBasis: 'legitimate_interests' }, 'refused:lawfulBasis:fixed'],
    ['several changes at once', [v1], { ...v2, description: 'x', retentionDays: 30 }, 'changed:description,notice,retentionDays'],
  ])('%s', (_, history, next, expected) => {
    expect(kind(purposeChange(history, next))).toBe(expected);
  });
});

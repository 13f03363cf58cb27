import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * The walk-through of docs/licensing.md settles "the month so far" and shows the call it just made
 * in the statement. That holds only if the period it closes ends after that call: these tests run
 * the document's own line that picks the period.
 */
const doc = readFileSync(fileURLToPath(new URL('../../docs/licensing.md', import.meta.url)), 'utf8');
const walkThrough = doc.slice(doc.indexOf('## Walk-through'));
const periodLine = walkThrough.split('\n').find((line) => line.startsWith('FROM=$(date'))!;

describe('the walk-through of docs/licensing.md', () => {
  it('closes a period that ends after a call made a moment before, even within the same second', () => {
    const calledAt = Date.now();
    const [from, to] = execFileSync('bash', ['-c', `${periodLine}; echo "$FROM $TO"`], { encoding: 'utf8' }).trim().split(' ');
    expect(Date.parse(to)).toBeGreaterThan(calledAt);
    expect(from).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tar } from './tar.js';

describe('tar archives of evidence', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-tar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('unpacks with the system tar, long names and odd sizes included', () => {
    const long = `incident-${'0'.repeat(36)}/audit-tenant-${'f'.repeat(36)}-from-123456-to-7654321.jsonl`;
    const entries = [
      { name: 'incident/report.md', data: Buffer.from('# Report\n\nZürich ✓\n', 'utf8') },
      { name: long, data: Buffer.alloc(513, 'a') },
      { name: 'incident/empty.txt', data: Buffer.alloc(0) },
    ];
    const file = path.join(dir, 'evidence.tar');
    writeFileSync(file, tar(entries, new Date('2026-11-22T10:00:00Z')));
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(entries.map((e) => e.name));
    execFileSync('tar', ['-xf', file, '-C', dir]);
    for (const e of entries) expect(readFileSync(path.join(dir, e.name)).equals(e.data)).toBe(true);
    expect(execFileSync('tar', ['-tvf', file], { encoding: 'utf8' })).toContain('2026-11-22');
  });

  it('is a whole number of 512-byte blocks ending in two empty ones', () => {
    const bytes = tar([{ name: 'a.txt', data: Buffer.from('x') }], new Date(0));
    expect(bytes.length).toBe(512 * 4);
    expect(bytes.subarray(1024).every((b) => b === 0)).toBe(true);
  });

  it('refuses names it cannot store', () => {
    expect(() => tar([{ name: 'x'.repeat(101), data: Buffer.alloc(0) }], new Date(0))).toThrow(RangeError);
  });
});

import type { Purpose } from './purpose.js';

export type PurposeChange =
  | { kind: 'unchanged' }
  | { kind: 'changed'; fields: string[] }
  | { kind: 'refused'; field: string; rule: string; message: string };

/**
 * Whether `next` may become the new version of a purpose whose versions so far are `history`
 * (oldest first, the last one current). Nothing is ever overwritten silently:
 * - the lawful basis is fixed: consent given for a purpose, or calls made under one basis, must
 *   not be reinterpreted under another (a different basis is a different purpose);
 * - a notice version names one wording forever, so new wording needs a version never used before.
 */
export function purposeChange(history: readonly Purpose[], next: Purpose): PurposeChange {
  const current = history.at(-1);
  if (!current) return { kind: 'changed', fields: ['id'] };
  if (next.lawfulBasis !== current.lawfulBasis) {
    return {
      kind: 'refused',
      field: 'lawfulBasis',
      rule: 'fixed',
      message: `${current.id} rests on ${current.lawfulBasis}; a purpose's basis never changes, define a new purpose instead`,
    };
  }
  const reused = history.find((v) => v.notice.version === next.notice.version && v.notice.text !== next.notice.text);
  if (reused) {
    return {
      kind: 'refused',
      field: 'notice.version',
      rule: 'newVersion',
      message: `notice version ${next.notice.version} already names another wording; give the new wording a new version`,
    };
  }
  const fields = [
    ...(next.description !== current.description ? ['description'] : []),
    ...(next.notice.text !== current.notice.text || next.notice.version !== current.notice.version ? ['notice'] : []),
    ...(next.retentionDays !== current.retentionDays ? ['retentionDays'] : []),
  ];
  return fields.length ? { kind: 'changed', fields } : { kind: 'unchanged' };
}

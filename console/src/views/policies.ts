import { get } from '../lib/api.js';
import { h, replace, type Child } from '../lib/dom.js';
import { time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { badge, empty, errorNotice, facts, field, link, loading, pageHeading, pagedTable, select } from '../lib/ui.js';

export interface PolicyVersion {
  version: number;
  name: string;
  status: string;
  contentHash: string;
  basedOn: number | null;
  author: string;
  reason: string;
  createdAt: string;
  activatedAt: string | null;
  activatedBy: string | null;
  activationReason: string | null;
}

export interface PolicyActivation {
  seq: number;
  version: number;
  activatedAt: string;
  activatedBy: string;
  reason: string;
  kind: 'activate' | 'rollback';
  rolledBackFrom: number | null;
}

interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  added?: unknown[];
  removed?: unknown[];
}

export interface PolicyDiff {
  from: number | null;
  to: number;
  identical: boolean;
  document: FieldChange[];
  added: { id: string }[];
  removed: { id: string }[];
  changed: { id: string; changes: FieldChange[] }[];
  unchanged: string[];
}

export async function renderPolicies(view: HTMLElement): Promise<void> {
  const body = h('div', null, loading('Loading policy history…'));
  replace(view, ...pageHeading('Policy history', 'Every version of the usage policy, who wrote it and why, when it was put in force, and what changed from one version to the next.'), body);
  try {
    const [versions, activations] = await Promise.all([get<PolicyVersion[]>('/v1/policies'), get<PolicyActivation[]>('/v1/policies/activations')]);
    replace(
      body,
      pagedTable({
        caption: 'Policy versions, newest first',
        rows: versions,
        empty: empty('No policy has been stored.', 'Warden loads policies/default.yaml at first start; an admin drafts new versions in the policy editor.'),
        columns: [
          { label: 'Version', cell: (p) => link(`#/policies/${p.version}`, `Version ${p.version}`) },
          { label: 'Status', cell: (p) => badge(p.status) },
          { label: 'Name', cell: (p) => p.name },
          { label: 'Written', cell: (p) => `${time(p.createdAt)} by ${p.author}` },
          { label: 'Reason', cell: (p) => p.reason },
          { label: 'First in force', cell: (p) => (p.activatedAt ? `${time(p.activatedAt)}: ${p.activationReason ?? ''}` : '—') },
        ],
      }),
      h('h2', null, 'Activations'),
      pagedTable({
        caption: 'Activations and rollbacks, newest first',
        rows: activations,
        empty: empty('No version has been put in force.', 'An admin activates a draft in the policy editor.'),
        columns: [
          { label: 'When', cell: (a) => time(a.activatedAt) },
          // The number alone: the versions table above already holds the links named "Version n".
          { label: 'Version', cell: (a) => link(`#/policies/${a.version}`, String(a.version)) },
          { label: 'How', cell: (a) => (a.rolledBackFrom === null ? 'activated' : `rolled back from version ${a.rolledBackFrom}`) },
          { label: 'By', cell: (a) => a.activatedBy },
          { label: 'Reason', cell: (a) => a.reason },
        ],
      }),
    );
  } catch (error) {
    replace(body, errorNotice(error, 'Loading policy history'));
  }
}

export async function renderPolicy(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const version = Number(ctx.params[0]);
  const body = h('div', null, loading('Loading the version…'));
  replace(view, ...pageHeading(`Policy version ${version}`), h('p', null, link('#/policies', '← Policy history')), body);
  try {
    const [policy, all] = await Promise.all([get<PolicyVersion & { source: string }>(`/v1/policies/${version}`), get<PolicyVersion[]>('/v1/policies')]);
    const others = all.filter((p) => p.version !== version);
    const requested = Number(ctx.query.get('against'));
    const fallback = policy.basedOn ?? others.filter((p) => p.version < version).sort((a, b) => b.version - a.version)[0]?.version ?? null;
    const against = others.some((p) => p.version === requested) ? requested : fallback;
    const compare = select(others.map((p) => [String(p.version), `Version ${p.version} (${p.status})`]), against === null ? '' : String(against), 'against');
    compare.addEventListener('change', () => ctx.navigate(`#/policies/${version}?against=${compare.value}`));
    const diffBox = h('div', null, against === null ? empty('This is the first version.', 'There is nothing earlier to compare it with; its rules are listed in the source below.') : loading('Comparing…'));
    replace(
      body,
      facts([
        ['Status', badge(policy.status)],
        ['Name', policy.name],
        ['Written', `${time(policy.createdAt)} by ${policy.author}`],
        ['Reason', policy.reason],
        ['Based on', policy.basedOn === null ? '—' : link(`#/policies/${policy.basedOn}`, `version ${policy.basedOn}`)],
        ['First in force', policy.activatedAt ? `${time(policy.activatedAt)} by ${policy.activatedBy}: ${policy.activationReason}` : 'never activated'],
        ['Content hash', h('span', { class: 'mono' }, policy.contentHash)],
      ]),
      h('h2', null, 'Changes'),
      others.length ? h('form', { class: 'filters', on: { submit: (e) => e.preventDefault() } }, field('Compare with', compare)) : null,
      diffBox,
      h('h2', null, 'Source'),
      h('details', null, h('summary', null, 'The YAML as submitted'), h('pre', null, policy.source)),
    );
    if (against !== null) {
      const diff = await get<PolicyDiff>(`/v1/policies/${version}/diff`, { against });
      replace(diffBox, diffView(diff));
    }
  } catch (error) {
    replace(body, errorNotice(error, 'Loading the version'));
  }
}

const yaml = (value: unknown): string => JSON.stringify(value, null, 2);

function change(c: FieldChange): Child {
  if (c.added || c.removed) {
    return h('li', null, h('code', null, c.field), ': ', c.removed?.length ? [h('del', null, `− ${c.removed.map(String).join(', ')}`), ' '] : null, c.added?.length ? h('ins', null, `+ ${c.added.map(String).join(', ')}`) : null);
  }
  if (!('before' in c)) return h('li', null, h('code', null, c.field), ' added: ', h('ins', null, JSON.stringify(c.after)));
  if (!('after' in c)) return h('li', null, h('code', null, c.field), ' removed (was ', h('del', null, JSON.stringify(c.before)), ')');
  return h('li', null, h('code', null, c.field), ': ', h('del', null, JSON.stringify(c.before)), ' → ', h('ins', null, JSON.stringify(c.after)));
}

/** Rules added, removed and changed, field by field. */
export function diffView(diff: PolicyDiff): HTMLElement {
  if (diff.identical) return empty(`Version ${diff.to} has the same rules as version ${diff.from}.`, 'Pick another version to compare with.');
  return h(
    'div',
    { class: 'diff' },
    h('p', null, `From version ${diff.from ?? '(none)'} to version ${diff.to}: ${diff.added.length} rule(s) added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged.length} unchanged.`),
    diff.document.length ? h('div', { class: 'diff-changed' }, h('strong', null, 'Document'), h('ul', { class: 'plain' }, diff.document.map(change))) : null,
    diff.added.map((r) => h('div', { class: 'diff-added' }, h('strong', null, `Added rule ${r.id}`), h('pre', null, yaml(r)))),
    diff.removed.map((r) => h('div', { class: 'diff-removed' }, h('strong', null, `Removed rule ${r.id}`), h('pre', null, yaml(r)))),
    diff.changed.map((r) => h('div', { class: 'diff-changed' }, h('strong', null, `Changed rule ${r.id}`), h('ul', { class: 'plain' }, r.changes.map(change)))),
  );
}

import { download, get, type Query } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { bytes, count, time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { can } from '../lib/session.js';
import { badge, button, empty, errorNotice, field, loading, pageHeading, progress, select } from '../lib/ui.js';

interface AuditEvent {
  chainId: string;
  seq: number;
  time: string;
  actor: { id: string; role: string };
  tenantId: string | null;
  action: string;
  resource: { type: string; id: string } | null;
  decision: string;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface Chain {
  chainId: string;
  tenantName: string | null;
  size: number;
}

const FILTERS = ['chain', 'model', 'action', 'decision', 'resourceType', 'resourceId', 'from', 'to'] as const;
const ACTIONS = ['inference.infer', 'model.register', 'model.suspend', 'model.resume', 'model.activate', 'policy.draft', 'policy.activate', 'key.create', 'key.revoke', 'tenant.create', 'review.confirm', 'review.override', 'consent.grant', 'consent.withdraw'];

/** datetime-local shows the reader's local time; the API speaks ISO 8601 with a zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLocalInput = (value: string): string => (value ? new Date(value).toISOString() : '');

export function renderAuditLog(view: HTMLElement, ctx: ViewContext): void {
  const filters: Query = Object.fromEntries(FILTERS.map((f) => [f, ctx.query.get(f) ?? undefined]));
  const limit = ['25', '50', '100'].includes(ctx.query.get('limit') ?? '') ? Number(ctx.query.get('limit')) : 25;

  const chain = select([['', 'All chains']], String(filters.chain ?? ''), 'chain');
  const model = h('input', { type: 'text', name: 'model', value: String(filters.model ?? ''), placeholder: 'e.g. credit-approval' });
  const action = h('input', { type: 'text', name: 'action', list: 'audit-actions', value: String(filters.action ?? ''), placeholder: 'e.g. inference.infer' });
  const decision = select([['', 'Any'], ['allow', 'allow'], ['deny', 'deny'], ['none', 'none (not a decision)']], String(filters.decision ?? ''), 'decision');
  const resourceType = h('input', { type: 'text', name: 'resourceType', value: String(filters.resourceType ?? ''), placeholder: 'e.g. model, policy, api-key' });
  const from = h('input', { type: 'datetime-local', name: 'from', value: toLocalInput((filters.from as string) ?? null) });
  const to = h('input', { type: 'datetime-local', name: 'to', value: toLocalInput((filters.to as string) ?? null) });
  const pageSize = select([['25', '25'], ['50', '50'], ['100', '100']], String(limit), 'limit');
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the audit log' },
    field('Chain', chain, 'platform: admin actions; tenant: one tenant’s calls and consent'),
    field('Model', model),
    field('Action', action),
    field('Decision', decision),
    field('Resource type', resourceType),
    field('From (your local time)', from),
    field('To (your local time)', to),
    field('Events per page', pageSize),
    h('datalist', { id: 'audit-actions' }, ACTIONS.map((a) => h('option', { value: a }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters'), button('Clear filters', () => clear(), 'secondary')),
  );
  // Empties the form as well as the address: filters typed but not applied go too.
  const clear = () => {
    form.reset();
    for (const control of [model, action, resourceType, from, to]) control.value = '';
    chain.value = '';
    decision.value = '';
    pageSize.value = '25';
    if (location.hash !== '#/audit') ctx.navigate('#/audit');
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    const values: Record<string, string> = {
      chain: chain.value,
      model: model.value.trim(),
      action: action.value.trim(),
      decision: decision.value,
      resourceType: resourceType.value.trim(),
      resourceId: String(filters.resourceId ?? ''),
      from: fromLocalInput(from.value),
      to: fromLocalInput(to.value),
      limit: pageSize.value === '25' ? '' : pageSize.value,
    };
    for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
    ctx.navigate(`#/audit${params.size ? `?${params}` : ''}`);
  });

  const results = h('div', null, loading('Loading events…'));
  const exports = can(ctx.session, 'export:AuditLog') ? exportPanel(filters) : null;
  replace(view, ...pageHeading('Audit log', 'Every governed call, consent change and admin action, hash-chained and signed. Filter, page through, and export.'), form, exports, results);

  void get<Chain[]>('/v1/console/chains')
    .then((chains) => {
      for (const c of chains) chain.append(h('option', { value: c.chainId }, `${c.tenantName ?? (c.chainId === 'platform' ? 'platform (admin actions)' : c.chainId)} · ${count(c.size)} events`));
      chain.value = String(filters.chain ?? '');
    })
    .catch(() => undefined);

  const cursors: (string | undefined)[] = [undefined];
  const show = async (page: number) => {
    replace(results, loading('Loading events…'));
    try {
      const res = await get<{ events: AuditEvent[]; nextCursor: string | null }>('/v1/audit/events', { ...filters, limit, cursor: cursors[page] });
      if (res.nextCursor) cursors[page + 1] = res.nextCursor;
      replace(results, eventsTable(res.events, page, limit, res.nextCursor !== null, show));
    } catch (error) {
      replace(results, errorNotice(error, 'Loading events'));
    }
  };
  void show(0);
}

function eventsTable(events: AuditEvent[], page: number, limit: number, more: boolean, show: (page: number) => void): HTMLElement {
  if (!events.length) {
    return page === 0
      ? empty('No events match these filters.', 'Clear a filter or widen the time range; events are kept for good, so older ones are still here.')
      : empty('No more events.', 'Go back to the previous page.');
  }
  const body = h('tbody');
  for (const e of events) {
    const detailRow = h('tr', { hidden: true }, h('td', { colspan: 8 }, h('pre', null, JSON.stringify({ details: e.details, actor: e.actor, prevHash: e.prevHash, hash: e.hash }, null, 2))));
    const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, 'Details');
    toggle.addEventListener('click', () => {
      detailRow.hidden = !detailRow.hidden;
      toggle.setAttribute('aria-expanded', String(!detailRow.hidden));
    });
    body.append(
      h(
        'tr',
        null,
        h('td', { class: 'nowrap' }, time(e.time)),
        h('td', { class: 'mono nowrap' }, `${e.chainId === 'platform' ? 'platform' : `tenant ${e.chainId.slice(7, 15)}…`} #${e.seq}`),
        h('td', null, e.actor.role),
        h('td', null, e.action),
        h('td', null, e.resource ? `${e.resource.type} ${e.resource.id}` : '—'),
        h('td', null, badge(e.decision)),
        h('td', null, e.reason ?? ''),
        h('td', null, toggle),
      ),
      detailRow,
    );
  }
  const first = page * limit + 1;
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', null, `Events ${count(first)}–${count(first + events.length - 1)}, oldest first`),
        h('thead', null, h('tr', null, ['Time', 'Chain and seq', 'Actor', 'Action', 'Resource', 'Decision', 'Reason', ''].map((c) => h('th', { scope: 'col' }, c)))),
        body,
      ),
    ),
    h(
      'div',
      { class: 'pager' },
      Object.assign(button('Previous page', () => show(page - 1), 'secondary'), { disabled: page === 0 }),
      Object.assign(button('Next page', () => show(page + 1), 'secondary'), { disabled: !more }),
      h('span', { class: 'muted', role: 'status' }, `Page ${page + 1}${more ? '' : ' (last)'}`),
    ),
  );
}

function exportPanel(filters: Query): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const run = async (query: Query, name: string) => {
    const abort = new AbortController();
    const bar = progress('Export progress');
    const cancel = button('Cancel export', () => abort.abort(), 'secondary');
    replace(status, bar.element, cancel);
    bar.update(0, undefined, 'Starting the export…');
    try {
      const result = await download('/v1/audit/export', query, name, (p) => bar.update(p.bytes, undefined, `Received ${count(p.lines)} lines (${bytes(p.bytes)})…`), abort.signal);
      cancel.remove();
      bar.finish(`Export complete: ${result.filename}, ${count(result.lines)} lines (${bytes(result.bytes)}).`);
    } catch (error) {
      cancel.remove();
      if (abort.signal.aborted) bar.fail('Export cancelled.');
      else replace(status, errorNotice(error, 'The export'));
    }
  };
  const chainOnly: Query = { chain: filters.chain };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h' }, 'Export'),
    h('p', { class: 'muted' }, 'CSV lists the events matching the filters above. JSONL holds whole chains with their signed checkpoints; anyone with Warden’s public key can verify it offline (npm run audit:verify).'),
    h(
      'div',
      { class: 'actions' },
      button('Export matching events as CSV', () => void run({ ...filters, format: 'csv' }, 'warden-audit.csv')),
      button(filters.chain ? 'Export this chain as verifiable JSONL' : 'Export all chains as verifiable JSONL', () => void run(chainOnly, 'warden-audit.jsonl'), 'secondary'),
    ),
    status,
  );
}

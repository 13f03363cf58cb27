import { periodsBetween } from '../lib/earnings.js';
import { get } from '../lib/api.js';
import { barChart, columnsChart } from '../lib/charts.js';
import { h, replace } from '../lib/dom.js';
import { count, time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { badge, empty, errorNotice, field, link, loading, pageHeading, pagedTable, select } from '../lib/ui.js';

interface Outcomes {
  allowed: number;
  denied: number;
}

interface Overview {
  window: { from: string; to: string };
  models: { total: number; serving: number; versions: Record<string, number> };
  tenants: { total: number };
  calls: Outcomes & {
    total: number;
    byReason: { reason: string; stages: string[]; calls: number }[];
    byModel: ({ model: string } & Outcomes)[];
    byPurpose: ({ purpose: string } & Outcomes)[];
    usage: ({ tenantId: string | null; tenantName: string | null; model: string; purpose: string } & Outcomes)[];
    daily: ({ day: string } & Outcomes)[];
  };
  consent: {
    subjects: number;
    purposes: { purpose: string; lawfulBasis: string; active: number; withdrawn: number; expired: number; grants: number; withdrawals: number }[];
    erasures: { pending: number; overdue: number; completed: number };
  };
  reviews: { open: number; byModel: { model: string; open: number; oldest: string }[] };
  audits: { id: string; model: string; status: string; breachCount: number; source: string; createdAt: string }[];
}

const WINDOWS: [string, string][] = [
  ['1', 'Last 24 hours'],
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
  ['90', 'Last 90 days'],
  ['365', 'Last 12 months'],
];

const tile = (value: string, label: string, sub?: string) => h('li', { class: 'tile' }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label), sub ? h('span', { class: 'sub' }, sub) : null);

export function renderOverview(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const days = WINDOWS.some(([d]) => d === ctx.query.get('days')) ? ctx.query.get('days')! : '30';
  const windowSelect = select(WINDOWS, days);
  windowSelect.addEventListener('change', () => ctx.navigate(`#/overview?days=${windowSelect.value}`));
  const body = h('div', null, loading('Loading the overview…'));
  replace(
    view,
    ...pageHeading('Overview', 'Which models run, who called them for what, what was refused and why, and what is waiting for a person. Counts only: no personal data.'),
    h('form', { class: 'filters', on: { submit: (e) => e.preventDefault() } }, field('Time window', windowSelect)),
    body,
  );
  const to = new Date();
  const from = new Date(to.getTime() - Number(days) * 86_400_000);
  return get<Overview>('/v1/console/overview', { from: from.toISOString(), to: to.toISOString() })
    .then((o) => replace(body, ...sections(o)))
    .catch((error) => replace(body, errorNotice(error, 'Loading the overview')));
}

function sections(o: Overview): HTMLElement[] {
  const c = o.calls;
  const suspended = o.models.versions.suspended ?? 0;
  return [
    h(
      'ul',
      { class: 'tiles', 'aria-label': 'Key figures' },
      tile(`${o.models.serving} of ${o.models.total}`, 'models serving', suspended ? `${suspended} version(s) suspended` : 'none suspended'),
      tile(count(o.tenants.total), 'tenants'),
      tile(count(c.total), 'governed calls', `${count(c.allowed)} allowed · ${count(c.denied)} denied`),
      tile(count(c.denied), 'denials', c.byReason[0] ? `most often ${c.byReason[0].reason}` : 'none'),
      tile(count(o.reviews.open), 'open reviews'),
      tile(count(o.consent.subjects), 'data subjects', `${o.consent.erasures.pending} erasure(s) pending`),
    ),
    h('p', { class: 'muted' }, `Window: ${time(o.window.from)} to ${time(o.window.to)}.`),
    h('section', { 'aria-labelledby': 'calls-h' }, h('h2', { id: 'calls-h' }, 'Governed calls'), ...callSections(o)),
    h('section', { 'aria-labelledby': 'consent-h' }, h('h2', { id: 'consent-h' }, 'Consent'), ...consentSection(o)),
    h('section', { 'aria-labelledby': 'reviews-h' }, h('h2', { id: 'reviews-h' }, 'Open reviews'), reviewsSection(o)),
    h('section', { 'aria-labelledby': 'audits-h' }, h('h2', { id: 'audits-h' }, 'Latest bias audit of each model'), auditsSection(o)),
  ];
}

function callSections(o: Overview): HTMLElement[] {
  const c = o.calls;
  if (!c.total) {
    return [empty('No governed calls in this window.', ['Tenants call POST /v1/models/{name}/infer with their key. Widen the time window, or see which models are registered under ', link('#/models', 'Models'), '.'])];
  }
  // Every day of the window, quiet ones at zero, so that the columns are days apart as the axis says.
  const last = new Date(o.window.to);
  const days = periodsBetween(o.window.from.slice(0, 10), new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate() + 1)).toISOString().slice(0, 10), 'day');
  const byDay = new Map(c.daily.map((d) => [d.day, d]));
  return [
    columnsChart({
      title: 'Governed calls per day (UTC)',
      description: `${count(c.allowed)} allowed and ${count(c.denied)} denied calls between ${time(o.window.from)} and ${time(o.window.to)}.`,
      periods: days,
      series: [
        { name: 'allowed', values: days.map((day) => byDay.get(day)?.allowed ?? 0), className: 'allowed' },
        { name: 'denied', values: days.map((day) => byDay.get(day)?.denied ?? 0), className: 'denied' },
      ],
      format: count,
      periodLabel: (d) => d.slice(5),
    }),
    h('h3', null, 'Denials by reason'),
    c.byReason.length
      ? h(
          'div',
          null,
          barChart({
            title: 'Denied calls by reason',
            description: c.byReason.map((r) => `${r.reason}: ${r.calls}`).join('; '),
            rows: c.byReason.map((r) => ({ label: r.reason, value: r.calls })),
            format: count,
            valueLabel: 'Denied calls',
          }),
          h('p', null, link(`#/audit?${new URLSearchParams({ decision: 'deny', action: 'inference.infer', from: o.window.from })}`, 'Open the denied calls in the audit log')),
        )
      : empty('No call was denied in this window.', 'Denials appear here by reason code (consent missing, purpose not allowed, policy, licence, quota…).'),
    h('h3', null, 'Who called which model for what'),
    pagedTable({
      caption: 'Calls by tenant, model and purpose',
      rows: c.usage,
      pageSize: 10,
      columns: [
        { label: 'Tenant', cell: (u) => (u.tenantId ? link(`#/audit?chain=tenant:${u.tenantId}`, u.tenantName ?? u.tenantId) : '—') },
        { label: 'Model', cell: (u) => u.model },
        { label: 'Purpose', cell: (u) => u.purpose || '—' },
        { label: 'Allowed', numeric: true, cell: (u) => count(u.allowed) },
        { label: 'Denied', numeric: true, cell: (u) => count(u.denied) },
      ],
    }),
    pagedTable({
      caption: 'Calls by model',
      rows: c.byModel,
      columns: [
        { label: 'Model', cell: (m) => m.model },
        { label: 'Allowed', numeric: true, cell: (m) => count(m.allowed) },
        { label: 'Denied', numeric: true, cell: (m) => count(m.denied) },
      ],
    }),
  ];
}

function consentSection(o: Overview): HTMLElement[] {
  const e = o.consent.erasures;
  return [
    pagedTable({
      caption: 'Consent by purpose (states now; grants and withdrawals in the window)',
      rows: o.consent.purposes,
      empty: empty('No purposes are registered.', 'An admin registers purposes with POST /v1/admin/purposes; the defaults are installed at first start.'),
      columns: [
        { label: 'Purpose', cell: (p) => p.purpose },
        { label: 'Lawful basis', cell: (p) => p.lawfulBasis },
        { label: 'Active consents', numeric: true, cell: (p) => count(p.active) },
        { label: 'Withdrawn', numeric: true, cell: (p) => count(p.withdrawn) },
        { label: 'Expired', numeric: true, cell: (p) => count(p.expired) },
        { label: 'Grants in window', numeric: true, cell: (p) => count(p.grants) },
        { label: 'Withdrawals in window', numeric: true, cell: (p) => count(p.withdrawals) },
      ],
    }),
    h('p', null, `Erasure requests: ${count(e.pending)} pending (${count(e.overdue)} past their deadline), ${count(e.completed)} completed in the window.`),
  ];
}

function reviewsSection(o: Overview): HTMLElement {
  if (!o.reviews.open) return empty('No decision is waiting for human review.', 'Policies send uncertain high-risk decisions for review (the human_review obligation); they appear in the review queue.');
  return h(
    'div',
    null,
    pagedTable({
      caption: 'Open reviews by model',
      rows: o.reviews.byModel,
      columns: [
        { label: 'Model', cell: (r) => r.model },
        { label: 'Open', numeric: true, cell: (r) => count(r.open) },
        { label: 'Oldest since', cell: (r) => time(r.oldest) },
      ],
    }),
    h('p', null, link('#/reviews', 'Open the review queue')),
  );
}

function auditsSection(o: Overview): HTMLElement {
  return pagedTable({
    caption: 'Newest bias audit per model',
    rows: o.audits,
    empty: empty('No model has been audited for bias yet.', ['Admins run audits and schedule them under ', link('#/fairness', 'Bias audits'), '; tenants audit their own traffic.']),
    columns: [
      { label: 'Model', cell: (a) => a.model },
      { label: 'Status', cell: (a) => badge(a.status) },
      { label: 'Breaches', numeric: true, cell: (a) => count(a.breachCount) },
      { label: 'Source', cell: (a) => a.source },
      { label: 'Run', cell: (a) => link(`#/fairness/${a.id}`, time(a.createdAt)) },
    ],
  });
}

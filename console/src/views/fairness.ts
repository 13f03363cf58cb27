import { download, get, post } from '../lib/api.js';
import { intervalChart, ratioChart } from '../lib/charts.js';
import { h, replace } from '../lib/dom.js';
import { count, decimal, percent, pValue, shortHash, time } from '../lib/format.js';
import { failing, groupingFigures, type AuditDocument, type GroupingFigure } from '../lib/fairness-figures.js';
import type { ViewContext } from '../lib/router.js';
import { can } from '../lib/session.js';
import { badge, button, empty, errorNotice, facts, field, link, loading, notice, pageHeading, pagedTable, progress, select, withElapsed } from '../lib/ui.js';

interface AuditSummary {
  id: string;
  status: string;
  source: string;
  scope: string;
  trigger: string;
  tenantId: string | null;
  model: string | null;
  version: string | null;
  window: { from: string; to: string } | null;
  attributes: string[];
  favorable: unknown;
  thresholds: Record<string, number | null>;
  dataHash: string;
  data: { rows?: number; withAttributes?: number; description?: string };
  breachCount: number;
  consequence: string | null;
  requestedBy: string;
  createdAt: string;
}

interface Breach {
  metric: string;
  grouping: string[];
  group: Record<string, string>;
  reference: Record<string, string>;
  value: number | null;
  threshold: number;
  significant: boolean | null;
  pValue: number | null;
  reason: string;
}

type Audit = AuditSummary & AuditDocument & { total: { n: number; selectionRate: { value: number } | null }; breaches: Breach[] };

interface ModelSummary {
  name: string;
  activeVersion: { output: { labels?: string[] } } | null;
}

export function renderAudits(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const q = ctx.query;
  const model = h('input', { type: 'text', name: 'model', value: q.get('model') ?? '', placeholder: 'any model' });
  const status = select([['', 'Any'], ['breach', 'breach'], ['pass', 'pass'], ['inconclusive', 'inconclusive']], q.get('status') ?? '', 'status');
  const source = select([['', 'Any'], ['live', 'live traffic'], ['dataset', 'uploaded data set']], q.get('source') ?? '', 'source');
  const filters = h('form', { class: 'filters', 'aria-label': 'Filter bias audits' }, field('Model', model), field('Status', status), field('Source', source), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters')));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (model.value.trim()) params.set('model', model.value.trim());
    if (status.value) params.set('status', status.value);
    if (source.value) params.set('source', source.value);
    ctx.navigate(`#/fairness${params.size ? `?${params}` : ''}`);
  });
  const list = h('div', null, loading('Loading bias audits…'));
  replace(
    view,
    ...pageHeading('Bias audits', 'Whether a model treats a group unfairly: selection rates per group with 95 % confidence intervals, and impact ratios against the four-fifths (0.8) rule.'),
    can(ctx.session, 'create:BiasAudit') ? runForm(ctx) : null,
    filters,
    list,
  );
  return get<AuditSummary[]>('/v1/fairness/audits', { model: q.get('model'), status: q.get('status'), source: q.get('source'), limit: 500 })
    .then((audits) =>
      replace(
        list,
        pagedTable({
          caption: 'Stored bias audits, newest first',
          rows: audits,
          empty: empty(
            'No bias audits match.',
            can(ctx.session, 'create:BiasAudit')
              ? 'Run one above on recent traffic, or schedule audits per model (PUT /v1/admin/fairness/schedules/{model}).'
              : 'Admins run and schedule audits; tenants audit their own traffic. Clear the filters, or check back after the next scheduled audit.',
          ),
          columns: [
            { label: 'Run', cell: (a) => link(`#/fairness/${a.id}`, time(a.createdAt)) },
            { label: 'Model', cell: (a) => (a.model ? `${a.model}${a.version ? `@${a.version}` : ''}` : a.data.description ?? 'data set') },
            { label: 'Source', cell: (a) => `${a.source}, ${a.scope}` },
            { label: 'Attributes', cell: (a) => a.attributes.join(', ') },
            { label: 'Status', cell: (a) => badge(a.status) },
            { label: 'Breaches', numeric: true, cell: (a) => count(a.breachCount) },
          ],
        }),
      ),
    )
    .catch((error) => replace(list, errorNotice(error, 'Loading bias audits')));
}

function runForm(ctx: ViewContext): HTMLElement {
  const model = select([], '', 'model');
  const days = select([['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']], '30', 'days');
  const attributes = h('input', { type: 'text', name: 'attributes', value: 'sex, ethnicity' });
  const favorable = h('input', { type: 'text', name: 'favorable', value: 'approved' });
  const labels = new Map<string, string[]>();
  // The favourable outcome follows the model chosen: one of its labels.
  const syncFavorable = () => {
    const l = labels.get(model.value) ?? [];
    if (l.length && !l.includes(favorable.value)) favorable.value = l.includes('approved') ? 'approved' : l[0];
  };
  void get<ModelSummary[]>('/v1/models').then((models) => {
    for (const m of models) {
      model.append(h('option', { value: m.name }, m.name));
      labels.set(m.name, m.activeVersion?.output.labels ?? []);
    }
    syncFavorable();
  });
  model.addEventListener('change', syncFavorable);
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'form-grid', 'aria-labelledby': 'run-h' },
    field('Model to audit', model),
    field('Traffic window', days),
    field('Protected attributes', attributes, 'Comma-separated keys of the attributes subjects consented to give for fairness monitoring'),
    field('Favourable outcome', favorable, 'The model label that benefits the person, e.g. approved'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Run audit')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const bar = progress('Audit progress');
    replace(out, bar.element);
    const to = new Date();
    const from = new Date(to.getTime() - Number(days.value) * 86_400_000);
    try {
      const audit = await withElapsed(bar, 'Aggregating decisions and computing metrics', () =>
        post<{ id: string }>('/v1/fairness/audits', {
          source: 'live',
          model: model.value,
          from: from.toISOString(),
          to: to.toISOString(),
          attributes: attributes.value.split(',').map((a) => a.trim()).filter(Boolean),
          favorable: favorable.value.trim(),
        }),
      );
      bar.finish('Audit complete.');
      ctx.navigate(`#/fairness/${audit.id}`);
    } catch (error) {
      bar.fail('The audit did not run.');
      out.append(errorNotice(error, 'Running the audit'));
    }
  });
  return h('section', { class: 'panel' }, h('h2', { id: 'run-h' }, 'Run an audit of live traffic'), form, out);
}

export function renderAudit(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const id = ctx.params[0];
  const body = h('div', null, loading('Loading the audit…'));
  replace(view, ...pageHeading('Bias audit'), h('p', null, link('#/fairness', '← All bias audits')), body);
  return get<Audit>(`/v1/fairness/audits/${id}`)
    .then((audit) => replace(body, ...auditSections(audit)))
    .catch((error) => replace(body, errorNotice(error, 'Loading the audit')));
}

function auditSections(a: Audit): HTMLElement[] {
  const figures = groupingFigures(a);
  const failures = figures.flatMap((f) => failing(f).map((g) => `${g.label} (${f.title}): ${decimal(g.impactRatio, 2)}`));
  const threshold = a.thresholds.impactRatio ?? null;
  const verdict =
    a.status === 'breach'
      ? notice('error', h('p', null, h('strong', null, `Breach: ${count(a.breachCount)} verdict(s) failed. `), failures.length ? `Impact ratio below ${threshold}: ${failures.join('; ')}.` : 'See the breaches below.'))
      : a.status === 'pass'
        ? notice('success', h('p', null, h('strong', null, 'Pass. '), 'Every group that could be judged met the thresholds.'))
        : notice('warn', h('p', null, h('strong', null, 'Inconclusive. '), 'Too few decisions per group to judge; see the exclusions in the table.'));
  const csv = h('div', { 'aria-live': 'polite' });
  return [
    verdict,
    facts([
      ['Model', a.model ? `${a.model}${a.version ? `@${a.version}` : ' (every version)'}` : 'uploaded data set'],
      ['Source', `${a.source} (${a.scope === 'platform' ? 'every tenant' : `tenant ${a.tenantId}`}), ${a.trigger === 'schedule' ? 'scheduled' : 'on request'}`],
      ['Window', a.window ? `${time(a.window.from)} to ${time(a.window.to)}` : a.data.description ?? '—'],
      ['Decisions', `${count(a.total.n)}${a.data.withAttributes !== undefined ? ` (${count(a.data.withAttributes)} with consented attributes)` : ''}`],
      ['Favourable outcome', JSON.stringify(a.favorable)],
      ['Overall selection rate', percent(a.total.selectionRate?.value)],
      ['Impact-ratio threshold', threshold === null ? 'off' : String(threshold)],
      ['Status', badge(a.status)],
      ['Data hash', h('span', { class: 'mono', title: a.dataHash }, shortHash(a.dataHash, 24))],
      ['Run', `${time(a.createdAt)} by ${a.requestedBy}`],
    ]),
    h(
      'div',
      { class: 'actions' },
      button('Download groups as CSV', async () => {
        try {
          const r = await download(`/v1/fairness/audits/${a.id}`, { format: 'csv' }, `bias-audit-${a.id}.csv`, () => undefined);
          replace(csv, notice('success', h('p', null, `Saved ${r.filename} (${count(r.lines)} lines).`)));
        } catch (error) {
          replace(csv, errorNotice(error, 'The download'));
        }
      }, 'secondary'),
    ),
    csv,
    ...(figures.length ? figures.map((f) => groupingSection(f)) : [empty('This audit has no groups.', 'Audit again with protected attributes that subjects consented to give.')]),
    breachesSection(a),
  ];
}

function groupingSection(f: GroupingFigure): HTMLElement {
  const rated = f.groups.filter((g) => g.rate);
  const thresholdText = f.threshold === null ? 'no threshold' : f.threshold === 0.8 ? '0.8 (four-fifths rule)' : String(f.threshold);
  return h(
    'section',
    { class: 'grouping', 'aria-label': `By ${f.title}` },
    h('h2', null, `By ${f.title}`),
    f.unknown ? h('p', { class: 'muted' }, `${count(f.unknown)} decision(s) without a known ${f.title} are left out of this grouping.`) : null,
    rated.length
      ? intervalChart({
          title: `Selection rate by ${f.title}, with 95 % confidence intervals`,
          description: rated.map((g) => `${g.label}: ${decimal(g.rate!.value)} (${decimal(g.rate!.lower)} to ${decimal(g.rate!.upper)}), n = ${g.n}`).join('; '),
          rows: rated.map((g) => ({ label: g.label, value: g.rate!.value, lower: g.rate!.lower, upper: g.rate!.upper, note: `n = ${g.n}` })),
          format: (v) => decimal(v),
          valueLabel: 'Selection rate',
        })
      : null,
    ratioChart({
      title: `Impact ratio by ${f.title}, against the most-favoured group`,
      description: `${f.groups.map((g) => `${g.label}: ${decimal(g.impactRatio, 2)}${g.pass === false ? ' fails' : ''}`).join('; ')}. Threshold ${thresholdText}.`,
      rows: f.groups.map((g) => ({ label: g.label, value: g.impactRatio, pass: g.isReference ? null : g.pass, reference: g.isReference, note: g.isReference ? 'most-favoured group' : g.excluded ?? '' })),
      threshold: f.threshold,
      thresholdLabel: f.threshold === null ? '' : `${f.threshold} threshold`,
    }),
    pagedTable({
      caption: `Groups by ${f.title}`,
      rows: f.groups,
      columns: [
        { label: 'Group', cell: (g) => g.label },
        { label: 'Decisions', numeric: true, cell: (g) => count(g.n) },
        { label: 'Favourable', numeric: true, cell: (g) => count(g.selected) },
        { label: 'Selection rate [95 % CI]', numeric: true, cell: (g) => (g.rate ? `${decimal(g.rate.value)} [${decimal(g.rate.lower)}, ${decimal(g.rate.upper)}]` : '—') },
        { label: 'Impact ratio', numeric: true, cell: (g) => decimal(g.impactRatio, 3) },
        { label: 'Verdict', cell: (g) => (g.isReference ? 'reference' : g.pass === null ? (g.excluded ? 'not judged' : '—') : badge(g.pass ? 'pass' : 'FAIL', g.pass ? 'pass' : 'breach')) },
        { label: 'p-value', numeric: true, cell: (g) => pValue(g.pValue) },
        { label: 'Note', cell: (g) => g.excluded ?? (g.significant === true ? 'significant' : '') },
      ],
    }),
  );
}

/** Every failed verdict, impact ratios and the other metrics the audit judged alike. */
function breachesSection(a: Audit): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'breaches-h' },
    h('h2', { id: 'breaches-h' }, 'Failed verdicts'),
    pagedTable({
      caption: 'Every metric that failed its threshold',
      rows: a.breaches,
      empty: empty('No verdict failed.', 'Groups too small to judge are listed as not judged in the tables above; a larger window gives them enough decisions.'),
      columns: [
        { label: 'Metric', cell: (b) => b.metric },
        { label: 'Group', cell: (b) => b.grouping.map((g) => b.group[g]).join(' · ') },
        { label: 'Against', cell: (b) => b.grouping.map((g) => b.reference[g]).join(' · ') },
        { label: 'Value', numeric: true, cell: (b) => decimal(b.value, 3) },
        { label: 'Threshold', numeric: true, cell: (b) => String(b.threshold) },
        { label: 'p-value', numeric: true, cell: (b) => pValue(b.pValue) },
        { label: 'Why', cell: (b) => h('details', null, h('summary', null, 'Reason'), b.reason) },
      ],
    }),
  );
}

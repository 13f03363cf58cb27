import { get } from '../lib/api.js';
import { columnsChart } from '../lib/charts.js';
import { h, replace } from '../lib/dom.js';
import { earningsSeries, periodsBetween, type EarningsPoint } from '../lib/earnings.js';
import { count, day, decimalsFor, money, shortHash, time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { empty, errorNotice, field, loading, pageHeading, pagedTable, select } from '../lib/ui.js';

interface Earnings {
  partyId: string | null;
  from: string;
  to: string;
  interval: 'day' | 'month';
  totals: { currency: string; allocations: number; amount: number }[];
  models: { partyId: string; versionId: string; model: string; version: string; currency: string; allocations: number; amount: number }[];
  series: EarningsPoint[];
}

interface Statement {
  settlementId: string;
  partyId: string;
  currency: string;
  period: { from: string; to: string };
  lines: { versionId: string; allocations: number; amount: number }[];
  total: number;
  carriedIn: number;
  hash: string;
}

const RANGES: [string, string][] = [
  ['30d', 'Last 30 days, by day'],
  ['90d', 'Last 90 days, by day'],
  ['12m', 'Last 12 months, by month'],
];

export async function renderEarnings(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const range = RANGES.some(([r]) => r === ctx.query.get('range')) ? ctx.query.get('range')! : '30d';
  const pick = select(RANGES, range, 'range');
  pick.addEventListener('change', () => ctx.navigate(`#/earnings?range=${pick.value}`));
  const earningsBox = h('section', { 'aria-labelledby': 'earn-h' }, h('h2', { id: 'earn-h' }, 'Earnings per model'), loading('Loading earnings…'));
  const statementsBox = h('section', { 'aria-labelledby': 'stmt-h' }, h('h2', { id: 'stmt-h' }, 'Statements'), loading('Loading statements…'));
  const who = ctx.session.partyName ? `for ${ctx.session.partyName}` : ctx.session.role === 'admin' ? 'for every rights-holder' : '';
  replace(
    view,
    ...pageHeading('Earnings and statements', `What models earned ${who}: your share of every charged call, as it accrues, and the statements of closed periods.`),
    h('form', { class: 'filters', on: { submit: (e) => e.preventDefault() } }, field('Period', pick)),
    earningsBox,
    statementsBox,
  );
  const interval = range === '12m' ? 'month' : 'day';
  const tomorrow = new Date(Date.now() + 86_400_000);
  const start = new Date(tomorrow);
  if (range === '12m') start.setUTCMonth(start.getUTCMonth() - 12);
  else start.setUTCDate(start.getUTCDate() - (range === '90d' ? 90 : 30));
  const [from, to] = [day(start), day(tomorrow)];
  const versions = new Map<string, string>();
  const statements = get<Statement[]>('/v1/revenue/statements');
  // An admin reads every rights-holder's lines: each is named.
  const parties =
    ctx.session.role === 'admin'
      ? await get<{ id: string; name: string }[]>('/v1/admin/parties')
          .then((list) => new Map(list.map((p) => [p.id, p.name])))
          .catch(() => new Map<string, string>())
      : null;
  statements.catch(() => undefined); // handled below, once the earnings are shown
  // Statements name versions by id; the earnings say which model and version each id is, so they render first.
  await get<Earnings>('/v1/revenue/earnings', { from, to, interval })
    .then((e) => {
      for (const m of e.models) versions.set(m.versionId, `${m.model}@${m.version}`);
      replace(earningsBox, earningsBox.firstElementChild!, ...earningsView(e, parties));
    })
    .catch((error) => replace(earningsBox, earningsBox.firstElementChild!, errorNotice(error, 'Loading earnings')));
  await statements
    .then((list) => replace(statementsBox, statementsBox.firstElementChild!, statementsView(list, versions, parties)))
    .catch((error) => replace(statementsBox, statementsBox.firstElementChild!, errorNotice(error, 'Loading statements')));
}

function earningsView(e: Earnings, parties: Map<string, string> | null): HTMLElement[] {
  if (!e.models.length) {
    return [empty('No earnings in this period.', 'Earnings appear as tenants make charged calls to models you hold rights in. Choose a longer period, or ask an admin whether your revenue shares are set.')];
  }
  const periods = periodsBetween(e.from, e.to, e.interval);
  return [
    ...earningsSeries(e.series, periods).map((c) =>
      columnsChart({
        title: `Earnings in ${c.currency} per ${e.interval}, by model`,
        description: `${money(c.total, c.currency)} in total from ${e.from} to ${e.to}, split by model.`,
        periods: c.periods,
        series: c.series,
        format: (v) => money(v, c.currency),
        axisFormat: (v, step) => (v / 1_000_000).toFixed(decimalsFor(step / 1_000_000)),
        periodLabel: (p) => (e.interval === 'month' ? p.slice(0, 7) : p.slice(5)),
      }),
    ),
    pagedTable({
      caption: `Totals from ${e.from} to ${e.to} (exclusive)`,
      rows: e.models,
      columns: [
        ...(parties ? [{ label: 'Rights-holder', cell: (m: Earnings['models'][number]) => parties.get(m.partyId) ?? shortHash(m.partyId, 8) }] : []),
        { label: 'Model', cell: (m) => `${m.model}@${m.version}` },
        { label: 'Charged calls shared', numeric: true, cell: (m) => count(m.allocations) },
        { label: 'Earned', numeric: true, cell: (m) => money(m.amount, m.currency) },
      ],
    }),
  ];
}

function statementsView(statements: Statement[], versions: Map<string, string>, parties: Map<string, string> | null): HTMLElement {
  return pagedTable({
    caption: 'Statements of closed periods, newest first',
    rows: statements,
    pageSize: 10,
    empty: empty('No statements yet.', 'A statement is issued for each closed period once an admin settles it (POST /v1/admin/settlements); until then earnings accrue above.'),
    columns: [
      { label: 'Period', cell: (s) => `${time(s.period.from)} to ${time(s.period.to)}` },
      ...(parties ? [{ label: 'Rights-holder', cell: (s: Statement) => parties.get(s.partyId) ?? shortHash(s.partyId, 8) }] : []),
      { label: 'Lines', cell: (s) => h('ul', { class: 'plain' }, s.lines.map((l) => h('li', null, `${versions.get(l.versionId) ?? shortHash(l.versionId, 8)}: ${money(l.amount, s.currency)} (${count(l.allocations)} calls)`))) },
      { label: 'Total', numeric: true, cell: (s) => money(s.total, s.currency) },
      { label: 'Hash', cell: (s) => h('span', { class: 'mono', title: s.hash }, shortHash(s.hash, 12)) },
    ],
  });
}

import { get, post } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { can } from '../lib/session.js';
import { badge, button, empty, errorNotice, field, loading, notice, pageHeading, pagedTable, select } from '../lib/ui.js';

interface Review {
  id: string;
  tenantId: string;
  requestId: string;
  model: string;
  version: string;
  rules: string[];
  outputs: { label?: string }[];
  /** The call's rows the review holds, in the order of `outputs`. */
  rows: number[];
  /** The output fields the call's answer left out; a tenant's reviewer reads the outputs without them. */
  withheld: string[] | null;
  status: string;
  decision: { labels: string[] } | null;
  reason: string | null;
  reviewer: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** Each held row of the call (numbered from 1, as people count) with the model's answer for it. */
const labelsOf = (r: Review): string => r.outputs.map((o, i) => `row ${(r.rows[i] ?? i) + 1}: ${o.label ?? (r.withheld?.includes('label') ? 'withheld' : '?')}`).join(', ');

/** The labels each model version held for review answers with: what an override may choose from. */
async function labelsByVersion(reviews: Review[]): Promise<Map<string, string[]>> {
  const byVersion = new Map<string, string[]>();
  await Promise.all(
    [...new Set(reviews.map((r) => r.model))].map(async (model) => {
      const detail = await get<{ versions: { version: string; output: { labels: string[] } }[] }>(`/v1/models/${encodeURIComponent(model)}`).catch(() => null);
      for (const v of detail?.versions ?? []) byVersion.set(`${model}@${v.version}`, v.output.labels);
    }),
  );
  return byVersion;
}

export async function renderReviews(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const status = ['open', 'confirmed', 'overridden', 'all'].includes(ctx.query.get('status') ?? '') ? ctx.query.get('status')! : 'open';
  const pick = select([['open', 'Open'], ['confirmed', 'Confirmed'], ['overridden', 'Overridden'], ['all', 'All']], status, 'status');
  pick.addEventListener('change', () => ctx.navigate(`#/reviews?status=${pick.value}`));
  const body = h('div', null, loading('Loading the review queue…'));
  const reviewer = can(ctx.session, 'review:Review');
  replace(
    view,
    ...pageHeading('Review queue', 'Decisions a policy held for a person (human oversight, EU AI Act Art. 14). A reviewer confirms each or overrides it, with a reason that goes into the audit log.'),
    h('form', { class: 'filters', on: { submit: (e) => e.preventDefault() } }, field('Show', pick)),
    body,
  );
  try {
    const reviews = await get<Review[]>('/v1/reviews', { status: status === 'all' ? undefined : status, limit: 500 });
    const labels = reviewer ? await labelsByVersion(reviews.filter((r) => r.status === 'open')) : new Map<string, string[]>();
    replace(
      body,
      pagedTable({
        caption: `${status === 'all' ? 'All' : status[0].toUpperCase() + status.slice(1)} reviews, newest first`,
        rows: reviews,
        pageSize: 10,
        empty:
          status === 'open'
            ? empty('No decision is waiting for review.', 'Decisions a policy sends for human review (the human_review obligation) appear here as tenants make them.')
            : empty(`No ${status === 'all' ? '' : `${status} `}reviews.`, 'Choose another status above.'),
        columns: [
          { label: 'Held since', cell: (r) => time(r.createdAt) },
          { label: 'Model', cell: (r) => `${r.model}@${r.version}` },
          { label: 'Model’s answer', cell: (r) => labelsOf(r) },
          { label: 'Rules', cell: (r) => r.rules.join(', ') },
          { label: 'Tenant', cell: (r) => h('span', { class: 'mono' }, r.tenantId.slice(0, 8)) },
          { label: 'Status', cell: (r) => badge(r.status) },
          { label: reviewer ? 'Decide' : 'Outcome', cell: (r) => (r.status === 'open' && reviewer ? decideForm(r, labels.get(`${r.model}@${r.version}`), ctx) : r.decidedAt ? `${r.decision ? `overridden to ${r.decision.labels.join(', ')}` : 'confirmed'}: ${r.reason ?? ''}` : '—') },
        ],
      }),
    );
  } catch (error) {
    replace(body, errorNotice(error, 'Loading reviews'));
  }
}

function decideForm(r: Review, known: string[] | undefined, ctx: ViewContext): HTMLElement {
  const reason = h('input', { type: 'text', minlength: 3, maxlength: 2000 });
  // One choice per held row, among the model's labels (free text only when they could not be read).
  const choices = r.outputs.map((o) => (known ? select(known.map((l) => [l, l]), o.label ?? known[0]) : h('input', { type: 'text', value: o.label ?? '' })));
  const out = h('div', { 'aria-live': 'polite' });
  const decide = async (action: 'confirm' | 'override') => {
    if (reason.value.trim().length < 3) {
      reason.setAttribute('aria-invalid', 'true');
      replace(out, notice('error', h('p', null, 'Give a reason (at least 3 characters).')));
      reason.focus();
      return;
    }
    const body: Record<string, unknown> = { action, reason: reason.value.trim() };
    if (action === 'override') body.labels = choices.map((c) => c.value.trim());
    try {
      await post(`/v1/reviews/${r.id}/decision`, body);
      ctx.reload(notice('success', h('p', null, `Review of ${r.model}@${r.version} (held ${time(r.createdAt)}) ${action === 'confirm' ? 'confirmed' : 'overridden'}.`)));
    } catch (error) {
      replace(out, errorNotice(error, action === 'confirm' ? 'Confirming' : 'Overriding'));
    }
  };
  return h(
    'div',
    null,
    field(`Reason for review ${r.id.slice(0, 8)}`, reason),
    ...choices.map((choice, i) => field(`Label for row ${(r.rows[i] ?? i) + 1} of review ${r.id.slice(0, 8)}`, choice)),
    // A label withheld from this reader cannot be confirmed unseen, only overridden (the API refuses the confirmation).
    h('div', { class: 'actions' }, ...(r.outputs.every((o) => o.label !== undefined) ? [button('Confirm', () => void decide('confirm'))] : []), button('Override', () => void decide('override'), 'secondary')),
    out,
  );
}

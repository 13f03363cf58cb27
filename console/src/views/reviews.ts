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
  status: string;
  decision: { labels: string[] } | null;
  reason: string | null;
  reviewer: string | null;
  createdAt: string;
  decidedAt: string | null;
}

const labelsOf = (r: Review): string => r.outputs.map((o) => o.label ?? '?').join(', ');

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
          { label: reviewer ? 'Decide' : 'Outcome', cell: (r) => (r.status === 'open' && reviewer ? decideForm(r, ctx) : r.decidedAt ? `${r.decision ? `overridden to ${r.decision.labels.join(', ')}` : 'confirmed'}: ${r.reason ?? ''}` : '—') },
        ],
      }),
    );
  } catch (error) {
    replace(body, errorNotice(error, 'Loading reviews'));
  }
}

function decideForm(r: Review, ctx: ViewContext): HTMLElement {
  const reason = h('input', { type: 'text', minlength: 3, maxlength: 2000 });
  const labels = h('input', { type: 'text', placeholder: labelsOf(r) });
  const out = h('div', { 'aria-live': 'polite' });
  const decide = async (action: 'confirm' | 'override') => {
    if (reason.value.trim().length < 3) {
      reason.setAttribute('aria-invalid', 'true');
      replace(out, notice('error', h('p', null, 'Give a reason (at least 3 characters).')));
      reason.focus();
      return;
    }
    const body: Record<string, unknown> = { action, reason: reason.value.trim() };
    if (action === 'override') body.labels = labels.value.split(',').map((l) => l.trim()).filter(Boolean);
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
    field('Override with labels (one per row)', labels),
    h('div', { class: 'actions' }, button('Confirm', () => void decide('confirm')), button('Override', () => void decide('override'), 'secondary')),
    out,
  );
}

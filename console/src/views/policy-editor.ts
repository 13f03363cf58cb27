import { get, post } from '../lib/api.js';
import { append, h, replace } from '../lib/dom.js';
import { count } from '../lib/format.js';
import { badge, button, empty, errorNotice, field, link, loading, notice, pageHeading, pagedTable, progress, select, withElapsed } from '../lib/ui.js';
import { diffView, type PolicyDiff, type PolicyVersion } from './policies.js';

interface ValidationResult {
  valid: boolean;
  errors: { line: number; column: number; path: string; message: string }[];
}

interface Outcome {
  allowed: boolean;
  code: string;
  rules: string[];
  obligations: string[];
}

interface DryRun {
  version: number;
  against: number | null;
  total: number;
  changed: number;
  newlyDenied: number;
  newlyAllowed: number;
  obligationsChanged: number;
  suppressChanged: number;
  wouldRequireReason: number;
  notReplayable: { rule: string; paths: string[]; reason: string }[];
  byRule: Record<string, { newlyDenied: number; newlyAllowed: number; obligationsChanged: number; suppressChanged: number }>;
  examples: { id: string; before: Outcome; after: Outcome; rules: string[] }[];
}

const outcome = (o: Outcome): string => `${o.allowed ? 'allow' : `deny (${o.code})`}${o.obligations.length ? ` + ${o.obligations.join(', ')}` : ''}`;

export async function renderPolicyEditor(view: HTMLElement): Promise<void> {
  const source = h('textarea', { name: 'source', spellcheck: 'false', rows: 28 });
  const reason = h('input', { type: 'text', name: 'reason', minlength: 3, maxlength: 1000, placeholder: 'Why this change' });
  const replay = select([['100', 'last 100 calls'], ['1000', 'last 1,000 calls'], ['10000', 'last 10,000 calls']], '1000', 'last');
  const feedback = h('div', { 'aria-live': 'polite' });
  const review = h('div');
  const drafts = h('div');
  const form = h(
    'form',
    { 'aria-labelledby': 'editor-h' },
    field('Policy (YAML)', source, 'The format is described in docs/policies.md. Starts from the version in force.'),
    h('div', { class: 'form-grid' }, field('Reason for this version', reason), field('Dry-run against', replay)),
    h('div', { class: 'actions' }, button('Validate', () => void validate()), h('button', { type: 'submit' }, 'Save draft and dry-run')),
  );
  replace(
    view,
    ...pageHeading('Policy editor', 'Write a new version, check it, and see what it would change on recorded traffic before it is put in force. Nothing changes until you activate.'),
    h('section', { class: 'panel' }, h('h2', { id: 'editor-h' }, 'New version'), form, feedback),
    review,
    drafts,
  );

  const validate = async (): Promise<boolean> => {
    try {
      const result = await post<ValidationResult>('/v1/admin/policies/validate', { source: source.value });
      if (result.valid) {
        source.removeAttribute('aria-invalid');
        replace(feedback, notice('success', h('p', null, 'The policy is valid.')));
        return true;
      }
      source.setAttribute('aria-invalid', 'true');
      replace(
        feedback,
        notice(
          'error',
          h('p', null, h('strong', null, `${result.errors.length} problem(s):`)),
          h('ul', { class: 'plain' }, result.errors.map((e) => h('li', null, `Line ${e.line}, column ${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message} `, button(`Go to line ${e.line}`, () => goTo(source, e.line, e.column), 'secondary')))),
        ),
      );
      return false;
    } catch (error) {
      replace(feedback, errorNotice(error, 'Validation'));
      return false;
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (reason.value.trim().length < 3) {
      reason.setAttribute('aria-invalid', 'true');
      replace(feedback, notice('error', h('p', null, 'Give a reason of at least 3 characters: it is kept with the version.')));
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    if (!(await validate())) return;
    try {
      const draft = await post<PolicyVersion>('/v1/admin/policies', { source: source.value, reason: reason.value.trim() });
      replace(feedback, notice('success', h('p', null, `Saved as draft version ${draft.version}. It is not in force.`)));
      await showReview(review, draft.version, Number(replay.value));
    } catch (error) {
      replace(feedback, errorNotice(error, 'Saving the draft'));
    }
  });

  try {
    const [active, all] = await Promise.all([get<{ source: string; version: number }>('/v1/policies/active').catch(() => null), get<PolicyVersion[]>('/v1/policies')]);
    source.value = active?.source ?? 'name: my-policy\nrules: []\n';
    const open = all.filter((p) => p.status === 'draft');
    if (open.length) {
      const pick = select(open.map((p) => [String(p.version), `Version ${p.version}: ${p.reason}`]), String(open[0].version), 'draft');
      replace(
        drafts,
        h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Drafts not yet in force'),
          h('div', { class: 'form-grid' }, field('Draft', pick), h('div', { class: 'actions' }, button('Dry-run this draft', () => void showReview(review, Number(pick.value), Number(replay.value)), 'secondary'))),
        ),
      );
    }
  } catch (error) {
    replace(feedback, errorNotice(error, 'Loading the policy in force'));
  }
}

function goTo(textarea: HTMLTextAreaElement, line: number, column: number): void {
  const lines = textarea.value.split('\n');
  const offset = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, column - 1);
  textarea.focus();
  textarea.setSelectionRange(offset, offset);
}

/** The dry-run and diff of a draft, then the button that puts it in force. */
async function showReview(box: HTMLElement, version: number, last: number): Promise<void> {
  const bar = progress('Dry-run progress');
  replace(box, h('section', { class: 'panel', 'aria-labelledby': 'review-h' }, h('h2', { id: 'review-h', tabindex: -1 }, `Review draft version ${version}`), bar.element));
  const panel = box.firstElementChild as HTMLElement;
  let report: DryRun;
  let diff: PolicyDiff;
  try {
    [report, diff] = await withElapsed(bar, `Replaying the last ${count(last)} recorded calls through version ${version} and the policy in force`, () =>
      Promise.all([post<DryRun>(`/v1/admin/policies/${version}/dry-run`, { last }), get<PolicyDiff>(`/v1/policies/${version}/diff`)]),
    );
    bar.finish(`Dry-run complete: ${count(report.total)} recorded decisions replayed.`);
  } catch (error) {
    bar.fail('The dry-run did not finish.');
    panel.append(errorNotice(error, 'The dry-run'));
    return;
  }
  const reason = h('input', { type: 'text', name: 'activationReason', minlength: 3, maxlength: 1000 });
  const out = h('div', { 'aria-live': 'polite' });
  const activate = button(`Activate version ${version}`, async () => {
    if (reason.value.trim().length < 3) {
      reason.setAttribute('aria-invalid', 'true');
      replace(out, notice('error', h('p', null, 'Give a reason for putting this version in force (at least 3 characters).')));
      reason.focus();
      return;
    }
    activate.disabled = true;
    try {
      const active = await post<PolicyVersion>(`/v1/admin/policies/${version}/activate`, { reason: reason.value.trim() });
      replace(out, notice('success', h('p', null, `Version ${active.version} is now in force on every instance. `, link(`#/policies/${active.version}`, 'See it in the policy history'), '.')));
    } catch (error) {
      activate.disabled = false;
      replace(out, errorNotice(error, 'Activation'));
    }
  });
  const rules = Object.entries(report.byRule);
  append(panel, [
    h(
      'ul',
      { class: 'tiles', 'aria-label': 'Dry-run result' },
      [
        [count(report.total), 'decisions replayed'],
        [count(report.changed), 'would change'],
        [count(report.newlyDenied), report.wouldRequireReason ? `newly denied (${count(report.wouldRequireReason)} for giving no reason)` : 'newly denied'],
        [count(report.newlyAllowed), 'newly allowed'],
        [count(report.obligationsChanged), 'obligations changed'],
      ].map(([value, label]) => h('li', { class: 'tile' }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label))),
    ),
    report.notReplayable.length
      ? notice(
          'warn',
          h('p', null, 'The dry-run could not replay these rules as activation would apply them; its counts may miss what they change:'),
          h('ul', null, report.notReplayable.map((n) => h('li', null, h('code', null, n.rule), n.paths.length ? ` (${n.paths.join(', ')})` : null, `: ${n.reason}`))),
        )
      : null,
    report.total === 0 ? empty('No recorded calls to replay.', 'The dry-run has nothing to compare yet; check the rule changes below before activating.') : null,
    rules.length
      ? pagedTable({
          caption: 'Impact by rule',
          rows: rules,
          columns: [
            { label: 'Rule', cell: ([rule]) => h('code', null, rule) },
            { label: 'Newly denied', numeric: true, cell: ([, r]) => count(r.newlyDenied) },
            { label: 'Newly allowed', numeric: true, cell: ([, r]) => count(r.newlyAllowed) },
            { label: 'Obligations changed', numeric: true, cell: ([, r]) => count(r.obligationsChanged) },
          ],
        })
      : null,
    report.examples.length
      ? pagedTable({
          caption: 'Examples of decisions that would change',
          rows: report.examples,
          pageSize: 5,
          columns: [
            { label: 'Recorded call', cell: (e) => h('span', { class: 'mono' }, e.id) },
            { label: 'Now', cell: (e) => badge(outcome(e.before), e.before.allowed ? 'allow' : 'deny') },
            { label: 'With the draft', cell: (e) => badge(outcome(e.after), e.after.allowed ? 'allow' : 'deny') },
            { label: 'Because of', cell: (e) => e.rules.join(', ') },
          ],
        })
      : null,
    h('h3', null, 'Rule changes against the version in force'),
    diffView(diff),
    h('h3', null, 'Put it in force'),
    h('div', { class: 'form-grid' }, field('Reason for activation', reason), h('div', { class: 'actions' }, activate)),
    out,
  ]);
  panel.querySelector<HTMLElement>('#review-h')?.focus();
}

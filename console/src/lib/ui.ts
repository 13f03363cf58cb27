import { ApiError } from './api.js';
import { h, replace, uid, type Child } from './dom.js';
import { count } from './format.js';

/** The page heading; the router moves focus to it after each navigation. */
export function pageHeading(title: string, lead?: Child): Child[] {
  return [h('h1', { tabindex: -1, id: 'page-title' }, title), lead ? h('p', { class: 'lead' }, lead) : null];
}

/** An empty state always says what to do next. */
export function empty(what: string, next: Child): HTMLElement {
  return h('div', { class: 'empty', role: 'status' }, h('p', null, h('strong', null, what)), h('p', null, next));
}

export function notice(kind: 'info' | 'success' | 'error' | 'warn', ...content: Child[]): HTMLElement {
  return h('div', { class: `notice ${kind === 'info' ? '' : kind}`.trim(), role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** An error as a person can act on it: the message, the code, and the request id to quote. */
export function errorNotice(error: unknown, doing?: string): HTMLElement {
  if (error instanceof ApiError) {
    const fields = (error.details?.fields as { field: string; message: string }[] | undefined) ?? [];
    return notice(
      'error',
      h('p', null, h('strong', null, doing ? `${doing} failed: ` : ''), error.message),
      fields.length > 1 ? h('ul', { class: 'plain' }, fields.map((f) => h('li', null, `${f.field}: ${f.message}`))) : null,
      h('p', { class: 'muted' }, `${error.status} ${error.code}${error.requestId ? ` · request ${error.requestId}` : ''}`),
    );
  }
  return notice('error', h('p', null, h('strong', null, doing ? `${doing} failed: ` : ''), error instanceof Error ? error.message : String(error)));
}

export function badge(text: string, kind = text): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}

export function loading(text = 'Loading…'): HTMLElement {
  return h('p', { class: 'muted', role: 'status' }, text);
}

export function facts(pairs: [string, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', null, term), h('dd', null, value ?? '—')]));
}

/** A labelled control: the label names it for assistive technology and for tests. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  control.id ||= uid('f');
  const hintId = hint ? uid('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const isCheck = control instanceof HTMLInputElement && control.type === 'checkbox';
  const labelEl = h('label', { for: control.id }, label);
  return h('div', { class: isCheck ? 'field check' : 'field' }, isCheck ? [control, labelEl] : [labelEl, control], hintId ? h('span', { class: 'hint', id: hintId }, hint) : null);
}

export function select(options: [value: string, label: string][], value = '', name?: string): HTMLSelectElement {
  const el = h('select', { name }, options.map(([v, l]) => h('option', { value: v }, l)));
  el.value = value;
  return el;
}

export function button(label: string, onClick: (event: MouseEvent) => void, kind: '' | 'secondary' | 'danger' = '', type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  return h('button', { type, class: kind || null, on: { click: onClick } }, label);
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  numeric?: boolean;
}

/** A table that pages through rows held in the browser. */
export function pagedTable<T>(options: { caption: string; columns: Column<T>[]; rows: T[]; pageSize?: number; empty?: HTMLElement }): HTMLElement {
  const { caption, columns, rows } = options;
  if (!rows.length && options.empty) return options.empty;
  const size = options.pageSize ?? 20;
  const pages = Math.max(1, Math.ceil(rows.length / size));
  let page = 0;
  const body = h('tbody');
  const status = h('span', { role: 'status', class: 'muted' });
  const previous = button('Previous page', () => show(page - 1), 'secondary');
  const next = button('Next page', () => show(page + 1), 'secondary');
  const show = (p: number) => {
    page = Math.min(Math.max(p, 0), pages - 1);
    replace(body, rows.slice(page * size, page * size + size).map((row) => h('tr', null, columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.cell(row))))));
    status.textContent = `Page ${page + 1} of ${pages} · ${count(rows.length)} ${rows.length === 1 ? 'row' : 'rows'}`;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  show(0);
  return h(
    'div',
    null,
    h('div', { class: 'table-wrap' }, h('table', null, h('caption', null, caption), h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))), body)),
    pages > 1 ? h('div', { class: 'pager' }, previous, next, status) : h('p', { class: 'muted' }, status),
  );
}

export interface Progress {
  element: HTMLElement;
  /** `total` undefined: indeterminate. */
  update(done: number, total: number | undefined, text: string): void;
  finish(text: string): void;
  fail(text: string): void;
}

/** A progress bar with a spoken status line, for exports, verifications and audits. */
export function progress(label: string): Progress {
  const bar = h('progress', { 'aria-label': label, max: 1 });
  const text = h('span', { role: 'status' });
  const element = h('div', { class: 'progress' }, bar, text);
  return {
    element,
    update(done, total, message) {
      if (total === undefined) bar.removeAttribute('value');
      else {
        bar.max = Math.max(total, 1);
        bar.value = Math.min(done, bar.max);
      }
      text.textContent = message;
    },
    finish(message) {
      bar.max = 1;
      bar.value = 1;
      text.textContent = message;
    },
    fail(message) {
      bar.remove();
      text.textContent = message;
    },
  };
}

/** Runs `work` while a timer keeps an indeterminate progress bar's text fresh. */
export async function withElapsed<T>(p: Progress, what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const tick = () => p.update(0, undefined, `${what}… ${((performance.now() - started) / 1000).toFixed(0)} s`);
  tick();
  const timer = setInterval(tick, 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function link(href: string, text: Child): HTMLAnchorElement {
  return h('a', { href }, text);
}

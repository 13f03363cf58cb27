import { get, post } from '../lib/api.js';
import { h, replace, type Child } from '../lib/dom.js';
import { bytes, count, money, shortHash, time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { can } from '../lib/session.js';
import { badge, empty, errorNotice, facts, field, loading, notice, pageHeading } from '../lib/ui.js';

interface Version {
  name: string;
  version: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: string;
  description: string;
  riskClass: string;
  allowedPurposes: string[];
  sha256: string;
  sizeBytes: number;
  explanation: string;
  card: Record<string, unknown>;
  license: { name: string; spdxId: string | null; commercialUse: boolean; allowedPurposes: string[] | null; forbiddenPurposes: string[]; territories: string[] | null; attribution: string | null; expiresAt: string | null } | null;
  shares: { partyId: string; party: string; basisPoints: number }[];
  lineage: { parent: string; kind: string; basisPoints: number }[];
  price: { currency: string; tiers: { upTo: number | null; perCall: number; perRow: number }[] } | null;
  registeredAt: string;
  registeredBy: string;
}

interface ModelDetail {
  name: string;
  activeVersion: Version | null;
  versions: Version[];
}

/** Where an admin may move a version from its status, as the lifecycle allows (retiring is left to the API: it is final). */
const ACTIONS: Record<string, { to: string; label: string }[]> = {
  draft: [{ to: 'active', label: 'Activate' }],
  active: [{ to: 'suspended', label: 'Suspend' }],
  suspended: [{ to: 'active', label: 'Resume' }],
  retired: [],
};

export async function renderModels(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const body = h('div', null, loading('Loading the model inventory…'));
  replace(view, ...pageHeading('Models', 'The model inventory: what each model is for, its model card, the licence it is offered under and who holds rights in it.'), body);
  try {
    const names = (await get<{ name: string }[]>('/v1/models')).map((m) => m.name);
    if (!names.length) {
      replace(body, empty('No models are registered.', 'An admin registers models with POST /v1/admin/models (ONNX plus manifest); see docs/models.md.'));
      return;
    }
    const models = await Promise.all(names.map((name) => get<ModelDetail>(`/v1/models/${encodeURIComponent(name)}`)));
    replace(body, h('div', { class: 'cards' }, models.map((m) => card(m, ctx))));
  } catch (error) {
    replace(body, errorNotice(error, 'Loading models'));
  }
}

function card(model: ModelDetail, ctx: ViewContext): HTMLElement {
  // The serving version, or else the newest (versions come newest first).
  const shown = model.activeVersion ?? model.versions[0];
  const headingId = `model-${model.name}`;
  return h(
    'article',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, model.name),
    h('p', null, shown.description),
    facts([
      ['Serving', model.activeVersion ? `version ${model.activeVersion.version}` : badge('no active version', 'suspended')],
      ...(model.activeVersion ? [] : ([['Described below', `version ${shown.version} (${shown.status}), the newest`]] as [string, string][])),
      ['Risk class', badge(shown.riskClass, shown.riskClass === 'high' ? 'warn' : 'none')],
      ['Allowed purposes', shown.allowedPurposes.join(', ')],
      ['Explanations', shown.explanation],
      ['ONNX sha256', h('span', { class: 'mono', title: shown.sha256 }, shortHash(shown.sha256, 20))],
      ['Size', bytes(shown.sizeBytes)],
      ['Registered', `${time(shown.registeredAt)} by ${shown.registeredBy}`],
    ]),
    h('h3', null, 'Licence'),
    shown.license
      ? facts([
          ['Licence', `${shown.license.name}${shown.license.spdxId ? ` (${shown.license.spdxId})` : ''}`],
          ['Commercial use', shown.license.commercialUse ? 'allowed' : 'not allowed'],
          ['Purposes', shown.license.allowedPurposes?.join(', ') ?? 'any'],
          ['Territories', shown.license.territories?.join(', ') ?? 'anywhere'],
          ['Expires', shown.license.expiresAt ? time(shown.license.expiresAt) : 'never'],
          ['Attribution', shown.license.attribution ?? '—'],
        ])
      : h('p', { class: 'muted' }, 'No licence is attached to this version.'),
    h('h3', null, 'Rights holders'),
    shown.shares.length
      ? h('ul', { class: 'plain' }, shown.shares.map((s) => h('li', null, `${s.party}: ${(s.basisPoints / 100).toFixed(2)} %`)))
      : h('p', { class: 'muted' }, 'No revenue shares are set.'),
    shown.price ? h('p', null, `Price: ${shown.price.tiers.map((t) => `${money(t.perCall, shown.price!.currency)} per call + ${money(t.perRow, shown.price!.currency)} per row${t.upTo === null ? '' : ` up to ${count(t.upTo)} calls a month`}`).join(', then ')}.`) : h('p', { class: 'muted' }, 'Free of charge.'),
    h('h3', null, 'Versions'),
    versions(model, ctx),
    h('details', null, h('summary', null, 'Model card'), cardFacts(shown.card, 0)),
  );
}

function versions(model: ModelDetail, ctx: ViewContext): HTMLElement {
  const admin = can(ctx.session, 'update:Model');
  const reason = h('input', { type: 'text', name: 'reason', minlength: 3, maxlength: 1000, placeholder: 'e.g. bias audit breach under investigation' });
  const out = h('div', { 'aria-live': 'polite' });
  const change = async (v: Version, to: string, label: string) => {
    if (reason.value.trim().length < 3) {
      reason.setAttribute('aria-invalid', 'true');
      replace(out, notice('error', h('p', null, `Give a reason (at least 3 characters) to ${label.toLowerCase()} ${model.name}@${v.version}: it goes into the audit log.`)));
      reason.focus();
      return;
    }
    try {
      const changed = await post<Version>(`/v1/admin/models/${encodeURIComponent(model.name)}/versions/${encodeURIComponent(v.version)}/status`, { status: to, reason: reason.value.trim() });
      ctx.reload(notice('success', h('p', null, `${model.name}@${v.version} is now ${changed.status}.`)));
    } catch (error) {
      replace(out, errorNotice(error, `${label} ${model.name}@${v.version}`));
    }
  };
  const rows = model.versions.map((v) =>
    h(
      'tr',
      null,
      h('td', null, v.version),
      h('td', null, badge(v.status)),
      h('td', null, v.statusReason ?? '—', h('br'), h('span', { class: 'muted' }, time(v.statusChangedAt))),
      admin ? h('td', null, ACTIONS[v.status]?.map((a) => h('button', { type: 'button', class: a.to === 'suspended' ? 'danger' : null, on: { click: () => void change(v, a.to, a.label) } }, `${a.label} ${v.version}`))) : null,
    ),
  );
  return h(
    'div',
    null,
    h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'visually-hidden' }, `Versions of ${model.name}`), h('thead', null, h('tr', null, ['Version', 'Status', 'Last change', admin ? 'Change' : null].filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, rows))),
    admin ? field(`Reason for a status change of ${model.name}`, reason, 'Recorded in the audit log with the change') : null,
    out,
  );
}

/** A model card as nested definition lists: every field the registrant gave, in their order. */
function cardFacts(value: unknown, depth: number): Child {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ');
    return h('ul', { class: 'plain' }, value.map((v) => h('li', null, cardFacts(v, depth + 1))));
  }
  if (typeof value === 'object') {
    if (depth > 3) return h('code', null, JSON.stringify(value));
    return facts(Object.entries(value as Record<string, unknown>).map(([k, v]) => [humanise(k), cardFacts(v, depth + 1)]));
  }
  return String(value);
}

const humanise = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

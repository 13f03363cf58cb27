import { del, get, post } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { time } from '../lib/format.js';
import type { ViewContext } from '../lib/router.js';
import { badge, button, empty, errorNotice, field, loading, notice, pageHeading, pagedTable, select } from '../lib/ui.js';

interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

interface Key {
  id: string;
  role: string;
  tenantId: string | null;
  partyId: string | null;
  name: string | null;
  scopes: string[];
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

interface Party {
  id: string;
  name: string;
  kind: string;
}

export async function renderTenants(view: HTMLElement, ctx: ViewContext): Promise<void> {
  const tenantsBox = h('section', { 'aria-labelledby': 'tenants-h' }, h('h2', { id: 'tenants-h' }, 'Tenants'), loading());
  const keysBox = h('section', { 'aria-labelledby': 'keys-h' }, h('h2', { id: 'keys-h' }, 'API keys'), loading());
  replace(view, ...pageHeading('Tenants and keys', 'Organisations that call models, and the keys every role signs in with. Keys are stored hashed and shown once, when created.'), tenantsBox, keysBox);
  const showRevoked = ctx.query.get('revoked') === '1';
  try {
    const [tenants, keys, parties] = await Promise.all([get<Tenant[]>('/v1/admin/tenants'), get<Key[]>('/v1/admin/keys', { includeRevoked: showRevoked ? 'true' : undefined }), get<Party[]>('/v1/admin/parties')]);
    const tenantName = new Map(tenants.map((t) => [t.id, t.name]));
    const partyName = new Map(parties.map((p) => [p.id, p.name]));
    replace(
      tenantsBox,
      tenantsBox.firstElementChild!,
      tenantForm(ctx),
      pagedTable({
        caption: 'Tenants',
        rows: tenants,
        pageSize: 10,
        empty: empty('No tenants yet.', 'Create the first one above, then give it a tenant key.'),
        columns: [
          { label: 'Name', cell: (t) => t.name },
          { label: 'Id', cell: (t) => h('span', { class: 'mono' }, t.id) },
          { label: 'Created', cell: (t) => time(t.createdAt) },
        ],
      }),
    );
    const toggle = h('input', { type: 'checkbox', checked: showRevoked });
    toggle.addEventListener('change', () => ctx.navigate(toggle.checked ? '#/tenants?revoked=1' : '#/tenants'));
    replace(
      keysBox,
      keysBox.firstElementChild!,
      keyForm(tenants, parties, ctx),
      field('Show revoked keys', toggle),
      pagedTable({
        caption: showRevoked ? 'Keys, revoked included' : 'Active keys',
        rows: keys,
        pageSize: 10,
        empty: empty('No keys match.', 'Create one above.'),
        columns: [
          { label: 'Key', cell: (k) => h('span', { class: 'mono' }, `${k.prefix}…`) },
          { label: 'Role', cell: (k) => k.role },
          { label: 'For', cell: (k) => (k.tenantId ? `tenant ${tenantName.get(k.tenantId) ?? k.tenantId}` : k.partyId ? `party ${partyName.get(k.partyId) ?? k.partyId}` : '—') },
          { label: 'Name', cell: (k) => k.name ?? '—' },
          { label: 'Scopes', cell: (k) => k.scopes.join(', ') || '—' },
          { label: 'Created', cell: (k) => time(k.createdAt) },
          { label: 'Expires', cell: (k) => (k.expiresAt ? time(k.expiresAt) : 'never') },
          { label: 'State', cell: (k) => (k.revokedAt ? badge('revoked', 'none') : revokeButton(k, ctx)) },
        ],
      }),
    );
  } catch (error) {
    replace(keysBox, keysBox.firstElementChild!, errorNotice(error, 'Loading tenants and keys'));
  }
}

/** Two steps, so that one stray click cannot lock someone out. */
function revokeButton(k: Key, ctx: ViewContext): HTMLElement {
  const out = h('span', { 'aria-live': 'polite' });
  const first = button(`Revoke ${k.prefix}…`, () => {
    replace(
      out,
      button(`Confirm revoking ${k.prefix}…`, async () => {
        try {
          await del(`/v1/admin/keys/${k.id}`);
          ctx.reload(notice('success', h('p', null, `Revoked ${k.prefix}…: it no longer works.`)));
        } catch (error) {
          replace(out, errorNotice(error, 'Revoking the key'));
        }
      }, 'danger'),
      button('Keep it', () => replace(out, first), 'secondary'),
    );
    out.querySelector('button')?.focus();
  }, 'secondary');
  replace(out, first);
  return out;
}

function tenantForm(ctx: ViewContext): HTMLElement {
  const name = h('input', { type: 'text', name: 'tenantName', maxlength: 200, required: true });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'form-grid', 'aria-label': 'Create a tenant' }, field('New tenant name', name), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create tenant')), out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const tenant = await post<Tenant>('/v1/admin/tenants', { name: name.value.trim() });
      ctx.reload(notice('success', h('p', null, `Created tenant ${tenant.name} (${tenant.id}). Give it a tenant key below.`)));
    } catch (error) {
      replace(out, errorNotice(error, 'Creating the tenant'));
    }
  });
  return form;
}

function keyForm(tenants: Tenant[], parties: Party[], ctx: ViewContext): HTMLElement {
  const role = select([['regulator', 'regulator'], ['licensor', 'licensor'], ['tenant', 'tenant'], ['admin', 'admin']], 'regulator', 'role');
  const tenant = select(tenants.map((t) => [t.id, t.name]), tenants[0]?.id ?? '', 'tenantId');
  const party = select(parties.map((p) => [p.id, `${p.name} (${p.kind})`]), parties[0]?.id ?? '', 'partyId');
  const name = h('input', { type: 'text', name: 'keyName', maxlength: 200, placeholder: 'who or what uses it' });
  const reviewer = h('input', { type: 'checkbox', name: 'reviewer' });
  const expires = h('input', { type: 'datetime-local', name: 'expiresAt' });
  const tenantField = field('Tenant', tenant);
  const partyField = field('Party the licensor speaks for', party);
  const reviewerField = field('May review decisions (reviewer scope)', reviewer);
  const sync = () => {
    tenantField.hidden = role.value !== 'tenant';
    reviewerField.hidden = role.value !== 'tenant';
    partyField.hidden = role.value !== 'licensor';
  };
  role.addEventListener('change', sync);
  sync();
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'form-grid', 'aria-label': 'Create an API key' },
    field('Role of the new key', role),
    tenantField,
    partyField,
    field('Key name', name),
    reviewerField,
    field('Expires (optional, your local time)', expires),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create key')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { role: role.value };
    if (role.value === 'tenant') {
      body.tenantId = tenant.value;
      if (reviewer.checked) body.scopes = ['reviewer'];
    }
    if (role.value === 'licensor') body.partyId = party.value;
    if (name.value.trim()) body.name = name.value.trim();
    if (expires.value) body.expiresAt = new Date(expires.value).toISOString();
    try {
      const created = await post<Key & { key: string }>('/v1/admin/keys', body);
      const copy = button('Copy key', () => void navigator.clipboard?.writeText(created.key), 'secondary');
      replace(
        out,
        notice(
          'warn',
          h('p', null, h('strong', null, `New ${created.role} key. `), 'It is shown only now: Warden keeps only its hash. Hand it over through a safe channel.'),
          h('p', { class: 'secret', 'aria-label': 'The new API key' }, created.key),
          h('div', { class: 'actions' }, copy, button('Done: refresh the list', () => ctx.reload(), 'secondary')),
        ),
      );
    } catch (error) {
      replace(out, errorNotice(error, 'Creating the key'));
    }
  });
  return h('div', null, form, out);
}

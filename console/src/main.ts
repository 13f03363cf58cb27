import { ApiError, call, SIGNED_OUT } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { Router, type Route } from './lib/router.js';
import { forgetKey, storedKey, storeKey, type Session } from './lib/session.js';
import { errorNotice, field, notice, pageHeading } from './lib/ui.js';
import { renderAuditLog } from './views/audit-log.js';
import { renderChain } from './views/chain.js';
import { renderEarnings } from './views/earnings.js';
import { renderAudit, renderAudits } from './views/fairness.js';
import { renderModels } from './views/models.js';
import { renderOverview } from './views/overview.js';
import { renderPolicies, renderPolicy } from './views/policies.js';
import { renderPolicyEditor } from './views/policy-editor.js';
import { renderReviews } from './views/reviews.js';
import { renderTenants } from './views/tenants.js';

/** Every page, in the order the section list shows them, with the abilities each needs. */
const ROUTES: Route[] = [
  { id: 'overview', label: 'Overview', group: 'Oversight', path: '/overview', needs: ['read:Report'], render: renderOverview },
  { id: 'models', label: 'Models', group: 'Oversight', path: '/models', needs: ['read:Model'], render: renderModels },
  { id: 'audit', label: 'Audit log', group: 'Oversight', path: '/audit', needs: ['read:AuditLog'], render: renderAuditLog },
  { id: 'chain', label: 'Chain status', group: 'Oversight', path: '/chain', needs: ['read:AuditLog', 'verify:AuditLog'], render: renderChain },
  { id: 'fairness', label: 'Bias audits', group: 'Oversight', path: '/fairness', needs: ['read:BiasAudit'], render: renderAudits },
  { id: 'fairness-audit', label: 'Bias audit', group: 'Oversight', path: '/fairness/:id', pattern: /^\/fairness\/([0-9a-f-]{36})$/, needs: ['read:BiasAudit'], nav: false, render: renderAudit },
  { id: 'policies', label: 'Policy history', group: 'Oversight', path: '/policies', needs: ['read:Policy'], render: renderPolicies },
  { id: 'policy', label: 'Policy version', group: 'Oversight', path: '/policies/:version', pattern: /^\/policies\/(\d+)$/, needs: ['read:Policy'], nav: false, render: renderPolicy },
  { id: 'reviews', label: 'Review queue', group: 'Oversight', path: '/reviews', needs: ['read:Review'], render: renderReviews },
  { id: 'tenants', label: 'Tenants and keys', group: 'Administration', path: '/tenants', needs: ['manage:Tenant', 'read:ApiKey'], render: renderTenants },
  { id: 'policy-editor', label: 'Policy editor', group: 'Administration', path: '/policy-editor', needs: ['create:Policy', 'update:Policy'], render: renderPolicyEditor },
  { id: 'earnings', label: 'Earnings and statements', group: 'Revenue', path: '/earnings', needs: ['read:Statement'], render: renderEarnings },
];

/** Roles this console is for; tenant keys work the API. */
const CONSOLE_ROLES = new Set(['admin', 'regulator', 'licensor']);

const root = document.getElementById('app')!;

// The skip link moves focus to the page's content without changing its address (a `#main` in the
// address is no page, so a reload or a bookmark of it would show nothing).
document.querySelector<HTMLAnchorElement>('a.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
});
let router: Router | null = null;

window.addEventListener(SIGNED_OUT, (event) => {
  const error = (event as CustomEvent<ApiError>).detail;
  signOut(`You were signed out: ${error.message}.`);
});

void boot();

async function boot(): Promise<void> {
  if (!storedKey()) return signIn();
  try {
    const session = await call<Session>('GET', '/v1/console/session');
    if (!CONSOLE_ROLES.has(session.role)) return signOut('Tenant keys are for the API, not this console.');
    shell(session);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return; // the SIGNED_OUT listener shows sign-in
    replace(root, h('main', { id: 'main', tabindex: -1 }, ...pageHeading('Warden console'), errorNotice(error, 'Loading your session')));
  }
}

function signOut(message?: string): void {
  forgetKey();
  router?.stop();
  router = null;
  signIn(message);
}

function signIn(message?: string): void {
  document.title = 'Sign in · Warden console';
  if (location.hash) history.replaceState(null, '', location.pathname);
  const input = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', spellcheck: 'false', required: true });
  const status = h('div', { 'aria-live': 'polite' }, message ? notice('warn', h('p', null, message)) : null);
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    // POST, so that even without this script the key would never land in a URL.
    { method: 'post', action: '/console', 'aria-describedby': 'signin-help' },
    field('API key', input, 'A regulator, admin or licensor key (wdn_…). It stays in this tab and is sent only in the Authorization header.'),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      input.setAttribute('aria-invalid', 'true');
      replace(status, notice('error', h('p', null, 'Enter your API key.')));
      input.focus();
      return;
    }
    submit.disabled = true;
    replace(status, h('p', { class: 'muted', role: 'status' }, 'Checking the key…'));
    try {
      const session = await call<Session>('GET', '/v1/console/session', { key });
      if (!CONSOLE_ROLES.has(session.role)) {
        replace(status, notice('error', h('p', null, 'Tenant keys are for the API, not this console. Sign in with a regulator, admin or licensor key.')));
        return;
      }
      storeKey(key);
      input.value = '';
      shell(session);
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      replace(status, error instanceof ApiError && error.status === 401 ? notice('error', h('p', null, `This key was refused: ${error.message}.`)) : errorNotice(error, 'Signing in'));
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  replace(
    root,
    h(
      'main',
      { id: 'main', tabindex: -1, class: 'signin' },
      h(
        'div',
        { class: 'panel' },
        ...pageHeading('Sign in to the Warden console'),
        h('p', { id: 'signin-help', class: 'muted' }, 'Regulators, admins and licensors sign in with the API key an admin issued them.'),
        status,
        form,
        h('p', { class: 'muted' }, 'No key? An admin creates one under Tenants and keys, or with POST /v1/admin/keys. The first start of Warden prints a bootstrap admin key.'),
      ),
    ),
  );
  input.focus();
}

function shell(session: Session): void {
  const main = h('main', { id: 'main', tabindex: -1 });
  const nav = h('nav', { class: 'sections', 'aria-label': 'Console sections' });
  const home = session.permissions.includes('read:Report') ? '/overview' : session.permissions.includes('read:Statement') ? '/earnings' : '/models';
  router?.stop();
  router = new Router(ROUTES, session, main, nav, home);
  replace(nav, router.navigation());
  const who = session.role === 'licensor' && session.partyName ? `licensor for ${session.partyName}` : session.role;
  replace(
    root,
    h(
      'header',
      { class: 'topbar' },
      h('span', { class: 'product' }, h('img', { src: '/console/icon.svg', alt: '' }), 'Warden console'),
      h('span', { class: 'who' }, 'Signed in as ', h('strong', { 'data-role': session.role }, who)),
      h('button', { type: 'button', on: { click: () => signOut('You signed out.') } }, 'Sign out'),
    ),
    h('div', { class: 'layout' }, nav, main),
  );
  router.start();
}

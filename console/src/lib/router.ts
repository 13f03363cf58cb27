import { h, replace, type Child } from './dom.js';
import { can, type Session } from './session.js';
import { notice, pageHeading } from './ui.js';

export interface ViewContext {
  session: Session;
  /** Path parameters captured by the route's pattern. */
  params: string[];
  /** The part of the hash after `?`: filters that may be bookmarked (never a key). */
  query: URLSearchParams;
  navigate(hash: string): void;
  /** Re-runs the current view after a change, showing `message` under its heading. */
  reload(message?: HTMLElement): void;
}

export interface Route {
  id: string;
  label: string;
  group: 'Oversight' | 'Administration' | 'Revenue';
  /** `/path` or a pattern with capture groups, matched against the hash's path. */
  path: string;
  pattern?: RegExp;
  /** Every permission (`action:Subject`) the view needs; the server checks each call again. */
  needs: string[];
  /** Shown in the section list (detail pages are not). */
  nav?: boolean;
  render(view: HTMLElement, ctx: ViewContext): void | Promise<void>;
}

export function parseHash(hash: string): { path: string; query: URLSearchParams } | null {
  if (!hash.startsWith('#/')) return null;
  const [path, query = ''] = hash.slice(1).split('?', 2);
  return { path: path.replace(/\/+$/, '') || '/', query: new URLSearchParams(query) };
}

/** Hash routing: each navigation renders into a fresh container, so a slow earlier view cannot overwrite a later one. */
export class Router {
  private readonly onHashChange = () => this.render();
  /** A message for the next render of the current page (what a change just did). */
  private flash: HTMLElement | null = null;

  constructor(
    private readonly routes: Route[],
    private readonly session: Session,
    private readonly main: HTMLElement,
    private readonly nav: HTMLElement,
    private readonly home: string,
  ) {}

  start(): void {
    window.addEventListener('hashchange', this.onHashChange);
    this.render();
  }

  stop(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  allowed(route: Route): boolean {
    return can(this.session, ...route.needs);
  }

  private render(): void {
    const parsed = parseHash(location.hash);
    if (!parsed) {
      // No page (an empty address, or an in-page anchor such as `#main` from an old bookmark): home.
      location.replace(`#${this.home}`);
      return;
    }
    if (parsed.path === '/') {
      location.replace(`#${this.home}`);
      return;
    }
    const match = this.match(parsed.path);
    const view = h('div', { class: 'view' });
    replace(this.main, view);
    this.markCurrent(match?.route);
    if (!match) {
      this.title('Page not found');
      replace(view, ...pageHeading('Page not found'), notice('warn', h('p', null, `There is no console page at ${parsed.path}.`)), this.destinations());
    } else if (!this.allowed(match.route)) {
      this.title('Not available to your role');
      replace(
        view,
        ...pageHeading('Not available to your role'),
        notice(
          'error',
          h('p', null, `A ${this.session.role} key cannot open “${match.route.label}”: it needs ${match.route.needs.join(' and ')}. The server refuses these calls too.`),
        ),
        this.destinations(),
      );
    } else {
      this.title(match.route.label);
      const ctx: ViewContext = {
        session: this.session,
        params: match.params,
        query: parsed.query,
        navigate: (hash) => {
          location.hash = hash;
        },
        reload: (message) => {
          this.flash = message ?? null;
          this.render();
        },
      };
      const flash = this.flash;
      this.flash = null;
      const done = match.route.render(view, ctx);
      if (flash) (view.querySelector('.lead') ?? view.querySelector('h1'))?.after(flash);
      if (done instanceof Promise) done.catch((error) => view.append(notice('error', h('p', null, `This page failed to load: ${(error as Error).message}`))));
    }
    view.querySelector<HTMLElement>('#page-title')?.focus();
  }

  private match(path: string): { route: Route; params: string[] } | null {
    for (const route of this.routes) {
      if (route.pattern) {
        const m = route.pattern.exec(path);
        if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
      } else if (route.path === path) return { route, params: [] };
    }
    return null;
  }

  private title(text: string): void {
    document.title = `${text} · Warden console`;
  }

  private markCurrent(current: Route | undefined): void {
    for (const a of this.nav.querySelectorAll('a')) {
      if (current && a.dataset.route === current.id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  private destinations(): HTMLElement {
    const open = this.routes.filter((r) => r.nav !== false && this.allowed(r));
    return h('div', null, h('p', null, 'Pages you can open:'), h('ul', { class: 'plain' }, open.map((r) => h('li', null, h('a', { href: `#${r.path}` }, r.label)))));
  }

  /** The section list, grouped, with only the pages the role may open. */
  navigation(): Child {
    const groups = ['Oversight', 'Administration', 'Revenue'] as const;
    return groups.map((group) => {
      const links = this.routes.filter((r) => r.group === group && r.nav !== false && this.allowed(r));
      if (!links.length) return null;
      const id = `nav-${group.toLowerCase()}`;
      return [h('p', { class: 'group', id }, group), h('ul', { 'aria-labelledby': id }, links.map((r) => h('li', null, h('a', { href: `#${r.path}`, 'data-route': r.id }, r.label))))];
    });
  }
}

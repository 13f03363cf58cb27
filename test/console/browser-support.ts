import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = process.env.WARDEN_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(process.cwd(), 'test-artifacts/console');

/** Why the browser suite is skipped, or null when it runs. Skipping needs WARDEN_SKIP_BROWSER=1, and never happens in CI. */
export function skipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.WARDEN_SKIP_BROWSER === '1' && !process.env.CI) return `WARDEN_SKIP_BROWSER=1 and no Chromium at ${CHROMIUM}`;
  return null;
}

export function missingBrowser(): Error | null {
  if (existsSync(CHROMIUM)) return null;
  return new Error(
    `Chromium is not installed at ${CHROMIUM}, and the console's browser tests need it. Install Debian's browser: ` +
      `apt-get update && apt-get install -y chromium (.ci/run does this). To skip these tests on a machine without it, ` +
      `set WARDEN_SKIP_BROWSER=1 (ignored when CI is set).`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Console errors and uncaught exceptions in the page. */
  errors: string[];
}

/** A fresh browser profile (its own session storage), signed in through the form with `key`. */
export async function signIn(browser: Browser, base: string, key: string): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused call is an expected outcome the page shows; anything else logged as an error is a defect.
    if (m.type() === 'error' && !/status of (401|403|404)/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${base}/console`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
  return { context, page, requests, errors };
}

/** Goes to a console page by its hash and waits for its heading. */
export async function open(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  // Page-side code is given as text: the tests are compiled without the DOM's types.
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

export const navLinks = async (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Console sections' }).getByRole('link').allTextContents();

const NAMED_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'spinbutton', 'slider', 'button', 'link', 'img', 'progressbar', 'figure']);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

/** Controls, links, images and progress bars that assistive technology would announce without a name. */
export async function unnamed(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const bad = nodes.filter((n) => !n.ignored && n.role && NAMED_ROLES.has(n.role.value) && !(n.name?.value ?? '').trim());
    const described: string[] = [];
    for (const n of bad) {
      let html = '';
      if (n.backendDOMNodeId) {
        const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId })) as { object: { objectId?: string } };
        if (object.objectId) {
          const { result } = (await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return this.outerHTML.slice(0, 160); }', returnByValue: true })) as { result: { value: string } };
          html = result.value;
        }
      }
      described.push(`${n.role!.value}: ${html}`);
    }
    return described;
  } finally {
    await cdp.detach();
  }
}

/** The tag, text, label and id of whatever has focus. */
export const focused = (page: Page): Promise<{ tag: string; text: string; label: string; id: string }> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    return { tag: el ? el.tagName.toLowerCase() : '', text: ((el && el.textContent) || '').trim(), label: ((el && el.labels && el.labels[0] && el.labels[0].textContent) || (el && el.getAttribute('aria-label')) || '').trim(), id: (el && el.id) || '' };
  })()`);

/** What the page's own fetch (with the key from session storage) gets for a call. */
export const fetchFromPage = (page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: { error?: { code: string; details?: Record<string, unknown> } } }> =>
  page.evaluate(`(async () => {
    const res = await fetch(${JSON.stringify(url)}, {
      method: ${JSON.stringify(method)},
      headers: { authorization: 'Bearer ' + sessionStorage.getItem('warden.console.apiKey'), 'content-type': 'application/json' },
      body: ${body === undefined ? 'undefined' : JSON.stringify(JSON.stringify(body))},
    });
    return { status: res.status, body: await res.json() };
  })()`);

/** Session and local storage, and cookies, as the page sees them. */
export const storage = (page: Page): Promise<{ session: Record<string, string>; local: number; cookie: string }> =>
  page.evaluate(`({ session: Object.fromEntries(Object.entries(sessionStorage)), local: localStorage.length, cookie: document.cookie })`);

/** Waits until no "Loading…" status is left on the page. */
export const loaded = (page: Page): Promise<void> => until(page, `![...document.querySelectorAll('[role=status]')].some((e) => /^Loading/.test(e.textContent || ''))`);

/**
 * Polls a page-side expression until it is true. (Playwright's waitForFunction compiles its
 * predicate inside the page, which the console's CSP forbids, as it should.)
 */
export async function until(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

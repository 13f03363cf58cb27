/**
 * Building DOM nodes without HTML strings: text is always text, so nothing a server returns can
 * turn into markup. Inline `style` attributes are refused too: the page's CSP forbids them.
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type Attr = string | number | boolean | null | undefined;
type Handlers = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
export type Props = { on?: Handlers } & { [name: string]: Attr | Handlers };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, props: Record<string, Attr> | null = null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, props);
  append(el, children);
  return el;
}

function apply(el: Element, props: Props | Record<string, Attr> | null): void {
  if (!props) return;
  for (const [name, value] of Object.entries(props)) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value as Handlers)) el.addEventListener(event, handler as EventListener);
      continue;
    }
    if (name === 'style') throw new Error('Inline styles are not allowed by the console’s CSP');
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(el: Element | DocumentFragment, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A document-unique id, for label–control and aria-* links. */
export const uid = (prefix = 'c'): string => `${prefix}-${++ids}`;

/// <reference lib="dom" />
// Every value reaches the page through textContent or setAttribute, never as HTML: nothing a
// router, a target name or an API answer contains can become markup or script.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes set with setAttribute (names come from this code, never from data). */
  attrs?: Record<string, string>;
  /** Event listeners. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** Builds an element; string children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class !== undefined) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child))
        : child,
    );
  }
}

/** Replaces everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `<table>` with a header row and one row per item; cells are text or nodes. */
export function table(
  headers: readonly string[],
  rows: ReadonlyArray<readonly Child[]>,
  props: Props = {},
): HTMLTableElement {
  return h(
    'table',
    props,
    h(
      'thead',
      {},
      h('tr', {}, ...headers.map((header) => h('th', { attrs: { scope: 'col' } }, header))),
    ),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

/** A definition list of label/value pairs. */
export function facts(
  pairs: ReadonlyArray<readonly [string, Child]>,
  props: Props = {},
): HTMLDListElement {
  return h(
    'dl',
    { class: `facts ${props.class ?? ''}`.trim(), attrs: props.attrs },
    ...pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/** A number in ms (or any unit) for display; `null` shows as a dash, never as 0. */
export function show(value: unknown, unit = ''): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return `${Math.round(value * 1000) / 1000}${unit}`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

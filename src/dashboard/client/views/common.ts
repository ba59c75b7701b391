import { ApiError } from '../api';
import { facts, h, show } from '../dom';

/** A titled section of a page. */
export function section(title: string, id: string, ...body: HTMLElement[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': `${id}-title`, id } },
    h('h2', { attrs: { id: `${id}-title` } }, title),
    ...body,
  );
}

/** Text for any failure: the API's code and message, or the error's message. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.describe();
  return error instanceof Error ? error.message : 'Something went wrong';
}

export function errorText(error: unknown): HTMLElement {
  return h('p', { class: 'error', attrs: { role: 'alert' } }, describeError(error));
}

/** Nested JSON as label/value pairs (`components.redis.status`), for answers whose shape may grow. */
export function flatFacts(value: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(value).flatMap(([name, inner]): Array<[string, string]> => {
    const label = prefix === '' ? name : `${prefix}.${name}`;
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      return flatFacts(inner as Record<string, unknown>, label);
    return [[label, show(inner)]];
  });
}

export function factList(value: Record<string, unknown>, className?: string): HTMLDListElement {
  return facts(flatFacts(value), { class: className });
}

/** A link to the page of one device and target. */
export function targetLink(device: string, target: string, text: string): HTMLAnchorElement {
  return h(
    'a',
    { attrs: { href: `#/target/${encodeURIComponent(device)}/${encodeURIComponent(target)}` } },
    text,
  );
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

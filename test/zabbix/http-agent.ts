// What Zabbix's HTTP agent sends for an item: macros resolved, query fields, headers, JSON body,
// the item's own timeout, and whether the answer's status is one the item accepts.
import type { Item } from './template.model';
import { seconds } from './template.model';

export interface Macros {
  /** User macros after host-over-template resolution: `{$NAME}` -> value. */
  user: Record<string, string>;
  /** LLD macros of one discovery row: `{#NAME}` -> value. */
  lld?: Record<string, string>;
}

export interface AgentAnswer {
  status: number;
  body: string;
  /** What was requested, for failure messages. */
  request: string;
}

/** Resolves `{$X}` and `{#X}`; an unknown macro is an error (Zabbix would send it literally). */
export function resolveMacros(text: string, macros: Macros, escapeForJson = false): string {
  return text.replace(/\{\$[A-Z0-9_.]+(?::[^}]*)?\}|\{#[A-Z0-9_.]+\}/g, (macro) => {
    const name = macro.startsWith('{$') ? macro.replace(/:[^}]*\}$/, '}') : macro;
    const value = macro.startsWith('{$') ? macros.user[name] : macros.lld?.[name];
    if (value === undefined) throw new Error(`macro ${macro} has no value in "${text}"`);
    return escapeForJson ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/** The URL, method and body Zabbix builds for an HTTP agent item. */
export function buildRequest(
  item: Item,
  macros: Macros,
): { url: string; method: string; headers: Record<string, string>; body?: string } {
  if (item.url === undefined) throw new Error(`${item.key} has no url`);
  const url = new URL(resolveMacros(item.url, macros));
  for (const field of item.query_fields ?? []) {
    url.searchParams.append(resolveMacros(field.name, macros), resolveMacros(field.value, macros));
  }
  const headers = Object.fromEntries(
    (item.headers ?? []).map((header) => [header.name, resolveMacros(header.value, macros)]),
  );
  const body =
    item.posts === undefined
      ? undefined
      : resolveMacros(item.posts, macros, item.post_type === 'JSON');
  return { url: url.toString(), method: item.request_method ?? 'GET', headers, body };
}

/** Sends the item's request with the item's timeout (Zabbix's default is 3 s). */
export async function requestLikeZabbix(item: Item, macros: Macros): Promise<AgentAnswer> {
  const request = buildRequest(item, macros);
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(seconds(item.timeout ?? '3s') * 1000),
  });
  return {
    status: response.status,
    body: await response.text(),
    request: `${request.method} ${request.url}${request.body === undefined ? '' : ` ${request.body}`}`,
  };
}

/** Whether a status is in a Zabbix "Required status codes" list such as `200,201,210-299`. */
export function statusAccepted(statusCodes: string | undefined, status: number): boolean {
  return (statusCodes ?? '200').split(',').some((part) => {
    const [low, high = low] = part.trim().split('-').map(Number);
    return status >= low && status <= high;
  });
}

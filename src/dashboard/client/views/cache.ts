import { type CacheListAnswer, call, get, roleAllows } from '../api';
import { h, replace, show, table } from '../dom';
import { describeError, errorText, factList, section } from './common';
import type { View } from './context';

/** Operators: the result cache's state and entries; admins may also clear it all. */
export const cacheView: View = async (page, context) => {
  if (!roleAllows(context.me.role, 'operator')) {
    replace(
      page,
      h('h1', {}, 'Cache'),
      h('p', { class: 'error' }, 'Managing the cache needs an operator or admin key.'),
    );
    return;
  }
  const status = h('div', {});
  const entries = h('div', {});
  const refresh = async () => {
    await Promise.all([
      get<Record<string, unknown>>('/api/cache/status').then(
        (answer) => replace(status, factList(answer)),
        (error: unknown) => replace(status, errorText(error)),
      ),
      get<CacheListAnswer>('/api/cache').then(
        (answer) => replace(entries, entryTable(answer)),
        (error: unknown) => replace(entries, errorText(error)),
      ),
    ]);
  };
  const act = async (work: () => Promise<string>) => {
    try {
      context.notify(await work());
    } catch (error) {
      context.notify(describeError(error), 'error');
    }
    await refresh();
  };
  const entryTable = (answer: CacheListAnswer): HTMLElement => {
    if (answer.entries.length === 0)
      return h('p', { class: 'muted' }, 'The cache holds no fresh entries.');
    return table(
      ['Key', 'Test', 'Router', 'Target', 'Age', 'Expires in', ''],
      answer.entries.map((entry) => [
        h('code', {}, entry.key),
        entry.test_type,
        entry.mikrotik_host,
        entry.target,
        show(entry.age_seconds, ' s'),
        show(entry.expires_in_seconds, ' s'),
        h(
          'button',
          {
            class: 'secondary small',
            attrs: { type: 'button', 'aria-label': `Delete ${entry.key}` },
            on: {
              click: () =>
                void act(async () => {
                  await call('DELETE', `/api/cache/${encodeURIComponent(entry.key)}`);
                  return `Deleted ${entry.key}`;
                }),
            },
          },
          'Delete',
        ),
      ]),
      { class: 'cache-entries' },
    );
  };
  const clearAll = roleAllows(context.me.role, 'admin')
    ? clearAllButton(() =>
        act(async () => {
          const answer = await call<{ removed?: number }>('DELETE', '/api/cache');
          return `Cache cleared: ${show(answer.removed ?? 0)} entries removed`;
        }),
      )
    : null;
  replace(
    page,
    h('h1', {}, 'Cache'),
    section('Status', 'cache-status', status),
    section('Fresh entries', 'cache-entries', entries, ...(clearAll === null ? [] : [clearAll])),
  );
  await refresh();
};

/** Two clicks to clear everything: no confirm() dialog, which a kiosk browser may suppress. */
function clearAllButton(clear: () => Promise<void>): HTMLElement {
  const button = h(
    'button',
    { class: 'danger', attrs: { type: 'button' } },
    'Clear the whole cache',
  );
  let armed = false;
  button.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      replace(button, 'Click again to clear every entry');
      return;
    }
    armed = false;
    replace(button, 'Clear the whole cache');
    void clear();
  });
  return h('p', {}, button);
}

/// <reference lib="dom" />
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import { ApiError, get, onUnauthorized, roleAllows, session, type Role, type Whoami } from './api';
import { h, replace } from './dom';
import { cacheView } from './views/cache';
import type { View, ViewContext } from './views/context';
import { devicesView } from './views/devices';
import { overviewView } from './views/overview';
import { renderSignIn } from './views/signin';
import { targetView } from './views/target';
import { testView } from './views/test';

interface Page {
  path: string;
  title: string;
  role: Role;
  view: View;
  /** Listed in the navigation. */
  nav: boolean;
}

const PAGES: readonly Page[] = [
  { path: '', title: 'Overview', role: 'monitor', view: overviewView, nav: true },
  { path: 'target', title: 'Target', role: 'monitor', view: targetView, nav: false },
  { path: 'test', title: 'Run a test', role: 'operator', view: testView, nav: true },
  { path: 'cache', title: 'Cache', role: 'operator', view: cacheView, nav: true },
  { path: 'devices', title: 'Devices', role: 'admin', view: devicesView, nav: true },
];

const root = document.getElementById('app') ?? document.body;

async function start(notice?: string): Promise<void> {
  if (session.key() === null) {
    renderSignIn(root, signIn, notice);
    return;
  }
  try {
    const me = await get<Whoami>('/api/whoami');
    showShell(me);
  } catch (error) {
    session.signOut();
    renderSignIn(
      root,
      signIn,
      error instanceof ApiError ? error.describe() : 'The service did not answer',
    );
  }
}

async function signIn(key: string): Promise<string | undefined> {
  session.signIn(key);
  try {
    const me = await get<Whoami>('/api/whoami');
    showShell(me);
    return undefined;
  } catch (error) {
    session.signOut();
    return error instanceof ApiError ? error.describe() : 'The service did not answer';
  }
}

function signOut(): void {
  session.signOut();
  window.location.hash = '';
  renderSignIn(root, signIn);
}

let current: ((hash: string) => void) | undefined;

function showShell(me: Whoami): void {
  const main = h('main', { attrs: { id: 'page' } });
  const status = h('p', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  const notify: ViewContext['notify'] = (message, kind = 'info') => {
    status.className = `notice notice-${kind}`;
    replace(status, message);
  };
  const links = PAGES.filter((page) => page.nav && roleAllows(me.role, page.role)).map((page) =>
    h(
      'a',
      { attrs: { href: `#/${page.path}`, 'data-page': page.path === '' ? 'overview' : page.path } },
      page.title,
    ),
  );
  const header = h(
    'header',
    { class: 'top' },
    h('span', { class: 'brand' }, 'TriplePlay Sentinel'),
    h('nav', { attrs: { 'aria-label': 'Pages' } }, ...links),
    h(
      'span',
      { class: 'who' },
      h('span', { attrs: { 'data-field': 'key-id' } }, me.key_id),
      ' · ',
      h('span', { attrs: { 'data-field': 'role' } }, me.role),
      h(
        'button',
        { class: 'secondary small', attrs: { type: 'button' }, on: { click: signOut } },
        'Sign out',
      ),
    ),
  );
  replace(root, header, status, main);
  const context: ViewContext = { me, notify };
  current = (hash) => {
    const [path = '', ...params] = hash.replace(/^#\/?/, '').split('/');
    const page = PAGES.find((candidate) => candidate.path === path) ?? PAGES[0];
    for (const link of links)
      link.classList.toggle('active', link.getAttribute('href') === `#/${page.path}`);
    document.title = `${page.title} · TriplePlay Sentinel`;
    replace(status);
    const content = h('div', {
      class: 'page',
      attrs: { 'data-page': page.path === '' ? 'overview' : page.path },
    });
    replace(main, content);
    const decoded = params.map((param) => {
      try {
        return decodeURIComponent(param);
      } catch {
        return '';
      }
    });
    void page
      .view(content, context, decoded)
      .catch((error: unknown) =>
        notify(error instanceof Error ? error.message : 'The page failed', 'error'),
      );
  };
  current(window.location.hash);
}

window.addEventListener('hashchange', () => current?.(window.location.hash));
// A key revoked or expired while the page is open: back to the sign-in form.
onUnauthorized(() => {
  current = undefined;
  session.signOut();
  renderSignIn(root, signIn, 'The API key is no longer accepted: sign in again.');
});
void start();

import {
  call,
  type ConnectionAnswer,
  type DiscoveryAnswer,
  getOptional,
  type InventoryAnswer,
  roleAllows,
  type TargetsAnswer,
  type TestAnswer,
} from '../api';
import { h, replace } from '../dom';
import { errorText, section } from './common';
import type { View } from './context';
import { discoveryPairs } from './overview';
import { renderConnection, renderTest } from './results';

type Input = HTMLInputElement;

/** Operators: run one ping or traceroute, or a connection test, and see what the router produced. */
export const testView: View = async (page, context, [device = '', target = '']) => {
  if (!roleAllows(context.me.role, 'operator')) {
    replace(
      page,
      h('h1', {}, 'Run a test'),
      h('p', { class: 'error' }, 'Running tests needs an operator or admin key.'),
    );
    return;
  }
  const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: id } }, label),
      input,
      hint === undefined ? null : h('small', { class: 'muted' }, hint),
    );
  const text = (id: string, value = '', attrs: Record<string, string> = {}): Input =>
    h('input', {
      attrs: { id, name: id, value, autocomplete: 'off', spellcheck: 'false', ...attrs },
    });

  const router = text('mikrotik_host', device, { list: 'known-devices', required: '' });
  const testType = h(
    'select',
    { attrs: { id: 'test_type', name: 'test_type' } },
    h('option', { attrs: { value: 'ping' } }, 'ping'),
    h('option', { attrs: { value: 'traceroute' } }, 'traceroute'),
  );
  const targetInput = text('target', target, { list: 'known-targets', required: '' });
  const count = text('count', '', { type: 'number', min: '1', max: '100', inputmode: 'numeric' });
  const useCache = h('input', { attrs: { id: 'use_cache', type: 'checkbox' } });
  useCache.checked = true;
  const user = text('mikrotik_user');
  const password = text('mikrotik_password', '', { type: 'password' });
  const port = text('mikrotik_port', '', { type: 'number', min: '1', max: '65535' });
  const devices = h('datalist', { attrs: { id: 'known-devices' } });
  const targets = h('datalist', { attrs: { id: 'known-targets' } });
  const result = h('div', { attrs: { id: 'test-result', 'aria-live': 'polite' } });
  const runButton = h('button', { attrs: { type: 'submit' } }, 'Run test');
  const connectButton = h(
    'button',
    { class: 'secondary', attrs: { type: 'button' } },
    'Test connection',
  );

  const access = (): Record<string, unknown> => {
    const body: Record<string, unknown> = { mikrotik_host: router.value.trim() };
    if (user.value.trim() !== '') body.mikrotik_user = user.value.trim();
    if (password.value !== '') body.mikrotik_password = password.value;
    if (port.value !== '') body.mikrotik_port = Number(port.value);
    return body;
  };
  const busy = async (work: () => Promise<void>) => {
    runButton.disabled = true;
    connectButton.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Waiting for the router…'));
    try {
      await work();
    } catch (error) {
      replace(result, errorText(error));
    } finally {
      runButton.disabled = false;
      connectButton.disabled = false;
    }
  };
  const run = () =>
    busy(async () => {
      const body: Record<string, unknown> = {
        ...access(),
        test_type: testType.value,
        target: targetInput.value.trim(),
        use_cache: useCache.checked,
      };
      if (count.value !== '') body.count = Number(count.value);
      replace(result, renderTest(await call<TestAnswer>('POST', '/api/test', body)));
    });
  const connect = () =>
    busy(async () => {
      replace(
        result,
        renderConnection(await call<ConnectionAnswer>('POST', '/api/connection-test', access())),
      );
    });
  connectButton.addEventListener('click', () => void connect());

  const form = h(
    'form',
    {
      class: 'test-form',
      attrs: { id: 'test-form' },
      on: { submit: (event) => (event.preventDefault(), void run()) },
    },
    field(
      'mikrotik_host',
      'Router',
      router,
      'an inventory device name, or an address with the credentials below',
    ),
    field('test_type', 'Test', testType),
    field('target', 'Target', targetInput, 'IPv4, IPv6 or host name'),
    field(
      'count',
      'Count',
      count,
      'ping: packets (default 4); traceroute: probes per hop (default 3)',
    ),
    h(
      'div',
      { class: 'field checkbox' },
      useCache,
      h(
        'label',
        { attrs: { for: 'use_cache' } },
        'Answer from the cache when a fresh result is there',
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'A router outside the inventory'),
      field('mikrotik_user', 'User', user),
      field('mikrotik_password', 'Password', password),
      field('mikrotik_port', 'SSH port', port),
    ),
    h('div', { class: 'actions' }, runButton, connectButton),
    devices,
    targets,
  );
  replace(
    page,
    h('h1', {}, 'Run a test'),
    h(
      'div',
      { class: 'columns' },
      section('Test', 'test', form),
      section('Result', 'result', result),
    ),
  );
  await fillSuggestions(devices, targets, context.me.role === 'admin');
};

async function fillSuggestions(
  devices: HTMLDataListElement,
  targets: HTMLDataListElement,
  admin: boolean,
): Promise<void> {
  const [history, discovery, inventory] = await Promise.all([
    getOptional<TargetsAnswer>('/api/history/targets').catch(() => undefined),
    getOptional<DiscoveryAnswer>('/api/zabbix/discovery').catch(() => undefined),
    admin ? getOptional<InventoryAnswer>('/api/devices').catch(() => undefined) : undefined,
  ]);
  const pairs = [...(history?.series ?? []), ...discoveryPairs(discovery)];
  const names = new Set([
    ...pairs.map((pair) => pair.device),
    ...(inventory?.devices ?? []).map((entry) => entry.name),
  ]);
  const addresses = new Set([
    ...pairs.map((pair) => pair.target),
    ...(inventory?.devices ?? []).flatMap((entry) => entry.targets),
  ]);
  replace(devices, ...[...names].sort().map((name) => h('option', { attrs: { value: name } })));
  replace(targets, ...[...addresses].sort().map((name) => h('option', { attrs: { value: name } })));
}

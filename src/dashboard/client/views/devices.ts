import { get, type InventoryAnswer, roleAllows } from '../api';
import { h, replace, show, table } from '../dom';
import { errorText, section, targetLink } from './common';
import type { View } from './context';

/** Admins: the device inventory as the API shows it, without secrets. */
export const devicesView: View = async (page, context) => {
  if (!roleAllows(context.me.role, 'admin')) {
    replace(
      page,
      h('h1', {}, 'Devices'),
      h('p', { class: 'error' }, 'The inventory is for admin keys only.'),
    );
    return;
  }
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  replace(page, h('h1', {}, 'Devices'), section('Inventory', 'inventory', body));
  try {
    const { devices } = await get<InventoryAnswer>('/api/devices');
    replace(
      body,
      devices.length === 0
        ? h('p', { class: 'muted' }, 'The inventory is empty (no DEVICES_FILE).')
        : table(
            [
              'Name',
              'Address',
              'Port',
              'User',
              'Secret from',
              'Pinned host key',
              'Sessions',
              'Targets',
            ],
            devices.map((device) => [
              device.name,
              device.host,
              show(device.port),
              device.username,
              device.auth,
              show(device.host_key_sha256),
              show(device.max_sessions),
              h(
                'span',
                {},
                ...device.targets.flatMap((target, index) => [
                  index > 0 ? ', ' : '',
                  targetLink(device.name, target, target),
                ]),
              ),
            ]),
            { class: 'inventory' },
          ),
    );
  } catch (error) {
    replace(body, errorText(error));
  }
};

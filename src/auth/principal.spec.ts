import { ROLES, type Role, roleAllows } from './principal';

describe('the role ladder monitor < operator < admin', () => {
  const cases: [Role, Role, boolean][] = [
    ['monitor', 'monitor', true],
    ['monitor', 'operator', false],
    ['monitor', 'admin', false],
    ['operator', 'monitor', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'monitor', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ];

  it.each(cases)('a %s key may use a %s route: %s', (held, required, allowed) => {
    expect(roleAllows(held, required)).toBe(allowed);
  });

  it('covers every role', () => {
    expect(new Set(cases.map(([held]) => held))).toEqual(new Set(ROLES));
  });
});

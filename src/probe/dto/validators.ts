import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { isIpAddress, isValidRoutingTable, isValidTarget } from '../../routeros/target.grammar';

// Inventory device names: a short, shell-safe token.
const DEVICE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
// SSH user names as RouterOS allows them, without anything a shell or CLI could interpret.
const USER_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

function rule(
  name: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: test },
    });
  };
}

/**
 * A finite number with at most `places` decimals. class-validator's own `maxDecimalPlaces`
 * reads the decimals from `toString()` and throws on exponent notation without a dot (`5e-323`),
 * which turned such a body into a 500; this answers a plain validation error instead.
 */
export const HasMaxDecimals = (places: number, options?: ValidationOptions) =>
  rule(
    'hasMaxDecimals',
    (v) => typeof v === 'number' && Number.isFinite(v) && decimalsOf(v) <= places,
    `$property must have at most ${places} decimal places`,
    options,
  );

function decimalsOf(value: number): number {
  // `toFixed(20)` has no exponent for |value| < 1e21; above that a double has no decimals.
  if (Math.abs(value) >= 1e21 || Number.isInteger(value)) return 0;
  const digits = value.toPrecision(15).includes('e') ? value.toFixed(20) : value.toPrecision(15);
  const fraction = digits.split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

/** An IPv4/IPv6 address or RFC 1123 host name (the grammar the command builder re-checks). */
export const IsTarget = (options?: ValidationOptions) =>
  rule(
    'isTarget',
    (v) => typeof v === 'string' && isValidTarget(v),
    '$property must be an IPv4 address, an IPv6 address or a host name (RFC 1123, ASCII, at most 253 characters)',
    options,
  );

/** A router address, or the name of an inventory device. */
export const IsDeviceHost = (options?: ValidationOptions) =>
  rule(
    'isDeviceHost',
    (v) => typeof v === 'string' && (isValidTarget(v) || DEVICE_NAME.test(v)),
    '$property must be an IP address, a host name or an inventory device name',
    options,
  );

export const IsUserName = (options?: ValidationOptions) =>
  rule(
    'isUserName',
    (v) => typeof v === 'string' && USER_NAME.test(v),
    '$property must be 1-64 characters of letters, digits, _ . @ -',
    options,
  );

export const IsIpAddress = (options?: ValidationOptions) =>
  rule(
    'isIpAddress',
    (v) => typeof v === 'string' && isIpAddress(v),
    '$property must be an IPv4 or IPv6 address',
    options,
  );

export const IsRoutingTable = (options?: ValidationOptions) =>
  rule(
    'isRoutingTable',
    (v) => typeof v === 'string' && isValidRoutingTable(v),
    '$property must match [A-Za-z0-9_.-]{1,64}',
    options,
  );

/** A field that only one test type takes, e.g. `size` for ping. */
export const OnlyFor = (testType: 'ping' | 'traceroute', options?: ValidationOptions) =>
  rule(
    `onlyFor${testType}`,
    (v, args) => v === undefined || (args.object as { test_type?: unknown }).test_type === testType,
    `$property applies to ${testType} tests only`,
    options,
  );

/** `count` is 1-100 packets for ping, 1-10 probes per hop for traceroute. */
export const IsCountForTestType = (options?: ValidationOptions) =>
  rule(
    'isCountForTestType',
    (v, args) => {
      if (v === undefined) return true;
      const max = (args.object as { test_type?: unknown }).test_type === 'traceroute' ? 10 : 100;
      return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
    },
    '$property must be a whole number from 1 to 100 for ping, 1 to 10 for traceroute',
    options,
  );

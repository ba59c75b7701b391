import {
  isValidRoutingTable,
  isValidSrcAddress,
  isValidTarget,
} from '../../src/routeros/target.grammar';
import type { ReceivedCommand } from '../../src/simulator/simulator.types';

// The only command lines the service may send (command.builder.ts, API.md "Nothing from the
// request reaches the router's command line unless it passed this grammar"):
//   /ping address=T count=1..100 size=14..65535 interval=10ms..5s [src-address=IP] [routing-table=RT]
//   /tool traceroute address=T count=1..10 max-hops=1..64 timeout=100ms..10s [src-address=IP] [routing-table=RT]
//   /system identity|resource|routerboard print
const SYSTEM = new Set([
  '/system identity print',
  '/system resource print',
  '/system routerboard print',
]);
// Every token of a command line: nothing a RouterOS console or a shell could read as syntax.
const SAFE_TOKEN = /^[A-Za-z0-9._:/=-]+$/;
// The `+ct` console suffix is the service's; the name itself is the request's mikrotik_user.
const LOGIN = /^[A-Za-z0-9_.@-]{1,64}\+ct$/;

type Check = (value: string) => boolean;

const wholeNumber =
  (min: number, max: number): Check =>
  (value) =>
    /^[1-9]\d*$/.test(value) && Number(value) >= min && Number(value) <= max;

// `1s`, `200ms`: an explicit unit, whole milliseconds, inside the range.
const duration =
  (minMs: number, maxMs: number): Check =>
  (value) => {
    const match = /^([1-9]\d*)(ms|s)$/.exec(value);
    if (match === null) return false;
    const ms = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
    return ms >= minMs && ms <= maxMs;
  };

const PING: Array<[string, Check]> = [
  ['address', isValidTarget],
  ['count', wholeNumber(1, 100)],
  ['size', wholeNumber(14, 65535)],
  ['interval', duration(10, 5000)],
];
const TRACEROUTE: Array<[string, Check]> = [
  ['address', isValidTarget],
  ['count', wholeNumber(1, 10)],
  ['max-hops', wholeNumber(1, 64)],
  ['timeout', duration(100, 10_000)],
];
const OPTIONAL: Array<[string, Check]> = [
  ['src-address', isValidSrcAddress],
  ['routing-table', isValidRoutingTable],
];

/** Why `command` is outside the documented grammar, or null when it is inside. */
export function commandViolation(command: string): string | null {
  if (SYSTEM.has(command)) return null;
  const tokens = command.split(' ');
  if (tokens.some((token) => !SAFE_TOKEN.test(token))) return 'a token with unsafe characters';
  let rest: string[];
  let required: Array<[string, Check]>;
  if (tokens[0] === '/ping') {
    rest = tokens.slice(1);
    required = PING;
  } else if (tokens[0] === '/tool' && tokens[1] === 'traceroute') {
    rest = tokens.slice(2);
    required = TRACEROUTE;
  } else {
    return 'not a command the service sends';
  }
  const pairs = rest.map((token) => {
    const at = token.indexOf('=');
    return at < 0 ? [token, ''] : [token.slice(0, at), token.slice(at + 1)];
  });
  for (const [name, check] of required) {
    const pair = pairs.shift();
    if (pair === undefined || pair[0] !== name) return `${name}= missing or out of order`;
    if (!check(pair[1])) return `${name}= outside its grammar`;
  }
  for (const [name, check] of OPTIONAL) {
    if (pairs[0]?.[0] !== name) continue;
    const pair = pairs.shift();
    if (pair === undefined || !check(pair[1])) return `${name}= outside its grammar`;
  }
  return pairs.length === 0 ? null : 'arguments beyond the grammar';
}

/** Every command and login a simulated router received that the grammar does not allow. */
export function outsideGrammar(received: readonly ReceivedCommand[]): string[] {
  const found: string[] = [];
  for (const entry of received) {
    const why = commandViolation(entry.command);
    if (why !== null) found.push(`${JSON.stringify(entry.command)}: ${why}`);
    if (!LOGIN.test(entry.login))
      found.push(`login ${JSON.stringify(entry.login)}: not a user name`);
  }
  return found;
}

// What Zabbix stored for a host, read back with item.get: what must be there, and a printout.

export interface ZabbixItem {
  itemid: string;
  key_: string;
  name: string;
  lastvalue: string;
  lastclock: string;
  state: string;
  error: string;
  flags: string;
  value_type: string;
  units: string;
}

// The dependent items that must hold a number for every target.
export const NUMERIC_PER_TARGET = [
  'sentinel.ping.loss',
  'sentinel.ping.availability',
  'sentinel.ping.rtt.min',
  'sentinel.ping.rtt.avg',
  'sentinel.ping.rtt.max',
  'sentinel.ping.rtt.median',
  'sentinel.ping.rtt.stddev',
  'sentinel.ping.jitter',
  'sentinel.ping.quality',
  'sentinel.ping.mos',
  'sentinel.ping.cache_hit',
  'sentinel.traceroute.hops',
  'sentinel.traceroute.reached',
  'sentinel.traceroute.time',
  'sentinel.traceroute.path.changed',
];

export /** The item key without its parameters, and the target it is for. */
function keyParts(key: string): { base: string; target?: string } {
  const match = /^([^[]+)(?:\["[^"]*","([^"]*)"\])?$/.exec(key);
  return { base: match?.[1] ?? key, target: match?.[2] };
}

/** The keys among what one host must have stored that hold no value (or no number) yet. */
export function missingValues(
  items: ZabbixItem[],
  device: string,
  targets: readonly string[],
): string[] {
  const byKey = new Map(items.map((i) => [i.key_, i]));
  const wanted = [
    'sentinel.health.status',
    'sentinel.health.uptime',
    ...targets.flatMap((t) => [
      `sentinel.ping.status["${device}","${t}"]`,
      `sentinel.ping.error["${device}","${t}"]`,
      `sentinel.traceroute.status["${device}","${t}"]`,
      `sentinel.traceroute.path["${device}","${t}"]`,
      `sentinel.traceroute.path.hash["${device}","${t}"]`,
      ...NUMERIC_PER_TARGET.map((base) => `${base}["${device}","${t}"]`),
    ]),
  ];
  return wanted.filter((key) => {
    const item = byKey.get(key);
    if (item === undefined || item.lastclock === '0' || item.lastvalue === '') return true;
    // Numeric value types (0 float, 3 unsigned) must hold a number.
    return (
      (item.value_type === '0' || item.value_type === '3') &&
      !Number.isFinite(Number(item.lastvalue))
    );
  });
}

/** Prints what Zabbix stored for one host, one item a line. */
export function printValues(items: ZabbixItem[], host: string): void {
  const rows = items
    // The LLD rule and the history-0 master items store nothing themselves.
    .filter(
      (i) =>
        ![
          'sentinel.targets.discovery',
          'sentinel.health',
          'sentinel.ping',
          'sentinel.traceroute',
        ].includes(keyParts(i.key_).base),
    )
    .sort((a, b) => a.key_.localeCompare(b.key_))
    .map((i) => {
      const { base, target } = keyParts(i.key_);
      const stored =
        i.state === '1'
          ? `NOT SUPPORTED: ${i.error}`
          : i.lastclock === '0'
            ? '(no value yet)'
            : `${i.lastvalue}${i.units === '' ? '' : ` ${i.units}`}`;
      return `   ${(target ?? '-').padEnd(9)} ${base.padEnd(34)} ${stored.slice(0, 90)}`;
    });
  process.stdout.write(`\n   Values stored by Zabbix for host ${host}:\n${rows.join('\n')}\n\n`);
}

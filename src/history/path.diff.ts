// Pure and free of Node: the dashboard bundles this file to mark changed hops the same way.

/** The marker for a hop that never answered, in paths and in their hash. */
export const TIMEOUT_HOP = '*';

/** One hop whose address differs between two traceroutes; `null` = the path had no such hop. */
export interface ChangedHop {
  hop: number;
  previous: string | null;
  current: string | null;
}

/** A traceroute's path: its hop addresses in order, `*` for a hop that never answered. */
export function pathOf(hops: ReadonlyArray<{ address?: unknown }>): string[] {
  return hops.map((hop) =>
    typeof hop.address === 'string' && hop.address !== '' ? hop.address : TIMEOUT_HOP,
  );
}

/** The hops at which two paths differ, hop by hop, over the longer of the two. */
export function diffPaths(previous: readonly string[], current: readonly string[]): ChangedHop[] {
  const changed: ChangedHop[] = [];
  for (let index = 0; index < Math.max(previous.length, current.length); index += 1) {
    const before = previous[index] ?? null;
    const after = current[index] ?? null;
    if (before !== after) changed.push({ hop: index + 1, previous: before, current: after });
  }
  return changed;
}

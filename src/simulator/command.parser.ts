import {
  checkValue,
  menuTree,
  specFor,
  type CommandSpec,
  type Leaf,
  type MenuNode,
  type ParserContext,
} from './command.grammar';
import { position, tokenize, type ArgToken, type WordToken } from './command.tokenizer';

export type { ParserContext } from './command.grammar';

export interface PingCommand {
  readonly kind: 'ping';
  readonly address: string;
  /** null = until interrupted, as on the console. */
  readonly count: number | null;
  readonly size: number;
  readonly intervalMs: number;
  readonly srcAddress?: string;
  readonly routingTable?: string;
}

export interface TracerouteCommand {
  readonly kind: 'traceroute';
  readonly address: string;
  readonly count: number | null;
  readonly maxHops: number;
  readonly timeoutMs: number;
  readonly srcAddress?: string;
  readonly routingTable?: string;
}

export type Command =
  | PingCommand
  | TracerouteCommand
  | { readonly kind: 'identity' | 'resource' | 'routerboard' | 'noop' };

export type ParseResult =
  | { readonly ok: true; readonly commands: readonly Command[] }
  | { readonly ok: false; readonly error: readonly string[] };

type Values = Map<string, string | number>;

function parseArguments(
  source: string,
  tokens: ReadonlyArray<WordToken | ArgToken>,
  spec: CommandSpec,
  context: ParserContext,
): { values: Values } | { error: readonly string[] } {
  const values: Values = new Map();
  let positionalTaken = false;
  for (const token of tokens) {
    let arg: Pick<ArgToken, 'name' | 'value'>;
    if (token.kind === 'word') {
      if (!token.quoted && spec.flags.includes(token.text)) {
        values.set(token.text, 'yes');
        continue;
      }
      if (spec.positional === undefined || positionalTaken) {
        return { error: [`expected end of command ${position(source, token.start)}`] };
      }
      positionalTaken = true;
      arg = { name: spec.positional, value: token.text };
    } else {
      if (!(token.name in spec.params)) {
        return { error: [`expected end of command ${position(source, token.equals)}`] };
      }
      arg = token;
    }
    const checked = checkValue(arg.name, spec.params[arg.name], arg.value, context);
    if ('error' in checked) {
      return checked;
    }
    values.set(arg.name, checked.value);
  }
  return { values };
}

function text(values: Values, name: string): string | undefined {
  const value = values.get(name);
  return typeof value === 'string' ? value : undefined;
}

function number(values: Values, name: string): number | undefined {
  const value = values.get(name);
  return typeof value === 'number' ? value : undefined;
}

function buildCommand(leaf: Leaf, values: Values): Command | { error: readonly string[] } {
  if (leaf !== 'ping' && leaf !== 'traceroute') {
    return { kind: leaf };
  }
  const address = text(values, 'address');
  if (address === undefined) {
    return { error: ['missing value(s) of argument(s) address'] };
  }
  const common = {
    address,
    count: number(values, 'count') ?? null,
    srcAddress: text(values, 'src-address'),
    routingTable: text(values, 'routing-table') ?? text(values, 'vrf'),
  };
  if (leaf === 'ping') {
    return {
      kind: 'ping',
      ...common,
      size: number(values, 'size') ?? 56,
      intervalMs: number(values, 'interval') ?? 1000,
    };
  }
  return {
    kind: 'traceroute',
    ...common,
    maxHops: number(values, 'max-hops') ?? 30,
    timeoutMs: number(values, 'timeout') ?? 1000,
  };
}

function parseOne(
  source: string,
  tokens: ReadonlyArray<WordToken | ArgToken>,
  context: ParserContext,
): Command | { error: readonly string[] } {
  const root = menuTree(context);
  let node: MenuNode | Leaf = root;
  let index = 0;
  while (index < tokens.length && typeof node !== 'string') {
    const token = tokens[index];
    if (token.kind === 'arg' || token.quoted) {
      const name = token.kind === 'arg' ? token.name : token.text;
      return { error: [`bad command name ${name} ${position(source, token.start)}`] };
    }
    let offset = token.start;
    for (const segment of token.text.split('/')) {
      if (segment.length > 0) {
        const next: MenuNode | Leaf | undefined =
          typeof node === 'string' ? undefined : node[segment];
        if (next === undefined) {
          return { error: [`bad command name ${segment} ${position(source, offset)}`] };
        }
        node = next;
      } else if (offset === token.start) {
        // A leading slash starts from the root menu; exec sessions are always there anyway.
        node = root;
      }
      offset += segment.length + 1;
    }
    index += 1;
  }
  if (typeof node !== 'string') {
    // A bare menu path only changes the console's current menu: no output.
    return { kind: 'noop' };
  }
  const parsed = parseArguments(
    source,
    tokens.slice(index),
    specFor(node, context.format),
    context,
  );
  return 'error' in parsed ? parsed : buildCommand(node, parsed.values);
}

/**
 * Parses an exec command line (one or more `;`-separated commands) into what the simulated
 * device runs, or the error text RouterOS prints for it. Never evaluates anything.
 */
export function parseCommandLine(source: string, context: ParserContext): ParseResult {
  const tokenized = tokenize(source);
  if (!tokenized.ok) {
    return { ok: false, error: [tokenized.error] };
  }
  const groups: Array<Array<WordToken | ArgToken>> = [[]];
  for (const token of tokenized.tokens) {
    if (token.kind === 'separator') {
      groups.push([]);
    } else {
      groups[groups.length - 1].push(token);
    }
  }
  const commands: Command[] = [];
  for (const group of groups) {
    if (group.length === 0) {
      continue;
    }
    const command = parseOne(source, group, context);
    if ('error' in command) {
      return { ok: false, error: command.error };
    }
    commands.push(command);
  }
  return { ok: true, commands };
}

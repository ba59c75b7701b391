// The parts of a Zabbix 6.0 YAML export the checks read, with the importer's defaults applied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const TEMPLATE_FILE = join(
  __dirname,
  '..',
  '..',
  'config',
  'zabbix',
  'tripleplay_sentinel_template.yaml',
);

export type ValueType = 'FLOAT' | 'UNSIGNED' | 'CHAR' | 'TEXT' | 'LOG';
export type ErrorHandler = 'ORIGINAL_ERROR' | 'DISCARD_VALUE' | 'CUSTOM_VALUE' | 'CUSTOM_ERROR';

export interface PreprocessingStep {
  type: string;
  parameters: string[];
  error_handler?: ErrorHandler;
  error_handler_params?: string;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface Dependency {
  name: string;
  expression: string;
  recovery_expression?: string;
}

export interface Trigger {
  uuid: string;
  name: string;
  expression: string;
  recovery_expression?: string;
  opdata?: string;
  priority?: string;
  dependencies?: Dependency[];
}

export interface Item {
  uuid: string;
  name: string;
  type: string;
  key: string;
  delay?: string;
  history?: string;
  /** The importer's default is UNSIGNED, which exports therefore leave out. */
  value_type?: ValueType;
  timeout?: string;
  url?: string;
  request_method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
  post_type?: 'RAW' | 'JSON' | 'XML';
  posts?: string;
  query_fields?: NameValue[];
  headers?: NameValue[];
  status_codes?: string;
  preprocessing?: PreprocessingStep[];
  master_item?: { key: string };
  valuemap?: { name: string };
  triggers?: Trigger[];
  trigger_prototypes?: Trigger[];
}

export interface GraphItem {
  item: { host: string; key: string };
}

export interface Graph {
  uuid: string;
  name: string;
  graph_items: GraphItem[];
}

export interface DiscoveryRule extends Item {
  lifetime?: string;
  item_prototypes?: Item[];
  trigger_prototypes?: Trigger[];
  graph_prototypes?: Graph[];
}

export interface Macro {
  macro: string;
  value?: string;
  type?: 'TEXT' | 'SECRET_TEXT' | 'VAULT';
  description?: string;
}

export interface Template {
  uuid: string;
  template: string;
  name: string;
  groups: { name: string }[];
  items?: Item[];
  triggers?: Trigger[];
  discovery_rules?: DiscoveryRule[];
  macros?: Macro[];
  valuemaps?: { uuid: string; name: string }[];
}

export interface TemplateExport {
  zabbix_export: {
    version: string;
    groups?: { uuid: string; name: string }[];
    templates: Template[];
    triggers?: Trigger[];
  };
}

/** Reads and shape-checks the export; a file that is not one fails here with a plain message. */
export function loadTemplateExport(file = TEMPLATE_FILE): TemplateExport {
  const document = load(readFileSync(file, 'utf8')) as TemplateExport | null;
  const root = document?.zabbix_export;
  if (root === undefined || !Array.isArray(root.templates) || root.templates.length === 0) {
    throw new Error(`${file} is not a Zabbix export with templates`);
  }
  return document as TemplateExport;
}

export function valueTypeOf(item: Item): ValueType {
  return item.value_type ?? 'UNSIGNED';
}

/** Every item, item prototype and discovery rule, each with the list it belongs to. */
export interface Inventory {
  template: Template;
  items: Item[];
  rules: DiscoveryRule[];
  prototypes: Item[];
  /** Triggers of items and of the template (expression-level ones). */
  triggers: Trigger[];
  triggerPrototypes: Trigger[];
  graphPrototypes: Graph[];
  /** The HTTP agent items and prototypes: the ones that call the API. */
  httpItems: Item[];
  httpPrototypes: Item[];
}

/** The inventory of the export's (first and only) template. */
export function templateInventory(exported: TemplateExport = loadTemplateExport()): Inventory {
  return inventoryOf(exported.zabbix_export.templates[0], exported.zabbix_export.triggers);
}

export function inventoryOf(template: Template, exportTriggers: Trigger[] = []): Inventory {
  const items = template.items ?? [];
  const rules = template.discovery_rules ?? [];
  const prototypes = rules.flatMap((rule) => rule.item_prototypes ?? []);
  return {
    template,
    items,
    rules,
    prototypes,
    triggers: [
      ...items.flatMap((item) => item.triggers ?? []),
      ...(template.triggers ?? []),
      ...exportTriggers,
    ],
    triggerPrototypes: [
      ...prototypes.flatMap((item) => item.trigger_prototypes ?? []),
      ...rules.flatMap((rule) => rule.trigger_prototypes ?? []),
    ],
    graphPrototypes: rules.flatMap((rule) => rule.graph_prototypes ?? []),
    httpItems: items.filter((item) => item.type === 'HTTP_AGENT'),
    httpPrototypes: prototypes.filter((item) => item.type === 'HTTP_AGENT'),
  };
}

/** Walks every string of a YAML tree (keys excluded), for macro checks. */
export function everyString(node: unknown, visit: (text: string) => void): void {
  if (typeof node === 'string') visit(node);
  else if (Array.isArray(node)) node.forEach((child) => everyString(child, visit));
  else if (typeof node === 'object' && node !== null)
    Object.values(node).forEach((child) => everyString(child, visit));
}

const ITEM_REFERENCE = /\/([^/()]+)\/([A-Za-z0-9_.-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]"])*\])?)/g;

/** The `/host/key` references of a trigger expression, in order. */
export function itemReferences(expression: string): { host: string; key: string }[] {
  return [...expression.matchAll(ITEM_REFERENCE)].map((m) => ({ host: m[1], key: m[2] }));
}

/** User macro names (`{$NAME}`, context ignored) in a text. */
export function userMacros(text: string): string[] {
  return [...text.matchAll(/\{\$([A-Z0-9_.]+)(?::[^}]*)?\}/g)].map((m) => `{$${m[1]}}`);
}

/** LLD macro names (`{#NAME}`) in a text. */
export function lldMacros(text: string): string[] {
  return [...text.matchAll(/\{#[A-Z0-9_.]+\}/g)].map((m) => m[0]);
}

/** Seconds of a Zabbix time value: `15s`, `1m`, `2h`, or a bare number of seconds. */
export function seconds(value: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(value);
  if (match === null) throw new Error(`"${value}" is not a Zabbix time value`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[
    match[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return Number(match[1]) * unit;
}

/** The dependent items whose master is this item. */
export function dependentsOf(master: Item, pool: Item[]): Item[] {
  return pool.filter((item) => item.master_item?.key === master.key);
}

/** The path of an item's first JSONPath step. */
export function firstJsonPath(item: Item): string | undefined {
  return item.preprocessing?.find((step) => step.type === 'JSONPATH')?.parameters[0];
}

/** The template's macros with their default values (`''` for a secret or empty one). */
export function macroDefaults(template: Template): Record<string, string> {
  return Object.fromEntries(
    (template.macros ?? []).map((macro) => [macro.macro, macro.value ?? '']),
  );
}

// Importer for Azure NSGs: `az network nsg rule list`, `az network nsg show`/`list`, and ARM/REST JSON.
import type { Pointer } from '../../engine/types.js';
import {
  hasKeys,
  isObject,
  isTypeNameText,
  type JsonObject,
  listItems,
  prop,
  propKey,
  readJson,
  sniffJsonKeys,
  text,
} from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { failedImport, PartBuilder } from './part-builder.js';

const RULE_ID = /\/networkSecurityGroups\/([^/]+)\/(securityRules|defaultSecurityRules)\/[^/]+$/i;
const RESOURCE_GROUP = /\/resourceGroups\/([^/]+)\//i;

interface RawRule {
  rule: JsonObject;
  pointer: Pointer;
  isDefault: boolean;
}

interface NsgDraft {
  name: string;
  id?: string;
  resourceGroup?: string;
  pointer: Pointer;
  rules: RawRule[];
}

/** The rule's own fields: top level (az CLI, flattened) or under `properties` (ARM/REST). */
function fieldsOf(rule: JsonObject, pointer: Pointer): { fields: JsonObject; base: Pointer } {
  const key = propKey(rule, 'properties');
  const inner = key === undefined ? undefined : rule[key];
  return isObject(inner) && key !== undefined
    ? { fields: inner, base: [...pointer, key] }
    : { fields: rule, base: pointer };
}

/**
 * A prefix or port field as a list. Prefixes, ports and service tags never contain white space, so a text
 * with spaces is a list: `ConvertTo-Json` writes a list nested deeper than its `-Depth` space-separated
 * (Az PowerShell's rules keep `DestinationAddressPrefix` as a list, one level below the default depth).
 */
function asStrings(value: unknown): string[] | undefined {
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => text(v)?.split(/\s+/) ?? [])
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}

function capitalized(value: unknown, allowed: readonly string[]): string | undefined {
  const found =
    typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) : undefined;
  return found;
}

/**
 * Reads one rule into the canonical shape, folding Azure's singular `destinationAddressPrefix` /
 * `destinationPortRange` (and the source ones) into the plural arrays: the plural wins when it is non-empty,
 * as Azure itself fills one or the other. A rule that names only application security groups as destination
 * gets `destinationAddressPrefixes: []`, which matches no internet address.
 */
function readRule(raw: RawRule, locate: (p: Pointer) => Position, builder: PartBuilder, target: Pointer) {
  const { fields, base } = fieldsOf(raw.rule, raw.pointer);
  const name = text(prop(raw.rule, 'name')) ?? text(prop(fields, 'name'));
  const priority = Number(prop(fields, 'priority'));
  const direction = capitalized(prop(fields, 'direction'), ['Inbound', 'Outbound']);
  const access = capitalized(prop(fields, 'access'), ['Allow', 'Deny']);
  const protocol = text(prop(fields, 'protocol'));
  const problems = [
    name === undefined && 'name',
    !Number.isInteger(priority) && 'priority',
    direction === undefined && 'direction',
    access === undefined && 'access',
    protocol === undefined && 'protocol',
  ].filter(Boolean);
  if (problems.length > 0) {
    builder.rowError(locate(raw.pointer), `NSG rule ${name ?? '(unnamed)'} has no valid ${problems.join(', ')}`);
    return undefined;
  }
  const rule: Record<string, unknown> = { name, priority, direction, access, protocol };
  const facts: [Pointer, Pointer][] = [];
  const pairs = [
    ['sourceAddressPrefixes', 'sourceAddressPrefix'],
    ['sourcePortRanges', 'sourcePortRange'],
    ['destinationAddressPrefixes', 'destinationAddressPrefix'],
    ['destinationPortRanges', 'destinationPortRange'],
  ] as const;
  const truncated = pairs.flat().find((field) => isTypeNameText(prop(fields, field)));
  if (truncated) {
    const key = propKey(fields, truncated) ?? truncated;
    builder.rowError(
      locate([...base, key]),
      `NSG rule ${name}: ${key} is a type name, cut off by ConvertTo-Json's -Depth (export with -Depth 10)`,
    );
    return undefined;
  }
  for (const [plural, singular] of pairs) {
    const pluralKey = propKey(fields, plural);
    const singularKey = propKey(fields, singular);
    const many = asStrings(pluralKey === undefined ? undefined : fields[pluralKey]);
    const one = asStrings(singularKey === undefined ? undefined : fields[singularKey]);
    const values = many ?? one;
    if (values !== undefined) {
      rule[plural] = values;
      facts.push([[plural], [...base, (many ? pluralKey : singularKey) ?? plural]]);
    } else if (plural.startsWith('destination')) {
      rule[plural] = [];
    }
  }
  const description = text(prop(fields, 'description'));
  if (description !== undefined) rule.description = description;
  builder.set(target, () => locate(raw.pointer));
  for (const key of ['priority', 'direction', 'access', 'protocol', 'name'] as const) {
    const found = propKey(key === 'name' ? raw.rule : fields, key);
    if (found) builder.set([...target, key], () => locate([...(key === 'name' ? raw.pointer : base), found]));
  }
  for (const [inner, raw2] of facts) builder.set([...target, ...inner], () => locate(raw2));
  return rule;
}

/**
 * The rules of one list of an NSG object, with the pointer they hang from. Az PowerShell's objects written
 * with ConvertTo-Json's default depth hold each rule of a list of NSGs as its type name; the `SecurityRulesText`
 * (`DefaultSecurityRulesText`) beside the list holds the same rules as JSON text, and is read instead.
 */
function ruleList(fields: JsonObject, base: Pointer, list: string): { rules: unknown; at: Pointer } {
  const key = propKey(fields, list) ?? list;
  const rules = fields[key];
  const textKey = propKey(fields, `${list}Text`);
  const asText = textKey === undefined ? undefined : fields[textKey];
  if (Array.isArray(rules) && rules.some((r) => !isObject(r)) && typeof asText === 'string' && textKey) {
    try {
      const parsed: unknown = JSON.parse(asText);
      if (Array.isArray(parsed)) return { rules: parsed, at: [...base, textKey] };
    } catch {
      // Not JSON after all: report the rules as they are.
    }
  }
  return { rules, at: [...base, key] };
}

/** An NSG object as `az network nsg create` prints it: `{ "NewNSG": { … } }`. */
function unwrapped(item: unknown, pointer: Pointer): { item: unknown; pointer: Pointer } {
  if (!isObject(item)) return { item, pointer };
  const key = propKey(item, 'NewNSG');
  return key !== undefined && Object.keys(item).length === 1
    ? { item: item[key], pointer: [...pointer, key] }
    : { item, pointer };
}

/** Groups the document's objects into NSGs: NSG objects carry their rules; bare rules name their NSG in `id`. */
function collectNsgs(document: unknown, builder: PartBuilder, locate: (p: Pointer) => Position): NsgDraft[] {
  const nsgs = new Map<string, NsgDraft>();
  for (const listed of listItems(document)) {
    const { item, pointer } = unwrapped(listed.item, listed.pointer);
    if (!isObject(item)) {
      builder.rowError(locate(pointer), 'list element is not an NSG or NSG rule object');
      continue;
    }
    const { fields, base } = fieldsOf(item, pointer);
    const id = text(prop(item, 'id'));
    const ruleLists = (['securityRules', 'defaultSecurityRules'] as const).filter((k) => propKey(fields, k));
    if (ruleLists.length > 0) {
      const name = text(prop(item, 'name')) ?? 'nsg';
      const draft: NsgDraft = { name, pointer, rules: [] };
      if (id) draft.id = id;
      const group =
        text(prop(item, 'resourceGroup', 'ResourceGroupName')) ?? (id ? RESOURCE_GROUP.exec(id)?.[1] : undefined);
      if (group) draft.resourceGroup = group;
      for (const list of ruleLists) {
        const { rules, at } = ruleList(fields, base, list);
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule, i) => {
          if (isObject(rule)) draft.rules.push({ rule, pointer: [...at, i], isDefault: list !== 'securityRules' });
          else
            builder.rowError(
              locate([...at, i]),
              isTypeNameText(rule)
                ? `${name}: NSG rule is a type name, cut off by ConvertTo-Json's -Depth (export with -Depth 10)`
                : `${name}: NSG rule is not an object`,
            );
        });
      }
      nsgs.set(`${name}\u001f${nsgs.size}`, draft);
      continue;
    }
    const match = id ? RULE_ID.exec(id) : null;
    if (!match || !id) {
      builder.rowError(
        locate(pointer),
        'NSG rule without an id naming its NSG (…/networkSecurityGroups/<name>/securityRules/<rule>)',
      );
      continue;
    }
    const name = match[1] ?? '';
    const nsgId =
      id.slice(0, id.toLowerCase().indexOf(`/networksecuritygroups/${name.toLowerCase()}`)) +
      `/networkSecurityGroups/${name}`;
    const draft = nsgs.get(nsgId.toLowerCase()) ?? { name, id: nsgId, pointer, rules: [] };
    const group = text(prop(item, 'resourceGroup', 'ResourceGroupName')) ?? RESOURCE_GROUP.exec(id)?.[1];
    if (group) draft.resourceGroup = group;
    nsgs.set(nsgId.toLowerCase(), draft);
    draft.rules.push({ rule: item, pointer, isDefault: match[2]?.toLowerCase() === 'defaultsecurityrules' });
  }
  return [...nsgs.values()];
}

/** The Azure NSG importer: fills `network.azure.nsgs` and sets `network.azure.endpointsInUse`. */
export function createAzureNsgImporter(): Importer {
  return {
    name: 'azure-nsg',
    description: 'Azure NSGs: az network nsg rule list / nsg show / nsg list -o json, or ARM/REST JSON',
    supplies: [
      {
        fact: 'network.azure.nsgs',
        command: 'az network nsg list -o json (or Get-AzNetworkSecurityGroup | ConvertTo-Json -Depth 10)',
      },
      { fact: 'network.azure.endpointsInUse', command: 'az network nsg list -o json' },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (hasKeys(keys, 'securityRules') || hasKeys(keys, 'defaultSecurityRules')) return true;
      return (
        hasKeys(keys, 'priority', 'direction', 'access') && /\/networkSecurityGroups\//i.test(input.slice(0, 16384))
      );
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'azure-nsg', parsed.diagnostics);
      const builder = new PartBuilder(file, 'azure-nsg');
      const locate = (p: Pointer) => parsed.locate(p);
      const drafts = collectNsgs(parsed.value, builder, locate);
      if (drafts.length === 0) return builder.result();
      const network = builder.network(() => locate([]));
      const nsgs: Record<string, unknown>[] = [];
      network.azure = { endpointsInUse: true, nsgs };
      builder.set(['network', 'azure'], () => locate([]));
      builder.set(['network', 'azure', 'nsgs'], () => locate(drafts[0]?.pointer ?? []));
      builder.set(['network', 'azure', 'endpointsInUse'], () => locate([]));
      for (const draft of drafts) {
        const n = nsgs.length;
        const nsg: Record<string, unknown> = { name: draft.name };
        if (draft.id) nsg.id = draft.id;
        if (draft.resourceGroup) nsg.resourceGroup = draft.resourceGroup;
        builder.set(['network', 'azure', 'nsgs', n], () => locate(draft.pointer));
        const custom: unknown[] = [];
        const defaults: unknown[] = [];
        for (const raw of draft.rules) {
          const list = raw.isDefault ? defaults : custom;
          const key = raw.isDefault ? 'defaultRules' : 'rules';
          const rule = readRule(raw, locate, builder, ['network', 'azure', 'nsgs', n, key, list.length]);
          if (rule) list.push(rule);
        }
        nsg.rules = custom;
        if (defaults.length > 0) nsg.defaultRules = defaults;
        nsgs.push(nsg);
      }
      return builder.result();
    },
  };
}

// The rule schema's operator part: assembled from the operators' value schemas, and each bad value a located error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../engine/compile/compile.js';
import { formatDiagnostic } from '../../../engine/errors.js';
import { loadPack } from '../../../engine/load/packs.js';
import { operators } from '../../../engine/operators/index.js';
import { buildRuleSchema } from '../../../engine/operators/rule-schema.js';
import { getSchemas } from '../../../run/aipcheck.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const fixtures = path.join(root, 'test/engine/fixtures/mini');
const manifest = readFileSync(path.join(fixtures, 'pack.yaml'), 'utf8');
const macos = readFileSync(path.join(fixtures, 'mini.macos.yaml'), 'utf8');

/** The fixture rule with its leaf's operator and value (YAML flow text) replaced; `value:` is at 21:3. */
function ruleWith(operator: string, value: string): string {
  return macos
    .replace('operator: versionGreaterThanOrEqual', `operator: ${operator}`)
    .replace('value: "10.8"', `value: ${value}`);
}

/** The located diagnostics of loading, then compiling, the fixture rule with this leaf. */
function diagnosticsOf(operator: string, value: string): string[] {
  const loaded = loadPack(
    { file: 'p/pack.yaml', text: manifest },
    [{ file: 'p/mini.macos.yaml', text: ruleWith(operator, value) }],
    {
      manifest: getSchemas().pack,
      rule: getSchemas().rule,
      engineVersion: '0.1.0',
    },
  );
  if (!loaded.pack) return loaded.diagnostics.map(formatDiagnostic);
  return compileRules(loaded.pack.rules, { operators }).diagnostics.map(formatDiagnostic);
}

const at = (column: number, message: string) => `p/mini.macos.yaml:21:${column}: schema-violation: ${message}`;

describe('rules/rule.schema.json', () => {
  it('is assembled from the operator registry (run `npm run rule-schema` if not)', () => {
    const committed = JSON.parse(readFileSync(path.join(root, 'rules/rule.schema.json'), 'utf8'));
    expect(committed).toEqual(buildRuleSchema(committed, operators));
  });

  it('checks the value of every operator that constrains it', () => {
    const committed = JSON.parse(readFileSync(path.join(root, 'rules/rule.schema.json'), 'utf8'));
    const checked = Object.keys(committed.$defs.values).sort();
    const unchecked = [...operators.keys()].filter((name) => !checked.includes(name)).sort();
    expect(unchecked).toEqual([
      'contains',
      'doesNotContain',
      'equal',
      'greaterThan',
      'greaterThanInclusive',
      'lessThan',
      'lessThanInclusive',
      'notEqual',
    ]);
  });
});

describe('a bad literal value is a located, worded diagnostic at the value', () => {
  it.for([
    ['versionGreaterThanOrEqual', 'ten', 3, "versionGreaterThanOrEqual: 'ten' is not a dotted numeric version"],
    ['versionEqual', '[10]', 3, 'versionEqual: version must be a string or number'],
    // What the schema cannot say, compiling the value says, at the same place.
    ['versionLessThan', '-1', 3, "versionLessThan: '-1' is not a dotted numeric version"],
    ['versionInRange', '{}', 3, 'versionInRange: needs min, max or both'],
    ['versionInRange', '{ min: "10", max: "9" }', 3, 'versionInRange: min must be lower than max (max is exclusive)'],
    ['versionInRange', '"10"', 3, 'versionInRange: needs a value { min?, max? }'],
    ['versionClassIn', '{ table: exchange, products: [] }', 29, 'versionClassIn: needs a non-empty products list'],
    ['in', '"macos"', 3, 'in: value must be an array'],
    ['notIn', '{ a: 1 }', 3, 'notIn: value must be an array'],
    ['forestsSynced', 'false', 3, 'forestsSynced: takes the value true'],
    ['rmsConnectorUsed', '"yes"', 3, 'rmsConnectorUsed: takes the value true'],
    ['platformPresent', '""', 3, 'platformPresent: takes a platform name, e.g. android'],
    [
      'tlsMinimumEnabled',
      '{ minimum: "1.5", enabledByDefault: [] }',
      12,
      'tlsMinimumEnabled: minimum must be one of 1.0, 1.1, 1.2, 1.3',
    ],
    ['tlsMinimumEnabled', '[]', 3, 'tlsMinimumEnabled: needs a value { minimum, enabledByDefault }'],
    ['windowsKindIs', '{ kind: client }', 3, 'windowsKindIs: needs a value { kind, assume }'],
    [
      'registryValueEquals',
      '{ path: HKLM, type: REG_DWORD, data: 1 }',
      12,
      'registryValueEquals: needs a path such as HKLM\\SOFTWARE\\Vendor\\ValueName',
    ],
    [
      'registryValueEquals',
      '{ path: "HKLM\\\\A\\\\B", type: DWORD, data: 1 }',
      32,
      'registryValueEquals: type must be one of REG_DWORD, REG_QWORD, REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_BINARY',
    ],
    [
      'nsgAllowsOutbound',
      '{ destination: Internet }',
      3,
      'nsgAllowsOutbound: needs a value { destination, ports, protocol? }',
    ],
    [
      'nsgAllowsOutbound',
      '{ destination: Internet, ports: 443, protocol: icmp }',
      3,
      'nsgAllowsOutbound: protocol must be Tcp, Udp or *, got icmp',
    ],
    ['allowsHost', '{ host: 7 }', 12, 'allowsHost: value needs a host string'],
    ['allowsAddress', '{ address: "13.107.6.0/24" }', 3, "allowsAddress: '13.107.6.0/24' is not an IP address"],
    ['hostPatternsCover', '{ host: x }', 3, 'hostPatternsCover: host pattern must be a string'],
    [
      'issuersFromOrganization',
      '{ endpoint: "*.aadrm.com", organization: " " }',
      37,
      'issuersFromOrganization: needs an organization string',
    ],
    ['protectsSameUsers', '{ scope: some }', 12, 'protectsSameUsers: value needs a scope (all, groups or none)'],
    ['everyItem', '{ property: synced }', 3, 'everyItem: needs a value { property, equal, whenEmpty? }'],
    [
      'everyItem',
      '{ property: synced, equal: true, whenEmpty: maybe }',
      43,
      'everyItem: whenEmpty must be true, false or unknown',
    ],
    ['intersects', 'a', 3, 'intersects: value must be a list'],
  ] as const)('%s %s', ([operator, value, column, message]) => {
    expect(diagnosticsOf(operator, value)).toEqual([at(column, message)]);
  });

  it('names an unknown key of a value where it is', () => {
    expect(diagnosticsOf('windowsKindIs', '{ kind: client, assume: server, guess: client }')).toEqual([
      'p/mini.macos.yaml:21:42: schema-violation: windowsKindIs: unknown value keys: guess',
    ]);
  });

  it('names an unknown operator with the known ones', () => {
    const [diagnostic] = diagnosticsOf('versionAtLeast', '"10.8"');
    expect(diagnostic).toMatch(
      /^p\/mini\.macos\.yaml:20:3: unknown-operator: unknown operator "versionAtLeast"; known operators: allowsAddress, /,
    );
  });

  it.for([
    ['versionGreaterThanOrEqual', '10'],
    ['versionInRange', '{ min: "10.8", max: 11 }'],
    ['versionClassIn', '{ table: exchange, products: [Exchange Server 2019] }'],
    ['in', '["10.8"]'],
    ['equal', '{ any: thing }'],
    ['forestsSynced', 'true'],
    ['tlsMinimumEnabled', '{ minimum: "1.2", enabledByDefault: ["1.2"] }'],
    ['registryValueEquals', '{ path: "Computer\\\\HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\V", type: REG_SZ, data: x }'],
    ['nsgAllowsOutbound', '{ destination: AzureActiveDirectory, ports: "*", protocol: tcp }'],
    ['everyItem', '{ property: synced, equal: true, whenEmpty: unknown }'],
    ['intersects', '[a, b]'],
    // A value read from a fact is checked when it is read, whatever the operator.
    ['windowsKindIs', '{ fact: device, path: $.os }'],
  ] as const)('accepts %s %s', ([operator, value]) => {
    expect(diagnosticsOf(operator, value)).toEqual([]);
  });
});

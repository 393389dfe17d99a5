// Hand-built reports for reporter tests: realistic rule metadata, every outcome, and awkward characters.
import type {
  Finding,
  LoadedRule,
  Outcome,
  PackManifest,
  Report,
  RuleDefinition,
  Summary,
} from '../../engine/types.js';

const locate = () => ({ line: 1, column: 1 });

const SOURCE = 'https://learn.microsoft.com/azure/information-protection/requirements';

export const aipPack: PackManifest = {
  name: 'aip',
  version: '1.2.0',
  title: 'Azure Information Protection requirements',
  source: { title: 'Azure Information Protection requirements', url: SOURCE, revised: '2021-04-12' },
  engine: '^0.1.0',
};

export const customPack: PackManifest = {
  name: 'contoso-extra',
  version: '0.3.1',
  title: 'Contoso <internal> & "extra" checks',
  source: {
    title: 'Contoso security baseline',
    url: 'https://intranet.contoso.example/baseline',
    revised: '2024-01-01',
  },
  engine: '^0.1.0',
};

function rule(definition: Omit<RuleDefinition, 'require' | 'messages'>, pack = aipPack): LoadedRule {
  return {
    definition: {
      ...definition,
      require: { fact: 'device', path: '$.os.version', operator: 'versionAtLeast', value: '10.0' },
      messages: { fail: '{target.name} fails {rule.id}.' },
    },
    pack,
    file: `rules/${pack.name}/${definition.id}.yaml`,
    locate,
  };
}

export const windowsRule = rule({
  id: 'AIP-OS-WINDOWS',
  version: '1.1.0',
  title: 'Windows computers run Windows 10 or Windows 11',
  severity: 'error',
  description:
    'Checks that every Windows computer runs an operating system version that Azure Rights Management supports.',
  source: {
    section: '#supported-operating-systems-for-azure-rights-management',
    sentences: [
      'The following operating systems support the Azure Rights Management service, which provides data protection for AIP:',
      'Windows computers: Windows 10 (x86, x64), Windows 11 (x86, x64)',
    ],
  },
  rationale: 'Older Windows releases cannot open or apply protection, so protected documents are unreadable on them.',
  remediation: 'Upgrade the computer to a supported Windows 10 or Windows 11 release, or retire it.',
  references: [`${SOURCE}#supported-operating-systems-for-azure-rights-management`, 'not a url'],
  tags: ['os', 'windows', 'devices'],
  appliesTo: { kind: 'device', platforms: ['windows'] },
});

export const firewallRule = rule({
  id: 'AIP-NET-LABELS-URL',
  version: '2.0.0',
  title: 'The firewall allows *.protection.outlook.com over HTTPS',
  severity: 'error',
  source: {
    section: '#firewalls-and-network-infrastructure',
    sentences: ['To download labels and label policies, allow the following URL over HTTPS: *.protection.outlook.com'],
  },
  rationale: 'Clients that cannot reach *.protection.outlook.com never receive labels or label policies.',
  remediation:
    'Add an egress allowlist entry for *.protection.outlook.com on port 443 (HTTPS).\n- Do not use a narrower host.',
  references: ['https://learn.microsoft.com/office365/enterprise/urls-and-ip-address-ranges'],
  tags: Array.from({ length: 24 }, (_, i) => `tag-${String(i).padStart(2, '0')}`),
  appliesTo: { kind: 'organization' },
});

export const tlsRule = rule({
  id: 'AIP-NET-TLS-INSPECTION',
  version: '1.0.0',
  title: 'TLS connections to aadrm.com are not inspected',
  severity: 'warning',
  source: {
    section: '#firewalls-and-network-infrastructure',
    sentences: [
      "Don't terminate any TLS client-to-service connections, for example to perform packet-level inspection, to the aadrm.com URL.",
    ],
  },
  rationale: 'Terminating TLS breaks the certificate pinning that RMS clients use with Microsoft-managed CAs.',
  remediation: 'Exempt *.aadrm.com from TLS inspection on the proxy or firewall.',
  references: [],
  tags: ['network', 'tls'],
  appliesTo: { kind: 'organization' },
});

export const customRule = rule(
  {
    id: 'CONTOSO-ECS',
    version: '0.1.0',
    title: 'ECS is reachable: <config.edge.skype.com> & "friends"',
    severity: 'note',
    source: { section: '#ecs', sentences: ['AIP must have access to the config.edge.skype.com URL.'] },
    rationale: 'Without ECS, Microsoft cannot mitigate [issues](1) in {0} AIP installations `quickly`.',
    remediation: '# Allow config.edge.skype.com\n1. Open the proxy\n> then save',
    references: ['https://learn.microsoft.com/microsoft-365/enterprise/ecs'],
    tags: ['network', 'network', ''],
    appliesTo: { kind: 'organization' },
  },
  customPack,
);

export const rules = [windowsRule, firewallRule, tlsRule, customRule];

const INVENTORY = 'inventories/samples/contoso.yaml';
const AWKWARD_FILE = 'inventories/site #2/Zürich devices 50%.yaml';

interface FindingInput {
  rule: LoadedRule;
  outcome: Outcome;
  target: Finding['target'];
  message: string;
  file?: string;
  line?: number;
  column?: number;
  evidence?: Finding['evidence'];
}

export function finding(input: FindingInput): Finding {
  const def = input.rule.definition;
  return {
    ruleId: def.id,
    ruleVersion: def.version,
    pack: input.rule.pack.name,
    level: def.severity,
    outcome: input.outcome,
    messageId: input.outcome === 'waived' ? 'fail' : input.outcome,
    target: input.target,
    message: input.message,
    location: { file: input.file ?? INVENTORY, line: input.line ?? 1, column: input.column ?? 1 },
    ...(input.evidence ? { evidence: input.evidence } : {}),
  };
}

/** Counts outcomes the way the engine does. */
export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
  for (const f of findings) summary[f.outcome]++;
  return summary;
}

const org = { kind: 'organization', id: 'contoso', name: 'Contoso Ltd' } as const;

/** Every outcome, every level, and the characters that break naive reporters. */
export const findings: Finding[] = [
  finding({
    rule: firewallRule,
    outcome: 'fail',
    target: org,
    message:
      'The egress allowlist does not allow *.protection.outlook.com over HTTPS. Clients cannot download labels.\nFound: "*.outlook.com:80" <tcp> & more.',
    line: 40,
    column: 7,
    evidence: {
      checks: [
        {
          in: 'require',
          fact: 'network.egress.allow',
          valueSummary: 'array of 57 items',
          location: { file: INVENTORY, line: 40, column: 7 },
          operator: 'allowsHost',
          expected: { host: '*.protection.outlook.com', port: 443, protocol: 'https' },
          result: 'false',
          deciding: { allowlistEntry: null, nearMisses: ['*.outlook.com <tcp> allows port 80, not 443 | & more'] },
        },
      ],
      missing: [],
    },
  }),
  finding({
    rule: tlsRule,
    outcome: 'unknown',
    target: org,
    message: 'Cannot tell whether TLS to aadrm.com is inspected: network.tlsInspection is missing.',
    line: 1,
    column: 1,
  }),
  finding({
    rule: windowsRule,
    outcome: 'fail',
    target: { kind: 'device', id: 'WS-0001', name: 'Finance <laptop> & "Q\'s" ]]>' },
    message:
      'Finance laptop runs Windows 8.1 (build 9600), which Azure Rights Management does not support. Upgrade it.',
    file: AWKWARD_FILE,
    line: 12,
    column: 5,
    evidence: {
      checks: [
        {
          in: 'require',
          fact: 'device.os.version',
          value: '6.3.9600 <"8.1"> & `x`',
          operator: 'versionAtLeast',
          expected: '10.0',
          result: 'false',
        },
      ],
      missing: [],
    },
  }),
  finding({
    rule: windowsRule,
    outcome: 'error',
    target: { kind: 'device', id: 'WS-0002', name: 'Bad\u0001name\u0007 with \u001b[31mANSI\u001b[0m' },
    message: 'Cannot compare version "ten" with "10.0": not a dotted version.\u0000\uFFFE',
    file: AWKWARD_FILE,
    line: 20,
    column: 5,
  }),
  finding({
    rule: windowsRule,
    outcome: 'pass',
    target: { kind: 'device', id: 'WS-0003', name: 'Zürich 日本 laptop 🚀' },
    message: 'Zürich 日本 laptop 🚀 runs Windows 11 (build 22631).',
    file: AWKWARD_FILE,
    line: 28,
    column: 5,
  }),
  finding({
    rule: windowsRule,
    outcome: 'notApplicable',
    target: { kind: 'device', id: 'WS-0004', name: 'WS-0004' },
    message: 'WS-0004 is not a Windows computer | skipped.',
    line: 60,
    column: 5,
  }),
  finding({
    rule: windowsRule,
    outcome: 'unknown',
    target: { kind: 'device', id: 'WS-0005', name: 'Line\nbreak\r\nname\ttab' },
    message: 'Cannot tell which Windows version Line break name runs:\ndevice.os.version is missing.',
    file: 'C:\\inventories\\absolute.yaml',
    line: 0,
    column: 0,
    evidence: {
      checks: [
        { in: 'require', fact: 'device.os.version', operator: 'versionAtLeast', expected: '10.0', result: 'unknown' },
      ],
      missing: ['device.os.version'],
    },
  }),
  finding({
    rule: customRule,
    outcome: 'fail',
    target: org,
    message: 'config.edge.skype.com is blocked ]]> by rule {proxy-7}.',
    line: 52,
    column: 3,
  }),
];

export const notices: Report['notices'] = [
  {
    code: 'unknown-field',
    level: 'warning',
    message: 'Ignored the unknown field "colour" <typo?> & kept going.',
    location: { file: AWKWARD_FILE, line: 3, column: 1 },
  },
  { code: 'stale-snapshot', level: 'note', message: 'The snapshot is 400 days old.' },
];

/** The unknowns of `findings` by missing fact, as the facade sums them up. */
const unknownFacts: Report['unknownFacts'] = [
  {
    fact: 'device.os.version',
    outcomes: 1,
    rules: ['AIP-OS-WINDOWS'],
    sources: [
      { importer: 'intune-csv', command: 'Intune admin center > Devices > All devices > Export (CSV) | <all>' },
    ],
  },
  { fact: '', outcomes: 1, rules: ['AIP-NET-TLS-INSPECTION'], sources: [] },
];

/** Builds a report around findings; summary counted from them. */
export function buildReport(overrides: Partial<Report> = {}): Report {
  const list = overrides.findings ?? findings;
  return {
    tool: { name: 'aipcheck', version: '0.1.0', informationUri: 'https://github.com/contoso/aipcheck' },
    packs: [
      { name: aipPack.name, version: aipPack.version },
      { name: customPack.name, version: customPack.version },
    ],
    rules,
    inputs: [INVENTORY, AWKWARD_FILE],
    notices,
    ...(overrides.findings ? {} : { unknownFacts }),
    snapshotId: 'contoso/2024-06-01',
    ...overrides,
    findings: list,
    summary: overrides.summary ?? summarize(list),
  };
}

/** A report with `count` failing findings spread over the three levels (for the 25,000 cap). */
export function buildLargeReport(count: number): Report {
  const levelRules = [customRule, tlsRule, windowsRule];
  const many: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const r = levelRules[i % levelRules.length] ?? windowsRule;
    const id = `DEV-${String(i).padStart(6, '0')}`;
    many.push(
      finding({
        rule: r,
        outcome: 'fail',
        target: { kind: 'device', id, name: id },
        message: `${id} fails ${r.definition.id}.`,
        line: i + 1,
        column: 3,
      }),
    );
  }
  return buildReport({ findings: many, notices: [] });
}

// Importer for the AIP service cmdlets: Get-AipService, Get-AipServiceConfiguration, Get-AipServiceOnboardingControlPolicy.

import { isObject, listItems, readJson, sniffJsonKeys } from '../formats/json-input.js';
import { readBracketPairs, readFormatList, readFormatTable } from '../formats/powershell.js';
import type { Position } from '../formats/source-map.js';
import { readExportDate } from './dates.js';
import type { Importer, ImportResult } from './importer.js';
import { readBoolean } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

/** Keys that only AIP service output has: documented and observed names of the service id, and the policy. */
const MARKERS = [
  'FunctionalState',
  'AzureInformationProtectionServiceId',
  'RightsManagementServiceId',
  'BPOSId',
  'AipServiceOnboardingControlPolicy',
  'SecurityGroupObjectId',
  'UseRmsUserLicense',
];
const MARKER_LINE = new RegExp(`^\\s*(${MARKERS.join('|')})\\s*:`, 'im');
const STATUS_ONLY = /^(?:\s*PS [^>\r\n]*>[^\r\n]*\r?\n)*\s*"?(Enabled|Disabled)"?\s*$/i;
const TABLE_HEADER = /^\s*UseRmsUserLicense\s+SecurityGroupObjectId/im;
const EMPTY_GROUP = /^(|0{8}-0{4}-0{4}-0{4}-0{12}|\{\s*\})$/;

interface Fact {
  value: unknown;
  at: Position;
}

/** Every `key → value` the file states, last one wins; keys lower-cased. */
type Facts = Map<string, Fact>;

function textFacts(input: string): Facts {
  const facts: Facts = new Map();
  const status = STATUS_ONLY.exec(input);
  if (status) {
    const line = input.slice(0, status.index + status[0].indexOf(status[1] ?? '')).split(/\r?\n/).length;
    facts.set('functionalstate', { value: status[1], at: { line, column: 1 } });
    return facts;
  }
  for (const entry of readFormatList(input)) {
    const at = { line: entry.line, column: entry.column };
    facts.set(entry.key.toLowerCase(), { value: entry.value, at });
    // The Compliance Utility logs the policy as `{[UseRmsUserLicense, False], [SecurityGroupObjectId, …], [Scope, All]}`.
    if (entry.key.toLowerCase() === 'aipserviceonboardingcontrolpolicy') {
      for (const [key, value] of Object.entries(readBracketPairs(entry.value)))
        facts.set(key.toLowerCase(), { value, at });
    }
  }
  if (TABLE_HEADER.test(input)) {
    for (const row of readFormatTable(input)) {
      for (const [key, value] of Object.entries(row.cells))
        facts.set(key.toLowerCase(), { value, at: { line: row.line, column: 1 } });
    }
  }
  return facts;
}

function jsonFacts(value: unknown, locate: (p: (string | number)[]) => Position): Facts {
  const facts: Facts = new Map();
  if (typeof value === 'string' || typeof value === 'number') {
    facts.set('functionalstate', { value, at: locate([]) });
    return facts;
  }
  for (const { item, pointer } of listItems(value)) {
    if (!isObject(item)) continue;
    for (const [key, v] of Object.entries(item))
      facts.set(key.toLowerCase(), { value: v, at: locate([...pointer, key]) });
  }
  return facts;
}

/** Reads the facts into `organization.rightsManagement.azureRms`. */
function addService(builder: PartBuilder, facts: Facts): void {
  const rms: Record<string, unknown> = {};
  const base = ['organization', 'rightsManagement', 'azureRms'];
  const state = facts.get('functionalstate');
  if (state) {
    const text = String(state.value).trim();
    if (/^(enabled|disabled)$/i.test(text)) {
      rms.active = /^enabled$/i.test(text);
      builder.set([...base, 'active'], state.at);
    } else {
      builder.rowError(
        state.at,
        `FunctionalState ${JSON.stringify(state.value)} is not Enabled or Disabled (export enums as text)`,
      );
    }
  }
  const license = facts.get('usermsuserlicense');
  const group = facts.get('securitygroupobjectid');
  const scope = facts.get('scope');
  if (license || group) {
    const controls: Record<string, unknown> = {};
    const useLicense = readBoolean(license?.value);
    if (useLicense !== undefined) controls.useRmsUserLicense = useLicense;
    const groupId = typeof group?.value === 'string' ? group.value.trim() : '';
    if (!EMPTY_GROUP.test(groupId)) controls.securityGroup = groupId;
    // The policy's scope enum is kept only as text (All, WindowsApp, MobileApp); an integer has no documented name.
    if (typeof scope?.value === 'string' && scope.value.trim() !== '') controls.scope = scope.value.trim();
    // Onboarding controls restrict who can protect content: by group membership, by license, or both.
    controls.configured = controls.securityGroup !== undefined || useLicense === true;
    rms.onboardingControls = controls;
    const at = (group ?? license)?.at ?? { line: 1, column: 1 };
    builder.set([...base, 'onboardingControls'], at);
    for (const [key, fact] of [
      ['useRmsUserLicense', license],
      ['securityGroup', group],
      ['scope', scope],
      ['configured', group ?? license],
    ] as const) {
      if (fact) builder.set([...base, 'onboardingControls', key], fact.at);
    }
    rms.protects = controls.securityGroup ? { scope: 'groups', groups: [controls.securityGroup] } : { scope: 'all' };
    builder.set([...base, 'protects'], at);
  }
  if (rms.active === false) {
    rms.protects = { scope: 'none' };
    if (state) builder.set([...base, 'protects'], state.at);
  }
  if (Object.keys(rms).length === 0) {
    builder.rowError(
      undefined,
      'no AIP service facts (FunctionalState, Enabled/Disabled, onboarding control policy) found',
    );
    return;
  }
  const first = state ?? group ?? license;
  const organization = builder.organization(first?.at ?? { line: 1, column: 1 });
  organization.rightsManagement = { azureRms: rms };
  builder.set(['organization', 'rightsManagement'], first?.at ?? { line: 1, column: 1 });
  builder.set(base, first?.at ?? { line: 1, column: 1 });
  const stamp = facts.get('date/timestamp');
  const collected = stamp ? readExportDate(stamp.value) : undefined;
  if (collected?.kind === 'date') builder.snapshot.snapshot.collectedAt = collected.iso;
}

/**
 * The AIP service importer. Reads `Get-AipService` (`Enabled`/`Disabled`), `Get-AipServiceConfiguration`
 * (Format-List, documented `AzureInformationProtectionServiceId` or observed `RightsManagementServiceId`
 * naming; `FunctionalState` is `active`), `Get-AipServiceOnboardingControlPolicy` (table or list), the
 * Compliance Utility's AIPServiceConfiguration.log, or any of them as JSON; several may share one file.
 */
export function createAipServiceImporter(): Importer {
  return {
    name: 'aip-service',
    description:
      'Get-AipService / Get-AipServiceConfiguration / Get-AipServiceOnboardingControlPolicy output (text or JSON)',
    supplies: [
      {
        fact: 'organization.rightsManagement.azureRms.active',
        command: `Get-AipService (or the Compliance Utility's AIPServiceConfiguration.log)`,
      },
      {
        fact: 'organization.rightsManagement.azureRms.onboardingControls',
        command: 'Get-AipServiceOnboardingControlPolicy | ConvertTo-Json',
      },
      {
        fact: 'organization.rightsManagement.azureRms.protects',
        command: 'Get-AipServiceOnboardingControlPolicy | ConvertTo-Json',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys) return MARKERS.some((m) => keys.has(m.toLowerCase()));
      const head = input.slice(0, 16384);
      return STATUS_ONLY.test(head) || MARKER_LINE.test(head) || TABLE_HEADER.test(head);
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'aip-service');
      if (/^\s*[[{"\d]/.test(input) && !STATUS_ONLY.test(input)) {
        const parsed = readJson(input, file);
        if (!parsed.ok) return failedImport(file, 'aip-service', parsed.diagnostics);
        addService(builder, jsonFacts(parsed.value, parsed.locate));
      } else {
        addService(builder, textFacts(input));
      }
      return builder.result();
    },
  };
}

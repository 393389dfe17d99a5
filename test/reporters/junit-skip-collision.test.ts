// A pack rule whose id is the built-in input rule's makes two sections of one rule id: the findings' index adds
// both up, and a reporter that skips the rest of a rule skips both, so JUnit is the report of the same findings
// read one by one.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../engine/types.js';
import { getReporter } from '../../reporters/index.js';
import { evaluateLazily } from '../../run/aipcheck.js';
import { tempDir } from '../temp-dir.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const fixtures = path.join(root, 'test/inventories/fixtures');

describe('JUnit of a rule in two sections', () => {
  it.each([1, 2])('is the same as of the findings as a list, --junit-max-listed %i', async (max) => {
    const pack = tempDir('collide');
    cpSync(path.join(root, 'test/engine/fixtures/mini/pack.yaml'), path.join(pack, 'pack.yaml'));
    const manifest = path.join(pack, 'pack.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('name: mini', 'name: aipcheck'));
    writeFileSync(
      path.join(pack, 'aipcheck.input.unreadable-row.yaml'),
      `id: aipcheck.input.unreadable-row
version: 2.0.0
title: Authenticating proxy uses integrated Windows authentication
severity: warning
source:
  section: "#firewalls-and-network-infrastructure"
  sentences:
    - If you use a web proxy that requires authentication, you must configure the proxy to use integrated Windows authentication with the user's Active Directory sign in credentials.
rationale: Clients authenticate to the proxy with the signed-in user's credentials.
remediation: Configure the proxy for integrated Windows authentication.
references:
  - https://learn.microsoft.com/en-us/azure/information-protection/requirements#firewalls-and-network-infrastructure
tags: [network, proxy]
appliesTo:
  kind: device
require:
  fact: device
  path: $.id
  operator: forestsSynced
  value: true
messages:
  fail: "The web proxy authenticates with x, not integrated Windows authentication."

`,
    );
    const report = await evaluateLazily({
      inputs: [path.join(fixtures, 'intune-all-devices.csv')],
      cwd: fixtures,
      rules: [pack],
      noBuiltinRules: true,
      includePassing: true,
      keepGoing: true,
      threads: 1,
    });
    try {
      const junit = getReporter('junit');
      if (!junit) throw new Error('no JUnit reporter');
      const text = (r: ReportView) => [...junit(r, { junitMaxListed: max })].join('');
      // Every finding is an error of the one rule: ten from the pack's rule, one skipped row.
      expect(report.findings.length).toBe(11);
      expect(text(report)).toBe(text({ ...report, findings: report.findings.toArray() }));
    } finally {
      report.release();
    }
  });
});

// SARIF reporter: golden files, the SARIF 2.1.0 schema, Microsoft's Multitool (GitHub rules), the 25,000 cap.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../engine/types.js';
import type { ReporterOptions } from '../../reporters/reporter.js';
import {
  fingerprintOf,
  formatSarif,
  MAX_SARIF_NOTICES,
  MAX_SARIF_RESULTS,
  toArtifactLocation,
} from '../../reporters/sarif.js';
import { SECURITY_SEVERITY } from '../../reporters/sarif-rules.js';
import { expectGolden, render } from './helpers.js';
import { buildLargeReport, buildReport, finding, findings, windowsRule } from './report-fixture.js';
import { multitoolErrors, sarifSchemaErrors } from './validators.js';

// biome-ignore lint/suspicious/noExplicitAny: SARIF logs are checked structurally below.
type Sarif = any;

/** Every distinct SARIF file the tests produce, by text, for one Multitool run at the end. */
const produced = new Map<string, string>();

/**
 * Logs the Multitool is not run on: the log at the default cap (5,000 results, 3 MB) takes it longer than all the
 * others together. Its shapes (listed results, one summary result per rule, the results-truncated notification) are those of
 * 'cap-small', which the Multitool checks; its size is held to the cap by the test that makes it.
 */
const NOT_FOR_MULTITOOL = new Set(['large']);

function sarifOf(name: string, report: Report, options: ReporterOptions = {}): Sarif {
  const text = render(formatSarif, report, options);
  if (!NOT_FOR_MULTITOOL.has(name) && !produced.has(text)) produced.set(text, name);
  const log = JSON.parse(text);
  expect(sarifSchemaErrors(log)).toEqual([]);
  return log;
}

const report = buildReport();

describe('formatSarif notifications', () => {
  it('leaves text that spells the notifications slot alone when there are none', () => {
    const slot = '\u0000aipcheck:toolExecutionNotifications\u0000';
    const base = buildReport({ findings: [] });
    const report = { ...base, notices: [], tool: { ...base.tool, version: slot } };
    const run = JSON.parse(render(formatSarif, report, { includePassing: true })).runs[0];
    expect(run.tool.driver.semanticVersion).toBe(slot);
    expect(run.invocations[0].toolExecutionNotifications).toBeUndefined();
  });

  it('lists the first MAX_SARIF_NOTICES input notices and counts the others in one notification', () => {
    const notices = Array.from({ length: MAX_SARIF_NOTICES + 250 }, (_, i) => ({
      code: i % 5 === 0 ? 'duplicate-asset' : 'missing-role',
      level: i === MAX_SARIF_NOTICES + 7 ? ('error' as const) : ('warning' as const),
      message: `notice ${i}`,
      location: { file: 'inventories/ad.csv', line: i + 2, column: 1 },
    }));
    const log = sarifOf('notices-cut', { ...buildReport(), notices }, { includePassing: true });
    const listed = log.runs[0].invocations[0].toolExecutionNotifications;
    expect(listed.slice(0, MAX_SARIF_NOTICES).map((n: Sarif) => n.message.text)).toEqual(
      notices.slice(0, MAX_SARIF_NOTICES).map((n) => n.message),
    );
    const cut = listed[MAX_SARIF_NOTICES];
    expect(cut.descriptor.id).toBe('notices-truncated');
    expect(cut.level).toBe('error');
    expect(cut.message.text).toMatch(/^250 more input notices are not listed \(duplicate-asset 50, missing-role 200\)/);
    expect(listed).toHaveLength(MAX_SARIF_NOTICES + 1);
  });

  // They are laid out one at a time, not through one JSON.stringify of the run: the bytes must be that layout.
  it.each([
    ['none', 'none', {}],
    ['a few, timestamped', 'few', { timestamp: '2024-06-01T00:00:00.000Z' }],
    ['many', 'many', {}],
  ] as const)('lays out the run head as JSON.stringify does: %s', (_name, notices, options) => {
    const base = buildReport();
    const many = Array.from({ length: 300 }, (_, i) => ({
      code: 'missing-role',
      level: 'warning' as const,
      message: `server srv-${i} has no role in any input, so no server rule was evaluated for it`,
      location: { file: 'inventories/ad.csv', line: i + 2, column: 1 },
    }));
    const report = { ...base, notices: notices === 'many' ? many : notices === 'none' ? [] : base.notices };
    const text = render(formatSarif, report, options);
    const { results: _, ...run } = JSON.parse(text).runs[0];
    const head = JSON.stringify(run, null, 2).replace(/\n}$/, '');
    expect(text.startsWith(`${text.slice(0, text.indexOf('    {'))}    ${head.replaceAll('\n', '\n    ')},\n`)).toBe(
      true,
    );
    const listed = JSON.parse(text).runs[0].invocations[0].toolExecutionNotifications ?? [];
    expect(listed.length).toBeGreaterThanOrEqual(report.notices.length);
  });
});

describe('formatSarif', () => {
  it('matches the golden files', () => {
    expectGolden('report.sarif', render(formatSarif, report));
    expectGolden(
      'report-passing.sarif',
      render(formatSarif, report, { includePassing: true, timestamp: '2024-06-01T12:00:00.000Z' }),
    );
  });

  it('gives the same bytes for the same report and options', () => {
    const options = { includePassing: true };
    expect(render(formatSarif, buildReport(), options)).toBe(render(formatSarif, buildReport(), options));
  });

  it('writes the results one chunk each', () => {
    const chunks = [...formatSarif(report, { includePassing: true })];
    expect(chunks.length).toBeGreaterThan(findings.length);
  });

  it('reports what --fail-on gates on by default: fail and error, with SARIF kinds and levels', () => {
    const run = sarifOf('default', report).runs[0];
    const byOutcome = run.results.map((r: Sarif) => [r.properties.outcome, r.kind, r.level]);
    // In report order: by rule id, then target.
    expect(byOutcome).toEqual([
      ['fail', 'fail', 'error'],
      ['fail', 'fail', 'error'],
      ['error', 'review', 'none'],
      ['fail', 'fail', 'note'],
    ]);
    const undecided = run.invocations[0].toolExecutionNotifications.find(
      (n: Sarif) => n.descriptor.id === 'undecided-checks',
    );
    expect(undecided).toEqual({
      level: 'note',
      message: {
        text:
          '2 checks could not be decided because the inventory lacks facts they need; the text and JSON reports ' +
          'name the missing facts. By rule: AIP-NET-TLS-INSPECTION (1), AIP-OS-WINDOWS (1).',
      },
      descriptor: { id: 'undecided-checks' },
    });
  });

  it('adds unknown, pass and notApplicable results with includePassing', () => {
    const run = sarifOf('passing', report, { includePassing: true }).runs[0];
    const kinds = run.results
      .map((r: Sarif) => [r.properties.outcome, r.kind, r.level])
      .filter(([outcome]: string[]) => outcome !== 'fail' && outcome !== 'error');
    expect(kinds.sort()).toEqual([
      ['notApplicable', 'notApplicable', 'none'],
      ['pass', 'pass', 'none'],
      ['unknown', 'open', 'none'],
      ['unknown', 'open', 'none'],
    ]);
    expect(run.results).toHaveLength(findings.length);
    const ids = run.invocations[0].toolExecutionNotifications.map((n: Sarif) => n.descriptor.id);
    expect(ids).toEqual(['unknown-field', 'stale-snapshot']);
  });

  it('describes every rule for GitHub: names, descriptions, help, levels, tags, severity', () => {
    const run = sarifOf('rules', report).runs[0];
    const rules = run.tool.driver.rules;
    expect(rules.map((r: Sarif) => r.id)).toEqual([
      'AIP-NET-LABELS-URL',
      'AIP-NET-TLS-INSPECTION',
      'AIP-OS-WINDOWS',
      'CONTOSO-ECS',
    ]);
    for (const r of rules) {
      expect(r.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(r.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(r.properties.tags.length).toBeLessThanOrEqual(20);
      expect(r.properties.tags[0]).toBe('security');
      expect(typeof r.properties['security-severity']).toBe('string');
      expect(r.help.markdown).not.toMatch(/(?<!\\)<(?!https?:)/);
    }
    const windows = rules[2];
    expect(windows).toMatchObject({
      name: 'Windows computers run Windows 10 or Windows 11',
      defaultConfiguration: { level: 'error' },
      helpUri: `${windowsRule.pack.source.url}#supported-operating-systems-for-azure-rights-management`,
      properties: {
        'security-severity': SECURITY_SEVERITY.error,
        ruleVersion: '1.1.0',
        pack: 'aip',
        packVersion: '1.2.0',
      },
    });
    expect(windows.help.text).toContain('Windows computers: Windows 10 (x86, x64), Windows 11 (x86, x64)');
    expect(windows.help.text).toContain('Remediation: Upgrade the computer');
    expect(rules[1].helpUri).toBeUndefined();
    expect(run.tool.extensions).toEqual([
      {
        name: 'aip',
        semanticVersion: '1.2.0',
        fullName: 'Azure Information Protection requirements',
        informationUri: windowsRule.pack.source.url,
      },
      {
        name: 'contoso-extra',
        semanticVersion: '0.3.1',
        fullName: 'Contoso <internal> & "extra" checks',
        informationUri: 'https://intranet.contoso.example/baseline',
      },
    ]);
  });

  it('points every result at one relative, percent-encoded location with a region', () => {
    const run = sarifOf('locations', report, { includePassing: true }).runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBeUndefined();
    for (const r of run.results) {
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.locations[0].physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    const awkward = run.results.find((r: Sarif) => r.message.text.startsWith('Finance laptop'));
    expect(awkward.locations[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'inventories/site%20%232/Z%C3%BCrich%20devices%2050%25.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 12, startColumn: 5 },
      },
      logicalLocations: [
        { name: 'Finance <laptop> & "Q\'s" ]]>', fullyQualifiedName: 'device/WS-0001', kind: 'device' },
      ],
    });
    const absolute = run.results.find(
      (r: Sarif) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'device/WS-0005',
    );
    expect(absolute.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'file:///C:/inventories/absolute.yaml' },
      region: { startLine: 1, startColumn: 1 },
    });
  });

  it('maps paths to artifact locations', () => {
    expect(toArtifactLocation('./a b/c#d.yaml')).toEqual({ uri: 'a%20b/c%23d.yaml', uriBaseId: '%SRCROOT%' });
    expect(toArtifactLocation('../up.yaml')).toEqual({ uri: '../up.yaml', uriBaseId: '%SRCROOT%' });
    expect(toArtifactLocation('/srv/inv entory.yaml')).toEqual({ uri: 'file:///srv/inv%20entory.yaml' });
    expect(toArtifactLocation('sub\\dir\\x.yaml')).toEqual({ uri: 'sub/dir/x.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('keeps fingerprints when a rule version changes, and tells targets apart', () => {
    const base = findings[3];
    if (!base) throw new Error('fixture changed');
    const bumped = {
      ...base,
      ruleVersion: '9.0.0',
      message: 'Different words.',
      location: { ...base.location, line: 99 },
    };
    expect(fingerprintOf(bumped)).toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, target: { ...base.target, id: 'WS-9999' } })).not.toBe(fingerprintOf(base));
    const run = sarifOf('fingerprints', report).runs[0];
    const hashes = run.results.map((r: Sarif) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{16}:1$/);
  });

  it('states the run: automation id, notifications from notices, no times unless asked', () => {
    const run = sarifOf('run', report).runs[0];
    // The category is the organization's, never the snapshot's: every snapshot replaces the last upload.
    expect(run.automationDetails).toEqual({ id: 'aipcheck/organization/' });
    const tenant = sarifOf('tenant', buildReport({ organizationId: '4f1c2d3e-8a9b' })).runs[0];
    expect(tenant.automationDetails).toEqual({ id: 'aipcheck/4f1c2d3e-8a9b/' });
    expect(tenant.properties.organizationId).toBe('4f1c2d3e-8a9b');
    const named = sarifOf('category', report, { sarifCategory: 'aip/site-a' }).runs[0];
    expect(named.automationDetails).toEqual({ id: 'aip/site-a/' });
    const [invocation] = run.invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.startTimeUtc).toBeUndefined();
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'Ignored the unknown field "colour" <typo?> & kept going.' },
        descriptor: { id: 'unknown-field' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: 'inventories/site%20%232/Z%C3%BCrich%20devices%2050%25.yaml',
                uriBaseId: '%SRCROOT%',
              },
              region: { startLine: 3, startColumn: 1 },
            },
          },
        ],
      },
      { level: 'note', message: { text: 'The snapshot is 400 days old.' }, descriptor: { id: 'stale-snapshot' } },
      expect.objectContaining({ descriptor: { id: 'undecided-checks' } }),
    ]);
    const stamped = sarifOf('stamped', report, { timestamp: '2024-06-01T12:00:00Z' }).runs[0].invocations[0];
    expect([stamped.startTimeUtc, stamped.endTimeUtc]).toEqual(['2024-06-01T12:00:00Z', '2024-06-01T12:00:00Z']);
  });

  it('writes messages as SARIF plain text: placeholders braces doubled, at most 2048 characters', () => {
    const long = finding({
      rule: windowsRule,
      outcome: 'fail',
      target: { kind: 'device', id: 'L', name: 'L' },
      message: `Too long. ${'x'.repeat(5000)}`,
    });
    const run = sarifOf('messages', buildReport({ findings: [...findings, long] })).runs[0];
    const ecs = run.results.find((r: Sarif) => r.ruleId === 'CONTOSO-ECS');
    expect(ecs.message.text).toBe('config.edge.skype.com is blocked ]]> by rule {{proxy-7}}.');
    const cut = run.results.find((r: Sarif) => r.message.text.startsWith('Too long.'));
    expect(cut.message.text).toHaveLength(2048);
    expect(cut.message.text.endsWith('…')).toBe(true);
  });

  it('is valid with no findings, notices or rules', () => {
    const empty = buildReport({ findings: [], notices: [], rules: [], packs: [] });
    const run = sarifOf('empty', empty).runs[0];
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toEqual([]);
  });

  it(`keeps at most ${MAX_SARIF_RESULTS} results, shared fairly among the rules, and counts the rest`, () => {
    // 10,000 failures of each of three rules: 1,666 or 1,665 results each, plus one result per rule for the rest.
    const large = buildLargeReport(MAX_SARIF_RESULTS * 6);
    const run = sarifOf('large', large).runs[0];
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    const listed = new Map<string, number>();
    const summaries = run.results.filter((r: Sarif) => r.properties.notListed);
    for (const r of run.results) if (!r.properties.notListed) listed.set(r.ruleId, (listed.get(r.ruleId) ?? 0) + 1);
    expect([...listed.values()].sort()).toEqual([1665, 1666, 1666]);
    expect(summaries.map((r: Sarif) => [r.ruleId, r.properties.listed + r.properties.notListed.fail])).toEqual(
      [...listed.keys()].sort().map((id) => [id, 10_000]),
    );
    for (const s of summaries) {
      expect(s.message.text).toMatch(/^83\d\d more targets fail .* The JSON report .* lists every target\.$/);
      expect(s.level).toBe([...large.findings].find((f) => f.ruleId === s.ruleId)?.level);
    }
    // The kept targets are those whose fingerprints sort first, whatever their place in the inventory.
    for (const ruleId of listed.keys()) {
      const all = [...large.findings]
        .filter((f) => f.ruleId === ruleId)
        .map(fingerprintOf)
        .sort();
      const kept = run.results
        .filter((r: Sarif) => r.ruleId === ruleId && !r.properties.notListed)
        .map((r: Sarif) => r.partialFingerprints['aipcheck/target/v1'])
        .sort();
      expect(kept).toEqual(all.slice(0, kept.length));
    }
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ level: 'warning', descriptor: { id: 'results-truncated' } });
    expect(notes[0].message.text).toMatch(/^Listed 4997 of 30000 results/);
  });

  it('honours --sarif-max-results: a smaller cap, and 0 for none', () => {
    const large = buildLargeReport(300);
    const small = sarifOf('cap-small', large, { sarifMaxResults: 33 }).runs[0];
    expect(small.results).toHaveLength(33);
    expect(small.results.filter((r: Sarif) => r.properties.notListed)).toHaveLength(3);
    const all = sarifOf('cap-none', large, { sarifMaxResults: 0 }).runs[0];
    expect(all.results).toHaveLength(300);
    expect(all.invocations[0].toolExecutionNotifications).toBeUndefined();
  });

  it('keeps every other kept result when one more target fails (stable selection)', () => {
    const before = buildLargeReport(600);
    const extra = buildLargeReport(601).findings.at(-1);
    if (!extra) throw new Error('fixture changed');
    const after = { ...before, findings: [...before.findings, extra] };
    const keptOf = (r: Report) =>
      new Set(
        sarifOf('stable', r, { sarifMaxResults: 60 })
          .runs[0].results.filter((x: Sarif) => !x.properties.notListed)
          .map((x: Sarif) => x.partialFingerprints['aipcheck/target/v1']),
      );
    const was = keptOf(before);
    const is = keptOf(after);
    const added = fingerprintOf(extra);
    const lost = [...was].filter((f) => !is.has(f));
    // The new target is kept only if its fingerprint sorts among the first: then it takes exactly one place.
    expect(lost).toHaveLength(is.has(added) ? 1 : 0);
    expect([...is].filter((f) => !was.has(f))).toEqual(is.has(added) ? [added] : []);
  });

  it('keeps waived results eligible under the cap, suppressed, and counts them apart from the failing ones', () => {
    const waiver = {
      rule: 'CONTOSO-ECS',
      reason: 'Accepted until the ECS migration',
      owner: 'it-ops',
      ticket: 'SEC-1',
      expires: '2027-01-31',
      source: { file: 'waivers.yaml', line: 2, column: 5 },
    };
    // 100 targets per rule: CONTOSO-ECS has 40 failing and 60 waived, AIP-NET-TLS-INSPECTION all 100 waived.
    const seen = new Map<string, number>();
    const large = buildLargeReport(300);
    const mixed = {
      ...large,
      findings: large.findings.map((f) => {
        const n = seen.get(f.ruleId) ?? 0;
        seen.set(f.ruleId, n + 1);
        const waived = (f.ruleId === 'CONTOSO-ECS' && n >= 40) || f.ruleId === 'AIP-NET-TLS-INSPECTION';
        return waived
          ? {
              ...f,
              outcome: 'waived' as const,
              waiver: { ...waiver, rule: f.ruleId },
              baselineState: 'unchanged' as const,
            }
          : f;
      }),
    };
    // Uncapped: every waived target is a result with its suppression and baseline state.
    const all = sarifOf('waived-all', mixed, { sarifMaxResults: 0 }).runs[0];
    const suppressed = all.results.filter((r: Sarif) => r.suppressions);
    expect(suppressed).toHaveLength(160);
    for (const r of suppressed) {
      expect(r).toMatchObject({ kind: 'fail', baselineState: 'unchanged', properties: { outcome: 'waived' } });
      expect(r.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    }
    // 33 results: 10 per rule and one summary each; fails are kept before waived targets.
    const run = sarifOf('waived-cap', mixed, { sarifMaxResults: 33 }).runs[0];
    expect(run.results).toHaveLength(33);
    const summaries = new Map<string, Sarif>(
      run.results.filter((r: Sarif) => r.properties.notListed).map((r: Sarif) => [r.ruleId, r]),
    );
    const ecs = summaries.get('CONTOSO-ECS');
    expect(ecs.properties).toMatchObject({ outcome: 'fail', listed: 10, notListed: { fail: 30, waived: 60 } });
    expect(ecs.message.text).toMatch(/^30 more targets fail, 60 more targets fail under waivers CONTOSO-ECS /);
    expect(ecs.suppressions).toBeUndefined();
    expect(
      run.results.filter((r: Sarif) => r.ruleId === 'CONTOSO-ECS' && !r.properties.notListed && r.suppressions),
    ).toEqual([]);
    // A rule whose targets left out are all waived: one suppressed summary, not an open alert.
    const tls = summaries.get('AIP-NET-TLS-INSPECTION');
    expect(tls.properties).toMatchObject({ outcome: 'waived', listed: 10, notListed: { waived: 90 } });
    expect(tls.message.text).toMatch(/^90 more targets fail under waivers /);
    expect(tls.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted' })]);
    const tlsKept = run.results.filter((r: Sarif) => r.ruleId === 'AIP-NET-TLS-INSPECTION' && !r.properties.notListed);
    expect(tlsKept.every((r: Sarif) => r.suppressions && r.baselineState === 'unchanged')).toBe(true);
  });

  it('points inputs under --sarif-srcroot at it, wherever they were given from', () => {
    const moved = buildReport({
      findings: findings.map((f) => ({ ...f, location: { ...f.location, file: '/repo/inventory/up.csv' } })),
    });
    const run = sarifOf('srcroot', moved, { sarifSrcRoot: '/repo', workingDirectory: '/repo/tools' }).runs[0];
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'inventory/up.csv',
        uriBaseId: '%SRCROOT%',
      });
    }
    const relative = buildReport({
      findings: findings.map((f) => ({ ...f, location: { ...f.location, file: 'x.csv' } })),
    });
    const fromSub = sarifOf('srcroot-rel', relative, { sarifSrcRoot: '/repo', workingDirectory: '/repo/tools' })
      .runs[0];
    expect(fromSub.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'tools/x.csv',
      uriBaseId: '%SRCROOT%',
    });
    const outside = sarifOf('srcroot-out', moved, { sarifSrcRoot: '/elsewhere', workingDirectory: '/repo' }).runs[0];
    expect(outside.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'file:///repo/inventory/up.csv',
    });
  });
});

describe('SARIF Multitool (GitHub and SARIF rules)', () => {
  it('finds no error-level problem in any SARIF file the tests produced', { timeout: 180_000 }, () => {
    sarifOf('default', report);
    sarifOf('passing', report, { includePassing: true, timestamp: '2024-06-01T12:00:00.000Z' });
    // A control the Multitool must reject (a result without locations), so a silent no-op cannot pass.
    const broken = JSON.parse(render(formatSarif, report));
    delete broken.runs[0].results[0].locations;
    const logs = new Map([...produced].map(([text, name], i) => [`${i}-${name}`, text]));
    const errors = multitoolErrors(new Map([...logs, ['control-broken', JSON.stringify(broken)]]));
    expect(errors.get('control-broken')?.length).toBeGreaterThan(0);
    errors.delete('control-broken');
    expect(Object.fromEntries(errors)).toEqual({});
  });
});

// The formats' own validators, shared by the reporter tests: SARIF schema and Multitool, JUnit XSD, JSON schema.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { multitoolPath, readSarifSchema } from './helpers.js';

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under NodeNext its default import is module.exports, holding `default`.
addFormats.default(ajv);
const sarifValidator = ajv.compile(readSarifSchema());

const reportSchema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const reportValidator = new Ajv2020({ strict: true, allErrors: true }).compile(reportSchema);

/** The JUnit XSD we ship, and its path. */
export const JUNIT_XSD_PATH = new URL('../../docs/junit.xsd', import.meta.url);
const junitXsd = readFileSync(JUNIT_XSD_PATH, 'utf8');

/** Schema errors of a SARIF log against the SARIF 2.1.0 schema (draft 2020-12, with formats); [] when valid. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  return sarifValidator(log) ? [] : [...(sarifValidator.errors ?? [])];
}

/** Schema errors of a JSON report against docs/report.schema.json; [] when valid. */
export function reportSchemaErrors(data: unknown): unknown[] {
  return reportValidator(data) ? [] : [...(reportValidator.errors ?? [])];
}

/** xmllint's messages for a JUnit document validated against docs/junit.xsd; [] when valid. */
export async function junitXsdErrors(name: string, xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: `${name}.xml`, contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: junitXsd }],
    maxMemoryPages: 1024,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/**
 * Runs Microsoft's SARIF Multitool (`validate --rule-kind "Gh;Sarif"`: GitHub's ingestion rules and the SARIF
 * rules) over SARIF logs at once, and returns the error-level problems by log name. The Multitool's exit
 * code is 0 whatever it finds, so its own SARIF output is what we read.
 *
 * The Multitool spends about half a second on each file it opens, however small: the logs of one run each
 * (ours) go into one file, a run per line, and a problem is told to the log whose line it is on. Its rules
 * check a run on its own, so this finds what a file per log finds (a broken run among others is still named).
 */
export function multitoolErrors(logs: ReadonlyMap<string, string>): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aipcheck-sarif-'));
  try {
    const merged: { name: string; run: unknown }[] = [];
    const alone: string[] = [];
    let header: string | undefined;
    for (const [name, text] of logs) {
      const { runs, ...rest } = JSON.parse(text);
      const head = JSON.stringify(rest);
      if (Array.isArray(runs) && runs.length === 1 && (header ?? head) === head) {
        header = head;
        merged.push({ name, run: runs[0] });
      } else {
        alone.push(name);
      }
    }
    const files = alone.map((name) => {
      const file = join(dir, `${name}.sarif`);
      writeFileSync(file, logs.get(name) ?? '');
      return file;
    });
    const MERGED = join(dir, 'merged.sarif');
    if (header !== undefined) {
      // Line 1 is the log's own properties, line 2 + i the run of merged[i].
      const lines = [
        `${header.slice(0, -1)}${header === '{}' ? '' : ','}"runs":[`,
        ...merged.map(({ run }, i) => `${JSON.stringify(run)}${i < merged.length - 1 ? ',' : ''}`),
        ']}',
      ];
      writeFileSync(MERGED, `${lines.join('\n')}\n`);
      files.push(MERGED);
    }
    const out = join(dir, 'multitool-out.sarif');
    execFileSync(
      multitoolPath(),
      ['validate', ...files, '-o', out, '--log', 'ForceOverwrite', '--rule-kind', 'Gh;Sarif'],
      {
        // .NET needs ICU for culture data; invariant mode works without libicu, and we need no culture.
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
        stdio: 'pipe',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    // biome-ignore lint/suspicious/noExplicitAny: the Multitool's SARIF output, read structurally.
    const run: any = JSON.parse(readFileSync(out, 'utf8')).runs[0];
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const levelOf = (r: any): string =>
      r.level ?? run.tool.driver.rules?.[r.ruleIndex]?.defaultConfiguration?.level ?? 'warning';
    const errors = new Map<string, string[]>();
    for (const r of run.results ?? []) {
      if (levelOf(r) !== 'error') continue;
      const where = r.locations?.[0]?.physicalLocation;
      const uri: string = where?.artifactLocation?.uri ?? '?';
      const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      const name =
        file === 'merged.sarif'
          ? (merged[(where?.region?.startLine ?? 0) - 2]?.name ?? 'merged.sarif, outside any run')
          : file.replace(/\.sarif$/, '');
      errors.set(name, [...(errors.get(name) ?? []), `${r.ruleId} ${JSON.stringify(r.message)}`]);
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

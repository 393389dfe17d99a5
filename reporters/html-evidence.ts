// What the HTML report shows under a finding's message: its evidence, in a collapsed block.
import type { Finding } from '../engine/types.js';
import { formatLocation, truncate } from './common.js';
import { escapeHtml } from './html-text.js';

/** Characters of one evidence value shown at most (the JSON report has them whole). */
const MAX_VALUE = 300;

/**
 * The shape of structured evidence: one entry per condition leaf of the rule, and the facts whose absence made
 * the outcome unknown. Read structurally, so a finding whose evidence has another shape is shown as JSON.
 */
interface EvidenceShape {
  checks: {
    in?: string;
    fact?: string;
    value?: unknown;
    valueSummary?: string;
    location?: Finding['location'];
    operator?: string;
    expected?: unknown;
    expectedFact?: string;
    result?: string;
    deciding?: unknown;
  }[];
  missing?: string[];
}

function isEvidenceShape(value: unknown): value is EvidenceShape {
  return typeof value === 'object' && value !== null && Array.isArray((value as EvidenceShape).checks);
}

/** A value as compact JSON, cut to MAX_VALUE characters, escaped. */
function showValue(value: unknown): string {
  return `<code>${escapeHtml(truncate(JSON.stringify(value) ?? 'undefined', MAX_VALUE))}</code>`;
}

function checksTable(evidence: EvidenceShape): string {
  const rows = evidence.checks.map((c) => {
    const value = c.value !== undefined ? showValue(c.value) : escapeHtml(c.valueSummary ?? 'missing');
    const at = c.location ? ` <span class="muted">${escapeHtml(formatLocation(c.location))}</span>` : '';
    const expected = c.expectedFact
      ? `<code>${escapeHtml(c.expectedFact)}</code> = ${showValue(c.expected)}`
      : showValue(c.expected);
    const deciding =
      c.deciding === undefined ? '' : `<br><span class="muted">decided by</span> ${showValue(c.deciding)}`;
    return (
      `<tr><td>${escapeHtml(c.in ?? '')}</td><td><code>${escapeHtml(c.fact ?? '')}</code>${at}</td><td>${value}</td>` +
      `<td><code>${escapeHtml(c.operator ?? '')}</code></td><td>${expected}</td><td>${escapeHtml(c.result ?? '')}${deciding}</td></tr>`
    );
  });
  const missing =
    evidence.missing && evidence.missing.length > 0
      ? `<p>Facts to collect: ${evidence.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>`
      : '';
  const table =
    rows.length === 0
      ? ''
      : '<table class="evidence"><thead><tr><th scope="col">In</th><th scope="col">Fact</th><th scope="col">Value</th>' +
        `<th scope="col">Operator</th><th scope="col">Expected</th><th scope="col">Result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return missing + table;
}

/**
 * The evidence a finding carries, if any, in a collapsed `<details>` block: each condition the rule checked (fact,
 * value, operator, expected value, result) and the facts to collect; evidence of another shape as JSON. Further
 * notes about a finding (a waiver, its state against a baseline) belong here too.
 */
export function findingNotes(f: Finding): string {
  const evidence = (f as Finding & { evidence?: unknown }).evidence;
  if (evidence === undefined || evidence === null) return '';
  const body = isEvidenceShape(evidence)
    ? checksTable(evidence)
    : `<pre>${escapeHtml(typeof evidence === 'string' ? evidence : JSON.stringify(evidence, null, 2))}</pre>`;
  return `<details><summary>Evidence</summary>${body}</details>`;
}

// What the HTML report shows under a finding's message: its evidence, in a collapsed block.
import type { Evidence, Finding } from '../engine/types.js';
import { formatLocation, truncate } from './common.js';
import { escapeHtml } from './html-text.js';
import { describeWaiver } from './lifecycle-lines.js';

/** Characters of one evidence value shown at most (the JSON report has them whole). */
const MAX_VALUE = 300;

/** A value as compact JSON, cut to MAX_VALUE characters, escaped. */
function showValue(value: unknown): string {
  return `<code>${escapeHtml(truncate(JSON.stringify(value) ?? 'undefined', MAX_VALUE))}</code>`;
}

function checkRow(c: Evidence['checks'][number]): string {
  const value = c.value !== undefined ? showValue(c.value) : escapeHtml(c.valueSummary ?? 'missing');
  const at = c.location ? ` <span class="muted">${escapeHtml(formatLocation(c.location))}</span>` : '';
  const expected = c.expectedFact
    ? `<code>${escapeHtml(c.expectedFact)}</code> = ${showValue(c.expected)}`
    : showValue(c.expected);
  const deciding = c.deciding === undefined ? '' : `<br><span class="muted">decided by</span> ${showValue(c.deciding)}`;
  return (
    `<tr><td>${escapeHtml(c.in)}</td><td><code>${escapeHtml(c.fact)}</code>${at}</td><td>${value}</td>` +
    `<td><code>${escapeHtml(c.operator)}</code></td><td>${expected}</td><td>${escapeHtml(c.result)}${deciding}</td></tr>`
  );
}

/**
 * The evidence a finding carries, if any, in a collapsed `<details>` block: the facts to collect (for an unknown),
 * then each condition the rule checked — fact, value, operator, expected value, result and what decided it.
 * Further notes about a finding (a waiver, its state against a baseline) belong here too.
 */
export function findingNotes(f: Finding): string {
  return lifecycleNotes(f) + evidenceBlock(f);
}

/** The waiver that accepted the finding (or expired), and its state against the baseline. */
function lifecycleNotes(f: Finding): string {
  let notes = '';
  if (f.waiver) {
    notes += `<p class="muted">Waived: ${escapeHtml(f.waiver.reason)} (${escapeHtml(describeWaiver(f.waiver))})</p>`;
  }
  if (f.expiredWaiver) {
    notes += `<p class="muted">Its waiver expired: ${escapeHtml(describeWaiver(f.expiredWaiver))}</p>`;
  }
  if (f.baselineState) notes += `<p class="muted">Since the baseline: ${escapeHtml(f.baselineState)}</p>`;
  return notes;
}

function evidenceBlock(f: Finding): string {
  const evidence = f.evidence;
  if (!evidence) return '';
  const missing =
    evidence.missing.length > 0
      ? `<p>Facts to collect: ${evidence.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>`
      : '';
  const table =
    evidence.checks.length === 0
      ? ''
      : '<table class="evidence"><thead><tr><th scope="col">In</th><th scope="col">Fact</th><th scope="col">Value</th>' +
        `<th scope="col">Operator</th><th scope="col">Expected</th><th scope="col">Result</th></tr></thead><tbody>${evidence.checks.map(checkRow).join('')}</tbody></table>`;
  return `<details><summary>Evidence</summary>${missing}${table}</details>`;
}

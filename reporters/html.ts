// HTML reporter for auditors: one self-contained page (overview, charts, every rule, filters) that loads nothing.
import { compareText } from '../engine/errors.js';
import { hasNewViolations, hasViolations } from '../engine/evaluate/run.js';
import {
  emptySummary,
  type Finding,
  type Level,
  type LoadedRule,
  type Outcome,
  type ReportView,
  type Summary,
} from '../engine/types.js';
import { countChecks, formatLocation, indexRules, OUTCOME_LABELS } from './common.js';
import { HTML_CSP, HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { findingNotes } from './html-evidence.js';
import { escapeHtml, formatCount, linkTo, plural, toAnchor } from './html-text.js';
import { countsByRule } from './json.js';
import { lifecycleSections } from './lifecycle-lines.js';
import type { ReporterOptions } from './reporter.js';

/**
 * The most findings of one outcome a rule's section lists by default; the others are counted. At 500, the
 * page of a million-device fleet (436,000 findings to act on) stays a few megabytes and opens in seconds.
 */
export const HTML_MAX_LISTED = 500;

/** The limit in effect: `options.htmlMaxListed` (0: none), else HTML_MAX_LISTED. */
function maxListed(options: ReporterOptions): number {
  const max = options.htmlMaxListed;
  if (max === undefined) return HTML_MAX_LISTED;
  return max > 0 ? max : Number.POSITIVE_INFINITY;
}

/** The requirement areas of the source document, in its order; a rule belongs to the first its id or tags name. */
const AREAS = [
  ['network', 'Network'],
  ['coexistence', 'Coexistence'],
  ['connector', 'Connector servers'],
  ['os', 'Operating systems'],
  ['other', 'Other rules'],
] as const;
type Area = (typeof AREAS)[number][0];

function areaOf(ruleId: string, rule: LoadedRule | undefined): Area {
  const words = [...ruleId.toLowerCase().split(/[.\-_]/), ...(rule?.definition.tags ?? [])];
  return AREAS.find(([key]) => key !== 'other' && words.includes(key))?.[0] ?? 'other';
}

const OUTCOMES: readonly Outcome[] = ['fail', 'error', 'waived', 'unknown', 'pass', 'notApplicable'];

/** The outcomes a report counts: `waived` only when waivers were given. */
function outcomesOf(report: ReportView): readonly Outcome[] {
  return report.summary.waived === undefined ? OUTCOMES.filter((o) => o !== 'waived') : OUTCOMES;
}
const GROUP_TITLES: Record<Outcome, string> = {
  fail: 'Failing',
  error: 'Evaluation errors',
  unknown: 'Unknown: facts to collect',
  pass: 'Passing',
  notApplicable: 'Not applicable',
  waived: 'Waived: accepted risks',
};
const TARGETS: Record<Outcome, [string, string]> = {
  fail: ['failing target', 'failing targets'],
  error: ['target with an evaluation error', 'targets with an evaluation error'],
  unknown: ['undecided target', 'undecided targets'],
  pass: ['passing target', 'passing targets'],
  notApplicable: ['not-applicable target', 'not-applicable targets'],
  waived: ['waived target', 'waived targets'],
};
const RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

/** A count of a summary, 0 for `waived` when waivers were not given. */
const count = (counts: Summary, o: Outcome): number => counts[o] ?? 0;

/** A stacked bar of outcome counts as inline SVG: rectangle widths are the counts themselves, so no rounding. */
function bar(counts: Summary, big = false): string {
  const total = countChecks(counts);
  const label = OUTCOMES.filter((o) => count(counts, o) > 0)
    .map((o) => `${formatCount(count(counts, o))} ${OUTCOME_LABELS[o]}`)
    .join(', ');
  let x = 0;
  let rects = '';
  for (const o of OUTCOMES) {
    const n = count(counts, o);
    if (n === 0) continue;
    rects += `<rect class="${o}" x="${x}" width="${n}" height="1"/>`;
    x += n;
  }
  return `<svg class="bar${big ? ' big' : ''}" viewBox="0 0 ${Math.max(total, 1)} 1" preserveAspectRatio="none" role="img" aria-label="${label || 'no checks'}">${rects}</svg>`;
}

function findingRow(f: Finding): string {
  const { kind, id, name } = f.target;
  const named = name && name !== id ? `<br>${escapeHtml(name)}` : '';
  return (
    `<tr data-outcome="${escapeHtml(f.outcome)}"><td><span class="kind">${escapeHtml(kind)}</span> <code>${escapeHtml(id)}</code>${named}</td>` +
    `<td><code>${escapeHtml(formatLocation(f.location))}</code></td><td class="text">${escapeHtml(f.message)}${findingNotes(f)}</td></tr>\n`
  );
}

interface Listing {
  /** The first rows of each outcome. */
  rows: Map<Outcome, string[]>;
  /** How many findings of each outcome the report lists. */
  listed: Summary;
}

/** One pass over the findings: the first `max` rows of each rule and outcome, and how many each lists. */
function listFindings(report: ReportView, max: number): Map<string, Listing> {
  const byRule = new Map<string, Listing>();
  let ruleId: string | undefined;
  let listing: Listing | undefined;
  for (const f of report.findings) {
    if (f.ruleId !== ruleId || !listing) {
      ruleId = f.ruleId;
      listing = byRule.get(ruleId);
      if (!listing) {
        listing = { rows: new Map(), listed: emptySummary(true) };
        byRule.set(ruleId, listing);
      }
    }
    const seen = listing.listed[f.outcome] ?? 0;
    listing.listed[f.outcome] = seen + 1;
    if (seen >= max) continue;
    const rows = listing.rows.get(f.outcome);
    if (rows) rows.push(findingRow(f));
    else listing.rows.set(f.outcome, [findingRow(f)]);
  }
  return byRule;
}

interface RuleEntry {
  id: string;
  rule: LoadedRule | undefined;
  area: Area;
  counts: Summary;
  anchor: string;
}

/** Every rule evaluated or found, sorted by id, with its area, counts and a unique anchor. */
function ruleEntries(report: ReportView, listings: Map<string, Listing>): RuleEntry[] {
  const { byId } = indexRules(report);
  const counts = countsByRule(report);
  const ids = [...new Set([...Object.keys(counts), ...listings.keys()])].sort(compareText);
  const anchors = new Set<string>();
  return ids.map((id) => {
    let anchor = `rule-${toAnchor(id)}`;
    while (anchors.has(anchor)) anchor += '_';
    anchors.add(anchor);
    const rule = byId.get(id);
    return { id, rule, area: areaOf(id, rule), counts: counts[id] ?? emptySummary(true), anchor };
  });
}

function sum(entries: readonly RuleEntry[]): Summary {
  const total = emptySummary(true);
  for (const e of entries) for (const o of OUTCOMES) total[o] = count(total, o) + count(e.counts, o);
  return total;
}

function gate(report: ReportView, entries: readonly RuleEntry[], options: ReporterOptions): string {
  const failOn = options.failOn;
  if (failOn === undefined) return '';
  if (failOn === 'never')
    return '<p class="gate"><strong>Gate: never fails</strong> (<code>--fail-on never</code>).</p>';
  if (options.failOnNew) {
    const failed = hasNewViolations(report.findings, failOn);
    const why = failed
      ? `a failing or erroneous finding at level ${failOn} or above is new or worse since the baseline`
      : `no failing finding at level ${failOn} or above is new or worse since the baseline`;
    return `<p class="gate${failed ? ' failed' : ''}"><strong>Gate ${failed ? 'failed' : 'passed'}</strong> (<code>--fail-on ${failOn} --fail-on-new</code>): ${why}.</p>`;
  }
  const failed = hasViolations(report.findings, failOn);
  const over = entries
    .filter((e) => RANK[e.rule?.definition.severity ?? 'error'] >= RANK[failOn])
    .reduce((n, e) => n + e.counts.fail + e.counts.error, 0);
  const why = failed
    ? `${plural(over, 'failing or erroneous finding', 'failing or erroneous findings')} at level ${failOn} or above`
    : `no failing finding at level ${failOn} or above`;
  return `<p class="gate${failed ? ' failed' : ''}"><strong>Gate ${failed ? 'failed' : 'passed'}</strong> (<code>--fail-on ${failOn}</code>): ${why}.</p>`;
}

function* header(report: ReportView, options: ReporterOptions): Generator<string> {
  const title = `${escapeHtml(report.tool.name)} report: ${escapeHtml(report.snapshotId)}`;
  yield `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`;
  yield `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">\n<meta name="referrer" content="no-referrer">\n`;
  yield `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n`;
  yield `<title>${title}</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n<a class="skip" href="#rules">Skip to the rules</a>\n`;
  yield `<header>\n<h1>${title}</h1>\n<dl class="meta">\n<dt>Snapshot</dt><dd><code>${escapeHtml(report.snapshotId)}</code></dd>\n`;
  yield `<dt>Tool</dt><dd>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</dd>\n<dt>Rule packs</dt><dd>`;
  yield report.packs.map((p) => `<code>${escapeHtml(p.name)}</code> ${escapeHtml(p.version)}`).join(', ') || 'none';
  yield `</dd>\n<dt>Inputs</dt><dd>${report.inputs.map((i) => `<code>${escapeHtml(i)}</code>`).join(', ') || 'none'}</dd>\n`;
  if (options.timestamp) yield `<dt>Generated</dt><dd>${escapeHtml(options.timestamp)}</dd>\n`;
  yield '</dl>\n</header>\n<main>\n';
}

function* overview(report: ReportView, entries: readonly RuleEntry[], options: ReporterOptions): Generator<string> {
  const s = report.summary;
  const outcomes = outcomesOf(report);
  yield `<section id="overview" aria-labelledby="overview-h">\n<h2 id="overview-h">Overview</h2>\n${gate(report, entries, options)}\n`;
  yield '<table class="totals"><thead><tr><th scope="col">Outcome</th><th scope="col" class="n">Checks</th></tr></thead><tbody>\n';
  for (const o of outcomes) {
    yield `<tr data-total="${o}"><td><span class="key ${o}"></span>${OUTCOME_LABELS[o]}</td><td class="n">${formatCount(count(s, o))}</td></tr>\n`;
  }
  yield `<tr data-total="all"><th scope="row">Total</th><td class="n">${formatCount(countChecks(s))}</td></tr>\n</tbody></table>\n${bar(s, true)}\n`;
  for (const [area, label] of AREAS) {
    const inArea = entries.filter((e) => e.area === area);
    if (inArea.length === 0) continue;
    const total = sum(inArea);
    const counted = outcomes
      .filter((o) => count(total, o) > 0)
      .map((o) => `${formatCount(count(total, o))} ${OUTCOME_LABELS[o]}`);
    yield `<h3>${label}</h3>\n<p class="muted">${plural(inArea.length, 'rule', 'rules')}: ${counted.join(', ') || 'no checks'}</p>\n${bar(total, true)}\n`;
    yield '<table class="rules"><thead><tr><th scope="col" class="c-rule">Rule</th><th scope="col" class="c-sev">Severity</th><th scope="col" class="c-bar">Outcomes</th>';
    yield `${outcomes.map((o) => `<th scope="col" class="n">${OUTCOME_LABELS[o]}</th>`).join('')}</tr></thead><tbody>\n`;
    for (const e of inArea) {
      const severity = e.rule ? escapeHtml(e.rule.definition.severity) : '';
      yield `<tr><td><a href="#${e.anchor}">${escapeHtml(e.id)}</a></td><td>${severity}</td><td>${bar(e.counts)}</td>`;
      yield `${outcomes.map((o) => `<td class="n">${formatCount(count(e.counts, o))}</td>`).join('')}</tr>\n`;
    }
    yield '</tbody></table>\n';
  }
  if (report.notices.length > 0) {
    yield '<h3>Notices</h3>\n<ul class="notices">\n';
    for (const n of report.notices) {
      const where = n.location ? ` <code>${escapeHtml(formatLocation(n.location))}</code>` : '';
      yield `<li>${escapeHtml(n.level)} <code>${escapeHtml(n.code)}</code>${where}: ${escapeHtml(n.message)}</li>\n`;
    }
    yield '</ul>\n';
  }
  // Waiver warnings and the baseline comparison; the waived findings are listed under their rules.
  for (const section of lifecycleSections(report.lifecycle, report.findings, { listWaived: false })) {
    yield `<h3>${escapeHtml(section.heading)}</h3>\n<ul class="notices">\n`;
    for (const line of section.lines) yield `<li>${escapeHtml(line)}</li>\n`;
    yield '</ul>\n';
  }
  yield '</section>\n';
}

function filters(report: ReportView, entries: readonly RuleEntry[]): string {
  const option = (value: string, label = value) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
  const select = (name: string, label: string, options: string[]) =>
    `<label>${label}<select name="${name}"><option value="">Any</option>${options.join('')}</select></label>`;
  const listed = report.listed ?? outcomesOf(report);
  const areas = AREAS.filter(([key]) => entries.some((e) => e.area === key));
  return (
    '<form id="filters" role="search" aria-label="Filter the findings" hidden>' +
    '<label>Search targets and messages<input type="search" name="q" placeholder="Press / to search"></label>' +
    select(
      'outcome',
      'Outcome',
      listed.map((o) => option(o, OUTCOME_LABELS[o])),
    ) +
    select(
      'severity',
      'Severity',
      ['error', 'warning', 'note'].map((l) => option(l)),
    ) +
    select(
      'area',
      'Area',
      areas.map(([key, label]) => option(key, label)),
    ) +
    select(
      'rule',
      'Rule',
      entries.map((e) => option(e.id)),
    ) +
    '<button type="reset">Clear filters</button></form>\n<p id="shown" role="status" aria-live="polite"></p>\n'
  );
}

/** The rule's who/what/why: the source sentences with their section link, rationale, remediation, references. */
function ruleMeta(rule: LoadedRule): string {
  const d = rule.definition;
  const sentences = d.source.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join('');
  const section = linkTo(
    `${rule.pack.source.url}${d.source.section}`,
    `${rule.pack.source.title}, ${d.source.section}`,
  );
  const refs = d.references.map((r) => `<li>${linkTo(r)}</li>`).join('');
  return (
    `<dl class="meta">\n<dt>Source</dt><dd><blockquote>${sentences}</blockquote>${section}</dd>\n` +
    (d.description ? `<dt>What</dt><dd class="text">${escapeHtml(d.description)}</dd>\n` : '') +
    `<dt>Why</dt><dd class="text">${escapeHtml(d.rationale)}</dd>\n<dt>Remediation</dt><dd class="text">${escapeHtml(d.remediation)}</dd>\n` +
    (refs ? `<dt>References</dt><dd><ul>${refs}</ul></dd>\n` : '') +
    '</dl>\n'
  );
}

function* ruleSection(e: RuleEntry, listing: Listing | undefined, report: ReportView): Generator<string> {
  const d = e.rule?.definition;
  const severity = d?.severity ?? '';
  yield `<article class="rule" id="${e.anchor}" data-rule="${escapeHtml(e.id)}" data-severity="${escapeHtml(severity)}" data-area="${e.area}">\n`;
  yield `<h3>${escapeHtml(d?.title ?? e.id)} <span class="sev">${escapeHtml(severity || 'no rule')}</span></h3>\n`;
  const version = d
    ? ` ${escapeHtml(d.version)} · pack <code>${escapeHtml(e.rule?.pack.name ?? '')}</code> ${escapeHtml(e.rule?.pack.version ?? '')}`
    : '';
  yield `<p class="muted"><code>${escapeHtml(e.id)}</code>${version}</p>\n${bar(e.counts)}\n`;
  if (e.rule) yield ruleMeta(e.rule);
  const listedOutcomes = report.listed ?? OUTCOMES;
  for (const o of OUTCOMES) {
    const total = count(e.counts, o);
    if (total === 0) continue;
    if (!listedOutcomes.includes(o)) {
      yield `<div class="group"><p class="muted">${plural(total, ...TARGETS[o])}: counted, not listed (<code>--include-passing</code> lists them).</p></div>\n`;
      continue;
    }
    const rows = listing?.rows.get(o) ?? [];
    const listed = listing?.listed[o] ?? 0;
    yield `<div class="group" data-outcome="${o}">\n<h4>${GROUP_TITLES[o]} (${formatCount(listed)})</h4>\n`;
    yield '<table class="findings"><thead><tr><th scope="col">Target</th><th scope="col">Location</th><th scope="col">Message</th></tr></thead><tbody>\n';
    yield rows.join('');
    yield '</tbody></table>\n';
    if (listed > rows.length) {
      yield `<p class="more">${plural(listed - rows.length, `more ${TARGETS[o][0]}`, `more ${TARGETS[o][1]}`)} not shown here: the JSON report (<code>--format json</code>) lists every finding.</p>\n`;
    }
    yield '</div>\n';
  }
  yield '</article>\n';
}

/**
 * Renders a self-contained HTML page: snapshot, packs, outcome totals, a chart per requirement area and per
 * rule, the `--fail-on` verdict, then every rule with its source sentence, rationale and remediation and the
 * first `htmlMaxListed` findings of each outcome (the rest counted). Inline CSS and script only, allowed by
 * hash in a Content-Security-Policy that forbids every request; every text from rules and inventories is
 * escaped. Works without script (the filters then stay hidden); prints one requirement area per page.
 */
export function* formatHtml(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const listings = listFindings(report, maxListed(options));
  const entries = ruleEntries(report, listings);
  yield* header(report, options);
  yield* overview(report, entries, options);
  yield `<h2 id="rules">Rules</h2>\n${filters(report, entries)}`;
  for (const [area, label] of AREAS) {
    const inArea = entries.filter((e) => e.area === area);
    if (inArea.length === 0) continue;
    yield `<section class="area" id="area-${area}" data-area="${area}" aria-label="${label}">\n<h2>${label}</h2>\n`;
    for (const e of inArea) yield* ruleSection(e, listings.get(e.id), report);
    yield '</section>\n';
  }
  yield `</main>\n<script>${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
}

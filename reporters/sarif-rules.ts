// SARIF rule metadata: one reportingDescriptor per rule, one toolComponent per rule pack.
import { compareText } from '../engine/errors.js';
import type { Level, LoadedRule, PackManifest, Report } from '../engine/types.js';
import { stripControls, toOneLine, truncate } from './common.js';
import { escapeMarkdownBlock, escapeMarkdownInline } from './markdown-text.js';

/**
 * GitHub's `security-severity` for each rule severity. GitHub reads over 9.0 as critical, 7.0–8.9 high,
 * 4.0–6.9 medium, 0.1–3.9 low. A missing AIP prerequisite leaves documents unprotected or protection
 * unusable, which we rate high at worst; critical is kept for directly exploitable flaws.
 */
export const SECURITY_SEVERITY: Record<Level, string> = { error: '7.5', warning: '5.0', note: '2.0' };

/** How often a rule's results are right. Rules are exact checks of declared facts: as good as the inventory. */
const PRECISION = 'high';

/** GitHub code scanning keeps at most 20 tags per rule. */
const MAX_TAGS = 20;

/** GitHub's limit for shortDescription and fullDescription. */
const MAX_DESCRIPTION = 1024;

/** GitHub's limit for a rule name. */
const MAX_NAME = 255;

/** Text for SARIF plain-text properties: well-formed, never empty. */
function plain(text: string | undefined, fallback: string): string {
  const value = stripControls(text ?? '').trim();
  return value === '' ? fallback : value;
}

/** The first reference that is an absolute http(s) URL, for `helpUri`. */
export function findHelpUri(references: readonly string[]): string | undefined {
  return references.find((ref) => /^https?:\/\/[^\s]+$/.test(ref) && URL.canParse(ref));
}

/** Tags for GitHub filters: the rule's own, `security` first (we set a security severity), at most 20. */
function tagsOf(tags: readonly string[]): string[] {
  const unique = [...new Set(['security', ...tags.map((t) => stripControls(t).trim()).filter((t) => t !== '')])];
  return unique.slice(0, MAX_TAGS);
}

/** The rule's help as plain text: the source sentences, why, what to do and where to read more. */
function helpText(rule: LoadedRule): string {
  const def = rule.definition;
  const lines = [def.title, ''];
  lines.push(`Source: ${rule.pack.source.title}, ${rule.pack.source.url}${def.source.section}`);
  for (const sentence of def.source.sentences) lines.push(`  "${toOneLine(sentence)}"`);
  lines.push('', `Why: ${def.rationale}`, '', `Remediation: ${def.remediation}`);
  if (def.references.length > 0) lines.push('', 'References:', ...def.references.map((ref) => `- ${ref}`));
  lines.push('', `Rule ${def.id} ${def.version} in pack ${rule.pack.name} ${rule.pack.version}.`);
  return stripControls(lines.join('\n'));
}

/** The rule's help as Markdown; every piece of rule text is escaped, so nothing in it becomes markup or HTML. */
function helpMarkdown(rule: LoadedRule): string {
  const def = rule.definition;
  const source = `${rule.pack.source.url}${def.source.section}`;
  const parts = [`**${escapeMarkdownInline(def.title)}**`];
  const link = URL.canParse(source) ? `[${escapeMarkdownInline(rule.pack.source.title)}](<${source}>)` : '';
  parts.push(`Source: ${link || escapeMarkdownInline(rule.pack.source.title)}`);
  if (def.source.sentences.length > 0) {
    parts.push(def.source.sentences.map((s) => `> ${escapeMarkdownInline(toOneLine(s))}`).join('\n>\n'));
  }
  parts.push(`**Why it matters.** ${escapeMarkdownBlock(def.rationale)}`);
  parts.push(`**Remediation.** ${escapeMarkdownBlock(def.remediation)}`);
  if (def.references.length > 0) {
    const items = def.references.map((ref) =>
      URL.canParse(ref) && !/[\s<>]/.test(ref) ? `- <${ref}>` : `- ${escapeMarkdownInline(ref)}`,
    );
    parts.push(`**References**\n\n${items.join('\n')}`);
  }
  parts.push(
    `Rule \`${def.id}\` ${escapeMarkdownInline(def.version)} in pack \`${rule.pack.name}\` ${escapeMarkdownInline(rule.pack.version)}.`,
  );
  return stripControls(parts.join('\n\n'));
}

/** The SARIF reportingDescriptor of a rule. */
export function toReportingDescriptor(rule: LoadedRule) {
  const def = rule.definition;
  const title = plain(toOneLine(def.title), def.id);
  const full = [def.description, def.rationale].filter((t) => t && t.trim() !== '').join('\n\n');
  const helpUri = findHelpUri(def.references);
  return {
    id: def.id,
    name: truncate(title, MAX_NAME),
    shortDescription: { text: truncate(title, MAX_DESCRIPTION) },
    fullDescription: { text: truncate(plain(full, title), MAX_DESCRIPTION) },
    defaultConfiguration: { level: def.severity },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(helpUri ? { helpUri } : {}),
    properties: {
      tags: tagsOf(def.tags),
      precision: PRECISION,
      'security-severity': SECURITY_SEVERITY[def.severity],
      ruleVersion: def.version,
      pack: rule.pack.name,
      packVersion: rule.pack.version,
      sourceSection: def.source.section,
    },
  };
}

/**
 * One toolComponent per rule pack, sorted by name. Packs come from `report.packs`; the manifests of the
 * loaded rules add a title and the source document when the pack has rules.
 */
export function toPackExtensions(report: Pick<Report, 'packs' | 'rules'>) {
  const manifests = new Map<string, PackManifest>();
  for (const rule of report.rules) manifests.set(rule.pack.name, rule.pack);
  const packs = [...report.packs].sort((a, b) => compareText(a.name, b.name));
  return packs.map((pack) => {
    const manifest = manifests.get(pack.name);
    const informationUri = manifest && URL.canParse(manifest.source.url) ? manifest.source.url : undefined;
    return {
      name: pack.name,
      semanticVersion: pack.version,
      ...(manifest ? { fullName: stripControls(manifest.title) } : {}),
      ...(informationUri ? { informationUri } : {}),
    };
  });
}

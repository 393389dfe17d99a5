// `aipcheck rules`: every rule of the loaded packs as text or JSON.
import type { LoadedPack } from '../index.js';

/** Lists rules in pack order, then id order. */
export function formatRuleList(packs: readonly LoadedPack[], format: 'text' | 'json'): string {
  const rules = packs.flatMap((pack) =>
    pack.rules.map(({ definition: d }) => ({
      id: d.id,
      version: d.version,
      severity: d.severity,
      title: d.title,
      appliesTo: d.appliesTo,
      source: d.source,
      remediation: d.remediation,
      references: d.references,
      tags: d.tags,
      pack: pack.manifest.name,
      packVersion: pack.manifest.version,
    })),
  );
  if (format === 'json') return `${JSON.stringify(rules, null, 2)}\n`;
  const width = Math.max(0, ...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.version.padEnd(6)}  ${r.title}`);
  return `${lines.join('\n')}\n${rules.length} rule(s) in ${packs.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(', ')}\n`;
}

// Types of the rule-doc generator, for the tests that check the docs are current.

/** Where the docs go, relative to the package root. */
export const DOCS_DIR: string;

export interface PackDocsInput {
  manifest: { name: string; version: string; title: string; source: { title: string; url: string; revised: string } };
  rules: { file: string; rule: Record<string, unknown> & { id: string } }[];
}

/** Reads every pack under `rules/` of `root`. */
export function readPacks(root: string): PackDocsInput[];
/** Renders the page of one rule. */
export function renderRuleDoc(entry: PackDocsInput['rules'][number], manifest: PackDocsInput['manifest']): string;
/** Renders the index of every pack and its rules. */
export function renderIndex(packs: PackDocsInput[]): string;
/** Every generated file, by path relative to `root`. */
export function generateRuleDocs(root: string): Map<string, string>;
/** Files under docs/rules that differ from what would be generated, and files no rule generates. */
export function findStaleDocs(root: string): { stale: string[]; orphans: string[] };

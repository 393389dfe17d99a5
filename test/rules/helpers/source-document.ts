// The source document the AIP pack encodes: its text as rendered (markdown removed) and its sections by anchor.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The copy of "Azure Information Protection requirements" (ms.date 04/12/2021) the pack was written against. */
export const SOURCE_COPY = path.join(here, '..', 'fixtures', 'aip-requirements.md');

/** The document's URL; section anchors are appended to it. */
export const SOURCE_URL = 'https://learn.microsoft.com/en-us/azure/information-protection/requirements';

/**
 * Text as a reader sees it: links become their text, `<br>` a space, bold, code and *emphasis* markers go, and
 * whitespace collapses. A `*` not followed by a letter (`*.protection.outlook.com`) is a wildcard and stays.
 */
export function normalizeMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?br\s*\/?>/gi, ' ')
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .replace(/\*([A-Za-z][^*\n]*?)\*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** GitHub/Docs heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return `#${heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-')}`;
}

/** The document's sections by anchor: each heading's own text, up to the next heading of any level. */
export function readSections(file = SOURCE_COPY): Map<string, string> {
  const body = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const sections = new Map<string, string>();
  let anchor = '#';
  let lines: string[] = [];
  const flush = () => sections.set(anchor, normalizeMarkdown(lines.join('\n')));
  for (const line of body.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1] === undefined) {
      lines.push(line);
      continue;
    }
    flush();
    anchor = anchorOf(heading[1]);
    lines = [];
  }
  flush();
  return sections;
}

/** The revision date in the document's front matter (`ms.date: 04/12/2021` → `2021-04-12`). */
export function readRevision(file = SOURCE_COPY): string | undefined {
  const match = /^ms\.date:\s*(\d{2})\/(\d{2})\/(\d{4})\s*$/m.exec(readFileSync(file, 'utf8'));
  return match ? `${match[3]}-${match[1]}-${match[2]}` : undefined;
}

/** SHA-256 of the shared seed (shared/seed/aip-requirements.md) as the copy was last verified against it. */
export const SEED_SHA256 = 'a35805a3d99d6dbfeba6f09ed50c37451ffa5ba49a3d31c771fa7716fa891575';

/**
 * The shared seed the project was started from, when this checkout can reach it: AIPCHECK_SEED_DOCUMENT, or
 * shared/seed/aip-requirements.md in the nearest folder above this checkout that has one (a worktree sits deeper
 * than the main checkout; a clone elsewhere, such as CI's, has none, and the recorded hash stands for it).
 */
export function findSeed(): string | undefined {
  const given = process.env.AIPCHECK_SEED_DOCUMENT;
  if (given) return given;
  for (let dir = path.resolve(here, '../../..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'seed', 'aip-requirements.md');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

// Markdown escaping for text taken from rules and inventories: no accidental emphasis, links, HTML or tables.
import { escapeControls } from './common.js';

/**
 * Escapes text for use inside a line of GitHub-flavored Markdown: backslash-escapes the punctuation that
 * starts emphasis, code, links, HTML, strikethrough and table cells, so the text renders as written.
 */
export function escapeMarkdownInline(text: string): string {
  return escapeControls(text).replace(/[\\`*_[\]<>&|~]/g, '\\$&');
}

/**
 * Escapes a paragraph of text for Markdown: inline escapes, plus the characters that would make a line
 * a heading, list, quote or rule. Line breaks are kept.
 */
export function escapeMarkdownBlock(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      escapeMarkdownInline(line)
        .replace(/^(\s*)([#+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

/**
 * Puts text in a Markdown code span that is safe inside a table cell: the fence is longer than any run of
 * backticks in the text, line breaks become spaces and `|` is escaped (GFM splits cells before it parses
 * code spans, and renders `\|` inside a code span as `|`).
 */
export function codeSpan(text: string): string {
  const flat = escapeControls(text).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replaceAll('|', '\\|')}${pad}${fence}`;
}

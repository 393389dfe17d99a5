// HTML escaping and small markup helpers for the HTML report: every text from rules and inventories goes through here.
import { escapeControls } from './common.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Marks that change the direction of the text around them (embeddings, overrides, isolates, LRM/RLM/ALM): an
// inventory name could otherwise make a message read backwards ("Trojan Source").
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities, control
 * characters and bidirectional marks are shown as `\u202e`-style escapes, unpaired surrogates as U+FFFD. The
 * result can never open a tag, end an attribute or reorder the text around it.
 */
export function escapeHtml(text: string): string {
  return escapeControls(text)
    .replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A link when the URL is http(s) (rule packs are data: no `javascript:` or `data:` link), else the text. */
export function linkTo(url: string, text = url): string {
  if (!/^https?:\/\//i.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** A whole number with thousands separators, the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 rule`, `2 rules`. */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A name usable as an element id and URL fragment: letters, digits, `.`, `-`, `_`; anything else becomes `_`. */
export function toAnchor(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

// XML 1.0 text and attribute escaping, with the characters XML 1.0 forbids removed.
import { stripControls, toOneLine } from './common.js';

/**
 * Removes characters XML 1.0 does not allow anywhere, not even as character references (C0 controls
 * other than tab, newline and carriage return; U+FFFE, U+FFFF; unpaired surrogates, made U+FFFD first),
 * and the DEL and C1 controls it discourages.
 */
export function stripInvalidXmlChars(text: string): string {
  return stripControls(text).replace(/[\uFFFE\uFFFF]/g, '');
}

/** Escapes element text. `>` is always escaped, so `]]>` can never appear; `\r` survives as a reference. */
export function escapeXmlText(text: string): string {
  return stripInvalidXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** Escapes an attribute value, on one line: line breaks and tabs become single spaces. */
export function escapeXmlAttribute(text: string): string {
  return toOneLine(stripInvalidXmlChars(text))
    .replaceAll('\t', ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Renders `name="value"` pairs, escaped, in the order given; undefined values are left out. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

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

// Text without any of these characters comes out of the escapes below unchanged, so they return it as it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ATTRIBUTE_SPECIAL = /[&<>"'\t\n\r\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|^\s|\s$/;

/** Escapes element text. `>` is always escaped, so `]]>` can never appear; `\r` survives as a reference. */
export function escapeXmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return stripInvalidXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** Escapes an attribute value, on one line: line breaks and tabs become single spaces. */
export function escapeXmlAttribute(text: string): string {
  if (!ATTRIBUTE_SPECIAL.test(text)) return text;
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

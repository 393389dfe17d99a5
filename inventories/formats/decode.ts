// Decoding of input bytes as Windows tools write them: UTF-8 (BOM or not), UTF-16 (BOM or not) and ANSI.

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Windows-1252 differs from ISO-8859-1 in 0x80-0x9F only; Node's TextDecoder decodes both as ISO-8859-1.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 ("ANSI") bytes to text. Node 20's `TextDecoder('windows-1252')` decodes 0x80–0x9F as C1 controls
 * (ISO-8859-1), not as `€`, `‚`, `“` …, so the 32 characters that differ come from this table.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
    );
  }
  return text;
}

/**
 * Decodes bytes to text and drops a byte-order mark.
 *
 * - A UTF-8, UTF-16LE or UTF-16BE byte-order mark decides (Windows PowerShell 5.1's `Out-File` and `>` write
 *   UTF-16LE with a mark, `Out-File -Encoding UTF8` UTF-8 with one, `reg export` and regedit UTF-16LE).
 * - Without a mark, text whose first two characters have a zero high (or low) byte is UTF-16LE (or BE), as
 *   .NET's `Encoding.Unicode` without preamble writes it.
 * - Otherwise UTF-8, and bytes that are not valid UTF-8 are Windows-1252 ("ANSI"): Windows PowerShell 5.1's
 *   `Set-Content`, `Add-Content` and `-Encoding Default`, Excel's "CSV (Comma delimited)" and REGEDIT4 files
 *   write the system code page, which is Windows-1252 on Western systems.
 */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, start } = markedEncoding(bytes);
  const body = bytes.subarray(start);
  if (encoding) return new TextDecoder(encoding).decode(body);
  try {
    return UTF8.decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

/** The encodings input bytes are read in. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding a byte-order mark or UTF-16's zero bytes announce (see `decodeText`) and where the text starts;
 * no encoding when the bytes do not say (UTF-8, or Windows-1252 when they are not valid UTF-8).
 */
export function markedEncoding(head: Uint8Array): { encoding?: 'utf-8' | 'utf-16le' | 'utf-16be'; start: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', start: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', start: 2 };
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (start === 0 && head.length >= 4) {
    if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return { encoding: 'utf-16le', start };
    if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return { encoding: 'utf-16be', start };
  }
  return { start };
}

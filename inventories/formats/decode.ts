// Decoding of input bytes as Windows tools write them: UTF-8 (BOM or not), UTF-16 (BOM or not) and ANSI.

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Windows-1252 differs from ISO-8859-1 in 0x80-0x9F only; Node's TextDecoder decodes both as ISO-8859-1.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
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
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body === bytes && bytes.length >= 4) {
    if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0)
      return new TextDecoder('utf-16le').decode(bytes);
    if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0)
      return new TextDecoder('utf-16be').decode(bytes);
  }
  try {
    return UTF8.decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

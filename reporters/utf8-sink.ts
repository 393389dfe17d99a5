// UTF-8 written straight into bytes: what repeats is encoded once and copied, the rest encoded as it is written.

const encoder = new TextEncoder();

/** Bytes of `text` as UTF-8, to be copied into a sink many times (`Utf8Sink.raw`). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Copies of at most this many bytes are a loop; longer ones `Uint8Array.set`, whose call costs 20-35 ns, what a
 * loop takes for a dozen bytes.
 */
const SHORT_COPY = 12;

/**
 * A growable byte array that text is written into as UTF-8, for a report too large to build as strings: a
 * template string per finding costs more to flatten and encode than its bytes cost to copy. Text is encoded
 * as `TextEncoder` does (a lone surrogate becomes U+FFFD, as Node's `Buffer.write` and streams do), so
 * the bytes are those of the same text written as a string.
 */
export class Utf8Sink {
  /** The bytes written are `bytes.subarray(0, length)`. */
  bytes: Uint8Array;
  length = 0;

  constructor(bytes: Uint8Array = new Uint8Array(1 << 16)) {
    this.bytes = bytes;
  }

  /** Makes room for `more` bytes after the written ones (a larger array, the written bytes copied). */
  reserve(more: number): void {
    const needed = this.length + more;
    if (needed <= this.bytes.length) return;
    const larger = new Uint8Array(Math.max(2 * this.bytes.length, needed));
    larger.set(this.bytes.subarray(0, this.length));
    this.bytes = larger;
  }

  /** Appends bytes as they are (from `utf8`). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.length + n > this.bytes.length) this.reserve(n);
    const out = this.bytes;
    const at = this.length;
    if (n > SHORT_COPY) out.set(bytes, at);
    else for (let i = 0; i < n; i++) out[at + i] = bytes[i] as number;
    this.length = at + n;
  }

  /** Appends `text` as UTF-8: ASCII byte by byte, from the first other character on by `TextEncoder`. */
  text(text: string): void {
    const n = text.length;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.length + 3 * n > this.bytes.length) this.reserve(3 * n);
    const out = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        // Not ASCII: nothing before it was a surrogate, so the rest encodes as it would with what came before.
        at += encoder.encodeInto(i === 0 ? text : text.slice(i), out.subarray(at)).written;
        break;
      }
      out[at++] = code;
    }
    this.length = at;
  }

  /** Appends a number as `String(value)` writes it: digit by digit for an integer from 0 to 2^32 - 1. */
  integer(value: number): void {
    if (!(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) {
      this.text(String(value));
      return;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    if (this.length + digits > this.bytes.length) this.reserve(digits);
    const out = this.bytes;
    let at = this.length + digits;
    this.length = at;
    let rest = value;
    do {
      const next = Math.floor(rest / 10);
      out[--at] = 48 + rest - 10 * next;
      rest = next;
    } while (rest > 0);
  }

  /** The text written, decoded (for a reporter that yields strings). */
  decoded(): string {
    return decoder.decode(this.bytes.subarray(0, this.length));
  }

  /** Forgets what was written, keeping the array. */
  clear(): void {
    this.length = 0;
  }
}

// Keeps a U+FEFF that starts the bytes: it is text written, not a byte order mark.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

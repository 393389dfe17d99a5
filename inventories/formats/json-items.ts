// A streaming scanner for JSON exports that list objects: finds each listed item in text fed a chunk at a time.
import type { Pointer } from '../../engine/types.js';
import type { Position } from './source-map.js';

/** One listed value: its text, where it starts, and its pointer in the document. */
export interface ScannedItem {
  text: string;
  /** Offset of its first character in the whole text. */
  offset: number;
  line: number;
  column: number;
  pointer: Pointer;
}

/** Text that is not JSON the scanner can list, at its position. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly at: Position,
  ) {
    super(message);
  }
}

/** Characters dropped from the scanner's text at a time, once the items before them are handed on. */
const TRIM = 1 << 20;

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Finds the values a JSON export lists, as `listItems` reads them from the parsed document: the elements of a
 * Graph/ARM page's top-level `value` array (pointer `['value', i]`) or of a top-level array (`[i]`). Each is
 * handed on as its own text as soon as it is complete, so a document of any size is never held whole; the
 * rest of the document (the page's other properties, the brackets and commas) is collected with each item
 * replaced by `0`, for `end` to check with `JSON.parse`. Line breaks count as `LineIndex` counts them (`\n`,
 * `\r\n`, a lone `\r`) and columns in UTF-16 code units, so positions are those of the document read whole.
 * Values inside items are not looked at: `JSON.parse` of each item's text checks them.
 */
export class JsonItemScanner {
  /** The text from `base` on. */
  private text = '';
  private base = 0;
  /** Next offset to look at, in the whole text. */
  private at = 0;
  private line = 1;
  private lineStart = 0;
  /** Open containers outside items: `{` or `[`. */
  private readonly stack: number[] = [];
  /** In a string outside items; whether the string is a key of the top-level object, and where it started. */
  private inString = false;
  private keyStart = -1;
  private expectKey = false;
  private lastKey: string | undefined;
  /** Depth of the containers the listed items are in (1 or 2), or 0 when not in such a container. */
  private listDepth = 0;
  private listPointer: Pointer = [];
  private count = 0;
  /** The item being read: where it started, its depth inside it, and whether it is in a string. */
  private item = -1;
  private itemLine = 0;
  private itemColumn = 0;
  private itemDepth = 0;
  private itemInString = false;
  private started = false;
  /** The document without its items. */
  private envelope = '';
  private envelopeFrom = 0;

  /** `trim`: characters handed on before they are dropped (tests make it small). */
  constructor(
    private readonly onItem: (item: ScannedItem) => void,
    private readonly trim = TRIM,
  ) {}

  /** Scans the next chunk of text. @throws {JsonScanError} */
  push(chunk: string): void {
    this.text += chunk;
    this.scan(false);
  }

  /** Ends the text: checks what lies around the items. @throws {JsonScanError} */
  end(): void {
    this.scan(true);
    if (this.item !== -1) this.emit(this.base + this.text.length);
    if (this.item !== -1 || this.inString || this.stack.length > 0 || !this.started)
      throw new JsonScanError('Unexpected end of JSON input', this.position(this.base + this.text.length));
    this.keepEnvelope(this.base + this.text.length);
    try {
      JSON.parse(this.envelope);
    } catch (error) {
      throw new JsonScanError(
        (error as Error).message.replace(/ in JSON at position \d+.*$/s, '').slice(0, 200),
        this.position(this.base + this.text.length),
      );
    }
  }

  private position(offset: number): Position {
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private keepEnvelope(upTo: number): void {
    this.envelope += this.text.slice(this.envelopeFrom - this.base, upTo - this.base);
    this.envelopeFrom = upTo;
  }

  private startItem(offset: number): void {
    this.keepEnvelope(offset);
    this.envelope += '0';
    this.item = offset;
    this.itemLine = this.line;
    this.itemColumn = offset - this.lineStart + 1;
    this.itemDepth = 0;
  }

  private emit(end: number): void {
    const start = this.item;
    this.onItem({
      text: this.text.slice(start - this.base, end - this.base),
      offset: start,
      line: this.itemLine,
      column: this.itemColumn,
      pointer: [...this.listPointer, this.count++],
    });
    this.item = -1;
    this.envelopeFrom = end;
  }

  private scan(final: boolean): void {
    const text = this.text;
    const base = this.base;
    const length = text.length;
    let i = this.at - base;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (this.item !== -1) {
        // Inside an item: only strings, brackets and (for a scalar) its end matter.
        if (this.itemInString) {
          // Strings are most of an item: jump from quote to quote. The text holds the item from its start, so
          // the backslashes before a quote are all there to count (an odd run escapes it).
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            i = length;
            break;
          }
          let slashes = 0;
          while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
          i = quote + 1;
          if (slashes % 2 === 1) continue;
          this.itemInString = false;
          if (this.itemDepth === 0) this.emit(base + i);
          continue;
        }
        if (c === QUOTE) this.itemInString = true;
        else if (c === 123 || c === 91) this.itemDepth++;
        else if (c === 125 || c === 93) {
          if (this.itemDepth === 0) {
            // A scalar item ends at the bracket that closes its list.
            this.emit(base + i);
            continue;
          }
          if (--this.itemDepth === 0) {
            this.emit(base + i + 1);
            i++;
            continue;
          }
        } else if (this.itemDepth === 0 && (c === 44 || c === 32 || c === 9 || c === 10 || c === 13)) {
          this.emit(base + i);
          continue;
        } else if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
          if (c === 13 && i + 1 === length && !final) break;
          this.line++;
          this.lineStart = base + i + 1;
        }
        i++;
        continue;
      }
      if (this.inString) {
        if (c === BACKSLASH) {
          if (i + 1 === length && !final) break;
          i += 2;
          continue;
        }
        if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart !== -1) {
            try {
              this.lastKey = JSON.parse(text.slice(this.keyStart - base, i + 1)) as string;
            } catch {
              throw new JsonScanError('Bad string in JSON', this.position(this.keyStart));
            }
            this.keyStart = -1;
          }
        }
        i++;
        continue;
      }
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        if (c === 13 && i + 1 === length && !final) break;
        this.line++;
        this.lineStart = base + i + 1;
        i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      const depth = this.stack.length;
      if (this.listDepth !== 0 && depth === this.listDepth && c !== 93 && c !== 44) {
        this.startItem(base + i);
        this.itemInString = c === QUOTE;
        if (c === 123 || c === 91) this.itemDepth = 1;
        i++;
        continue;
      }
      if (!this.started) {
        if (c !== 123 && c !== 91) throw new JsonScanError('not a JSON object or array', this.position(base + i));
        this.started = true;
      } else if (depth === 0)
        throw new JsonScanError('Unexpected non-whitespace character after JSON', this.position(base + i));
      if (c === QUOTE) {
        this.inString = true;
        if (depth === 1 && this.stack[0] === 123 && this.expectKey) this.keyStart = base + i;
      } else if (c === 123 || c === 91) {
        // The listed values: the top-level array's elements, or those of the top-level object's `value` array.
        if (depth === 0 && c === 91) {
          this.listDepth = 1;
          this.listPointer = [];
        } else if (depth === 1 && c === 91 && this.stack[0] === 123 && this.lastKey === 'value') {
          this.listDepth = 2;
          this.listPointer = ['value'];
          this.count = 0;
        }
        this.stack.push(c);
        this.expectKey = c === 123 && this.stack.length === 1;
      } else if (c === 125 || c === 93) {
        const open = this.stack.pop();
        if (open !== (c === 125 ? 123 : 91))
          throw new JsonScanError(`Unexpected token '${String.fromCharCode(c)}'`, this.position(base + i));
        if (this.stack.length < this.listDepth) this.listDepth = 0;
      } else if (c === 44) {
        if (depth === 1 && this.stack[0] === 123) this.expectKey = true;
      } else if (c === 58) {
        if (depth === 1) this.expectKey = false;
      }
      i++;
    }
    this.at = base + i;
    // Drop what is handed on: keep the item being read, or a key being read, and what follows.
    const keep = this.item !== -1 ? this.item : this.keyStart !== -1 ? this.keyStart : this.at;
    if (keep - base >= this.trim) {
      if (this.item === -1) this.keepEnvelope(keep);
      this.text = this.text.slice(keep - base);
      this.base = keep;
    }
  }
}

// An RFC 4180 record scanner that reads CSV exports exactly as csv-parse 5 does with the options aipcheck used
// (relax_quotes, relax_column_count, skip_empty_lines, skip_records_with_error), several times faster.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The record delimiter: not found yet, or the first line break outside quotes (`\r\n` before `\r`). */
enum Breaks {
  Unknown,
  Lf,
  Cr,
  CrLf,
}

/** The record delimiters, in the order of `Breaks` after `Unknown`. */
const BREAKS = ['\n', '\r', '\r\n'] as const;
export type RecordBreak = (typeof BREAKS)[number];

/** Length of the buffers of field bounds (two numbers a field): 256 KiB each. */
const BOUNDS = 1 << 16;

/** `scanRecord` needs text after the end of what it has to decide. */
const NEED_MORE = -1;
/** The text ended inside a quoted field. */
const UNCLOSED = -2;

/**
 * The fields of a record, made into strings only when asked: most are one slice of the text the record was
 * read from, kept as their bounds; the others (with `""`, or a quote that closes nothing) were built already.
 */
export class CsvRecord {
  constructor(
    /** The text the record was read from (held while the record is). */
    private readonly text: string,
    /** From `at` on, per field: start and end in `text`, or `-1 - i` and anything for `built[i]`. */
    private readonly bounds: Int32Array,
    private readonly at: number,
    readonly length: number,
    private readonly built: readonly string[] | undefined,
  ) {}

  /** Field `i` (undefined past the last). */
  field(i: number): string | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const j = this.at + 2 * i;
    const start = this.bounds[j] as number;
    if (start < 0) return this.built?.[-1 - start];
    return this.text.slice(start, this.bounds[j + 1]);
  }

  /** Every field, as strings. */
  fields(): string[] {
    const all: string[] = [];
    for (let i = 0; i < this.length; i++) all.push(this.field(i) as string);
    return all;
  }
}

/**
 * Splits CSV text given in consecutive pieces into records, each handed to `emit` with the character offset
 * where it ends (after its line break). Semantics, matching csv-parse's on malformed input too:
 * - records end at the first line break found outside quotes (`\r\n`, `\n` or `\r`) and only at that kind;
 *   other line breaks are ordinary characters;
 * - a field starting with `"` is quoted: `""` is one quote, and a quote followed by the delimiter, the record
 *   break, a NUL or the end closes it; any other closing quote is kept with the text around it (`"a"b` reads
 *   `"a"b`); a quote inside an unquoted field is an ordinary character;
 * - lines with nothing on them are skipped; rows keep the number of fields they have;
 * - a quote never closed drops the row it opened in and sets `unclosed`.
 */
export class CsvScanner {
  /** Text not yet split, from the start of the record being read. */
  private text = '';
  /** Character offset of `text` in the whole input. */
  private base = 0;
  private breaks = Breaks.Unknown;
  /** Length `text` must reach before an unfinished record is scanned again (amortizes long records). */
  private retryAt = 0;
  private readonly delimiter: number;
  /** The input ended inside a quoted field; the record it opened in is not given. */
  unclosed = false;
  private emit: (record: CsvRecord, end: number) => void;
  /** The field being read: one slice of the text, `[from, to)`, unless it had to be built (`field`). */
  private from = 0;
  private to = 0;
  private field: string | undefined;
  /**
   * Bounds of the fields read (two per field), shared by records: those handed on use `bounds[0, used)` (and
   * are never written again), the record being read the rest. A full buffer is left to its records.
   */
  private bounds = new Int32Array(BOUNDS);
  private used = 0;
  /** The built fields of the record, when it has any. */
  private built: string[] | undefined;
  private readonly delimiterChar: string;
  /**
   * Where the next delimiter and line breaks are in the text being scanned (its length: none), at or after the
   * field being read; cleared where scanning starts (`lookFromStart`).
   */
  private nextDelimiter = -1;
  private nextLf = -1;
  private nextCr = -1;

  /**
   * `recordBreak`: the record delimiter when it is known already (text from the middle of a file, whose first
   * line break outside quotes is not the file's first).
   */
  constructor(delimiter: string, emit: (record: CsvRecord, end: number) => void, recordBreak?: RecordBreak) {
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterChar = delimiter.charAt(0);
    this.emit = emit;
    if (recordBreak !== undefined) this.breaks = BREAKS.indexOf(recordBreak) + 1;
  }

  /** The record delimiter, once the first line break outside quotes has decided it. */
  get recordBreak(): RecordBreak | undefined {
    return this.breaks === Breaks.Unknown ? undefined : BREAKS[this.breaks - 1];
  }

  /**
   * Whether the text given so far ends where a record ends: outside quotes, after a record break. Then `end`
   * hands on the records still pending as more text would have. Looks ahead without handing anything on.
   */
  endsRecord(): boolean {
    const { emit, breaks, text } = this;
    this.emit = () => {};
    this.lookFromStart();
    try {
      let at = 0;
      while (at < text.length) {
        const next = this.scanRecord(text, at, true);
        if (next === UNCLOSED) return false;
        at = next;
      }
      return text.length === 0 || this.breakAt(text, text.length - this.recordBreakLength(), true) > 0;
    } finally {
      this.emit = emit;
      this.breaks = breaks;
      this.lookFromStart();
    }
  }

  /** Forgets where the next delimiter and line breaks are: scanning starts again at the start of a text. */
  private lookFromStart(): void {
    this.nextDelimiter = -1;
    this.nextLf = -1;
    this.nextCr = -1;
  }

  private recordBreakLength(): number {
    return this.breaks === Breaks.CrLf ? 2 : 1;
  }

  /** Adds the next piece of text, handing on every record it completes. */
  push(text: string): void {
    this.text += text;
    if (this.text.length >= this.retryAt) this.scan(false);
  }

  /** Ends the input: the last record needs no line break. */
  end(): void {
    this.scan(true);
    this.text = '';
  }

  private scan(final: boolean): void {
    const { text } = this;
    this.lookFromStart();
    let at = 0;
    while (at < text.length) {
      const next = this.scanRecord(text, at, final);
      if (next === NEED_MORE) break;
      if (next === UNCLOSED) {
        this.unclosed = true;
        at = text.length;
        break;
      }
      at = next;
    }
    this.text = at === 0 ? text : text.slice(at);
    this.base += at;
    this.retryAt = this.text.length * 2;
  }

  /** Length of the record break at `i` (0: none), or NEED_MORE when the next character decides it. */
  private breakAt(text: string, i: number, final: boolean): number {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (this.breaks === Breaks.Unknown) {
      if (c === LF) this.breaks = Breaks.Lf;
      else if (i + 1 >= text.length && !final) return NEED_MORE;
      else this.breaks = text.charCodeAt(i + 1) === LF ? Breaks.CrLf : Breaks.Cr;
    }
    switch (this.breaks) {
      case Breaks.Lf:
        return c === LF ? 1 : 0;
      case Breaks.Cr:
        return c === CR ? 1 : 0;
      default:
        if (c !== CR) return 0;
        if (i + 1 >= text.length) return final ? 0 : NEED_MORE;
        return text.charCodeAt(i + 1) === LF ? 2 : 0;
    }
  }

  /** Ends the field being read: its bounds go to `bounds`, or its text to `built` when it is not one slice. */
  private endField(count: number): void {
    let at = this.used + count * 2;
    if (at + 2 > this.bounds.length) {
      // Records handed on keep the full buffer; the one being read moves to a new one.
      const fresh = new Int32Array(Math.max(BOUNDS, 4 * (count + 1)));
      fresh.set(this.bounds.subarray(this.used, at));
      this.bounds = fresh;
      this.used = 0;
      at = count * 2;
    }
    if (this.field !== undefined) {
      this.built ??= [];
      this.bounds[at] = -1 - this.built.length;
      this.built.push(this.field);
    } else {
      this.bounds[at] = this.from;
      this.bounds[at + 1] = this.to;
    }
  }

  /** Adds `text[from, to)` to the field being read. */
  private addPiece(text: string, from: number, to: number): void {
    if (from === to) return;
    if (this.field !== undefined) this.field += text.slice(from, to);
    else if (this.from === this.to) {
      this.from = from;
      this.to = to;
    } else this.field = text.slice(this.from, this.to) + text.slice(from, to);
  }

  /** Length of the field being read. */
  private fieldLength(): number {
    return this.field !== undefined ? this.field.length : this.to - this.from;
  }

  /**
   * Where the first delimiter, `\r` or `\n` at or after `pos` is (the text's length: none). The character at
   * `pos` is looked at first: after a quoted field, it is the delimiter.
   */
  private nextStop(text: string, pos: number): number {
    const n = text.length;
    if (pos >= n) return n;
    const c = text.charCodeAt(pos);
    if (c === this.delimiter || c === CR || c === LF) return pos;
    if (this.nextDelimiter < pos) this.nextDelimiter = indexOrEnd(text, this.delimiterChar, pos);
    if (this.nextLf < pos) this.nextLf = indexOrEnd(text, '\n', pos);
    if (this.nextCr < pos) this.nextCr = this.breaks === Breaks.Lf ? n : indexOrEnd(text, '\r', pos);
    return Math.min(this.nextDelimiter, this.nextLf, this.nextCr);
  }

  /** Hands on the record of `count` fields read from `text`, ending at `end` in `text`. */
  private emitRecord(text: string, count: number, end: number): void {
    const record = new CsvRecord(text, this.bounds, this.used, count, this.built);
    this.used += count * 2;
    this.built = undefined;
    this.emit(record, this.base + end);
  }

  /** Reads the record (or empty line) starting at `start`: where the next starts, NEED_MORE or UNCLOSED. */
  private scanRecord(text: string, start: number, final: boolean): number {
    const n = text.length;
    const delimiter = this.delimiter;
    // Built fields of a record given up on (NEED_MORE) are read again with it.
    this.built = undefined;
    let count = 0;
    let pos = start;
    for (;;) {
      // A field starts at `pos`.
      this.field = undefined;
      this.from = 0;
      this.to = 0;
      let wasQuoting = false;
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        pos++;
        let from = pos;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q === -1) return final ? UNCLOSED : NEED_MORE;
          // Up to two characters after a quote decide what it is (`""`, or a closing quote before `\r\n`).
          if (q + 2 >= n && !final) return NEED_MORE;
          const next = q + 1 < n ? text.charCodeAt(q + 1) : -1;
          if (next === QUOTE) {
            this.addPiece(text, from, q + 1);
            pos = q + 2;
            from = pos;
            continue;
          }
          this.addPiece(text, from, q);
          wasQuoting = true;
          pos = q + 1;
          if (next === -1 || next === 0 || next === delimiter) break;
          const breakLength = this.breakAt(text, q + 1, final);
          if (breakLength === NEED_MORE) return NEED_MORE;
          // A quote that closes nothing: kept, with the one the field opened with.
          if (breakLength === 0) this.field = `"${this.field ?? text.slice(this.from, this.to)}"`;
          break;
        }
      }
      if (wasQuoting && pos < n && text.charCodeAt(pos) === delimiter) {
        // The common case of a quoted field: closed right before the delimiter.
        this.endField(count++);
        pos++;
        continue;
      }
      // Unquoted characters (or those after a quoted part) up to the delimiter or the record break: found with
      // indexOf (memchr on one-byte text), twice as fast as reading them one at a time on exports that quote
      // nothing. The next delimiter and line breaks found are kept for the fields after.
      const from = pos;
      for (;;) {
        pos = this.nextStop(text, pos);
        if (pos >= n) {
          if (!final) return NEED_MORE;
          this.addPiece(text, from, pos);
          if (wasQuoting || count > 0 || this.fieldLength() > 0) {
            this.endField(count++);
            this.emitRecord(text, count, n);
          }
          return n;
        }
        const c = text.charCodeAt(pos);
        if (c === delimiter) {
          this.addPiece(text, from, pos);
          this.endField(count++);
          pos++;
          break;
        }
        if (c === CR || c === LF) {
          const breakLength = this.breakAt(text, pos, final);
          if (breakLength === NEED_MORE) return NEED_MORE;
          if (breakLength > 0) {
            this.addPiece(text, from, pos);
            const end = pos + breakLength;
            if (!wasQuoting && count === 0 && this.fieldLength() === 0) return end;
            this.endField(count++);
            this.emitRecord(text, count, end);
            return end;
          }
        }
        // A line break of another kind than the records': an ordinary character.
        pos++;
      }
    }
  }
}

/** Where `char` is next in `text` from `from` on, or the text's length. */
function indexOrEnd(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i === -1 ? text.length : i;
}

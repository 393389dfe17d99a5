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

/** `scanRecord` needs text after the end of what it has to decide. */
const NEED_MORE = -1;
/** The text ended inside a quoted field. */
const UNCLOSED = -2;

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

  constructor(
    delimiter: string,
    private readonly emit: (fields: string[], end: number) => void,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
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

  /** Reads the record (or empty line) starting at `start`: where the next starts, NEED_MORE or UNCLOSED. */
  private scanRecord(text: string, start: number, final: boolean): number {
    const n = text.length;
    const delimiter = this.delimiter;
    const fields: string[] = [];
    let pos = start;
    for (;;) {
      // A field starts at `pos`.
      let field = '';
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
            field += text.slice(from, q + 1);
            pos = q + 2;
            from = pos;
            continue;
          }
          field += text.slice(from, q);
          wasQuoting = true;
          pos = q + 1;
          if (next === -1 || next === 0 || next === delimiter) break;
          const breakLength = this.breakAt(text, q + 1, final);
          if (breakLength === NEED_MORE) return NEED_MORE;
          // A quote that closes nothing: kept, with the one the field opened with.
          if (breakLength === 0) field = `"${field}"`;
          break;
        }
      }
      // Unquoted characters (or those after a quoted part) up to the delimiter or the record break.
      const from = pos;
      for (;;) {
        if (pos >= n) {
          if (!final) return NEED_MORE;
          field += text.slice(from, pos);
          if (wasQuoting || fields.length > 0 || field.length > 0) {
            fields.push(field);
            this.emit(fields, this.base + n);
          }
          return n;
        }
        const c = text.charCodeAt(pos);
        if (c === delimiter) {
          fields.push(field + text.slice(from, pos));
          pos++;
          break;
        }
        if (c === CR || c === LF) {
          const breakLength = this.breakAt(text, pos, final);
          if (breakLength === NEED_MORE) return NEED_MORE;
          if (breakLength > 0) {
            field += text.slice(from, pos);
            const end = pos + breakLength;
            if (!wasQuoting && fields.length === 0 && field.length === 0) return end;
            fields.push(field);
            this.emit(fields, this.base + end);
            return end;
          }
        }
        pos++;
      }
    }
  }
}

// Load stage, part 1: YAML or JSON text to a plain value with a locator, bounded against hostile input.
import type { CST, Document, LineCounter, Node } from 'yaml';
import { type Diagnostic, diagnostic, ErrorCode } from '../errors.js';
import { lazyModule } from '../lazy-module.js';
import type { Locator, Pointer } from '../types.js';

/** The YAML library, loaded when a YAML or JSON document is first parsed: a run over JSON Lines never needs it. */
const yaml = lazyModule<typeof import('yaml')>('yaml');

/** Limits that keep a hostile document from hanging or exhausting the process. */
export interface ParseLimits {
  /** Largest text accepted, in UTF-16 code units (about bytes for ASCII). */
  maxLength: number;
  /** Most alias dereferences in one YAML document (alias bombs). */
  maxAliasCount: number;
  /** Deepest nesting of collections; YAML parsing recurses per level and overflows near 900. */
  maxDepth?: number;
}

/**
 * The YAML parser holds about 60 bytes per character while it works (a 16 MB inventory peaks near 1.1 GB, a
 * 64 MB one at the 4 GB heap limit), so 16 MiB is the most one YAML document may be; fleets use JSON Lines.
 */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxLength: 16 * 1024 * 1024, maxAliasCount: 1000, maxDepth: 200 };

/**
 * `parseDocument`, with the nesting bounded before anything recurses on it. The CST parser recurses through
 * its open collections when a dedent closes many at once, and the composer and `toJS` recurse per level; a
 * stack overflow there can abort the process (V8 failing to compile a RegExp) instead of throwing. So the
 * lexer's tokens are fed to the parser one by one, and its stack of open nodes is checked after each.
 */
function parseBounded(
  text: string,
  lineCounter: LineCounter,
  maxDepth: number,
): { doc: Document.Parsed } | { deepAt: number } {
  const { Composer, Lexer, Parser, YAMLParseError } = yaml();
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth) return { deepAt: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  // logLevel 'error': yaml would otherwise print its warnings (a key that is a collection) with
  // process.emitWarning, a stray '(node:PID) Warning' on stderr; the engine prints nothing.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, merge: false, logLevel: 'error' });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'),
      );
      break;
    }
  }
  // compose(…, true) always yields at least one document, empty for empty text.
  return { doc: doc as Document.Parsed };
}

export type ParseResult = { ok: true; value: unknown; locate: Locator } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses YAML (a superset of JSON) keeping source positions.
 * Never throws: syntax errors, alias bombs and oversized input come back as diagnostics.
 */
export function parseText(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  if (text.length > limits.maxLength) {
    return {
      ok: false,
      diagnostics: [
        diagnostic(
          ErrorCode.TOO_LARGE,
          file,
          undefined,
          `input is ${text.length} characters, more than the limit of ${limits.maxLength}; split it or use JSON Lines`,
        ),
      ],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new (yaml().LineCounter)();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // An error at the end of the text (a flow collection or quote never closed) is on the last line that has
  // something on it, not on the empty line after the final line break.
  const lastContent = body.trimEnd().length;
  const errorPosition = (offset: number) =>
    position(offset >= lastContent && lastContent > 0 ? lastContent - 1 : offset);
  const maxDepth = limits.maxDepth ?? (DEFAULT_PARSE_LIMITS.maxDepth as number);
  const bounded = parseBounded(body, lineCounter, maxDepth);
  if ('deepAt' in bounded) {
    return {
      ok: false,
      diagnostics: [
        diagnostic(
          ErrorCode.TOO_DEEP,
          file,
          position(bounded.deepAt),
          `collections are nested more than ${maxDepth} levels deep here; no inventory or rule needs that many`,
        ),
      ],
    };
  }
  const { doc } = bounded;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) =>
        diagnostic(ErrorCode.PARSE, file, errorPosition(e.pos[0]), e.message.split('\n')[0] ?? e.message),
      ),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /alias/i.test(message) ? ErrorCode.ALIAS_LIMIT : ErrorCode.PARSE;
    return { ok: false, diagnostics: [diagnostic(code, file, undefined, message)] };
  }
  const locate: Locator = (pointer) => position(findOffset(doc.contents, pointer));
  return { ok: true, value, locate };
}

/** Offset of the deepest node along `pointer`: the key of a map entry, the start of a sequence item. */
function findOffset(root: unknown, pointer: Pointer): number {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node = root as Node | null | undefined;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Converts a JSON pointer string (`/a/0/b`, as ajv reports) to segments. */
export function pointerFromJsonPointer(jsonPointer: string): (string | number)[] {
  if (jsonPointer === '') return [];
  return jsonPointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

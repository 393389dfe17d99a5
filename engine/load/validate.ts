// Validate stage: JSON Schema checks of parsed documents, with errors mapped back to file:line:col.
import { createHash } from 'node:crypto';
import type {
  Ajv2020,
  CodeKeywordDefinition,
  ErrorObject,
  Format,
  FormatDefinition,
  Options,
  ValidateFunction,
} from 'ajv/dist/2020.js';
import type addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { type Diagnostic, diagnostic, ErrorCode } from '../errors.js';
import { lazyModule } from '../lazy-module.js';
import type { Locator, Pointer } from '../types.js';
import { isDate, isDateTime } from './date-time.js';
import { pointerFromJsonPointer } from './parse.js';

/** A compiled schema check, reusable across documents (ajv compiles once), with the schema it checks. */
export type SchemaCheck = ((value: unknown, file: string, locate: Locator) => Diagnostic[]) & {
  readonly schema?: object;
  /** Only whether the value is valid: no diagnostics made, nothing allocated (a line of a fleet at a time). */
  readonly valid?: (value: unknown) => boolean;
};

/** A validator as ajv compiles it, or as its standalone code exports it: a verdict, and `errors` when false. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * A validator that scripts/build-schemas.mjs generated from one of our schemas at build time, and the
 * {@link schemaHash} of the schema it was generated from.
 */
export interface PrecompiledSchema {
  readonly hash: string;
  readonly validate: Validator;
}

/**
 * ajv, loaded on first compile: a run whose schemas were all generated at build time never loads it (ajv and
 * ajv-formats took tens of milliseconds to import). Loaded with require, which ajv supports, so that
 * compiling stays synchronous.
 */
const loadAjv = lazyModule<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
const loadAjvFormats = lazyModule<typeof addFormats>('ajv-formats');

/**
 * One Ajv for the schemas compiled here: each new instance compiles its formats and meta-schema again, which
 * cost more than the schemas themselves at start-up. A schema whose `$id` this one already holds for another
 * object gets an Ajv of its own.
 */
let shared: Ajv2020 | undefined;

function ajvFor(schema: object): Ajv2020 {
  shared ??= createAjv();
  const id = (schema as { $id?: unknown }).$id;
  return typeof id === 'string' && shared.getSchema(id) !== undefined ? createAjv() : shared;
}

/**
 * What a generated validator is checked against before it stands in for compiling: the SHA-256 of the
 * schema as JSON. A schema edited after the build hashes differently, and is compiled.
 */
export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/**
 * Compiles a JSON Schema (draft 2020-12) into a check that returns located diagnostics. With a validator
 * generated at build time from this very schema (same hash) it uses that one instead of compiling.
 */
export function compileSchema(schema: object, precompiled?: PrecompiledSchema): SchemaCheck {
  const validate: Validator =
    precompiled !== undefined && precompiled.hash === schemaHash(schema)
      ? precompiled.validate
      : (ajvFor(schema).compile(schema) as ValidateFunction);
  const check = (value: unknown, file: string, locate: Locator): Diagnostic[] => {
    if (validate(value)) return [];
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf');
    const worded = errors.map((error) => wordedMessage(schema, error, value));
    // A value with a worded message needs no other word from ajv about it, and one message once.
    const wordedAt = new Set(errors.filter((_, i) => worded[i] !== undefined).map((error) => error.instancePath));
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    errors.forEach((error, i) => {
      const message = worded[i];
      if (message === undefined && wordedAt.has(error.instancePath)) return;
      const key = `${error.instancePath}\u0000${message ?? i}`;
      if (seen.has(key)) return;
      seen.add(key);
      diagnostics.push(
        message === undefined
          ? toDiagnostic(error, file, locate)
          : diagnostic(ErrorCode.SCHEMA, file, locate(errorPointer(error)), message),
      );
    });
    return diagnostics;
  };
  return Object.assign(check, { schema, valid: (value: unknown) => validate(value) as boolean });
}

/**
 * The formats {@link createAjv} adds: ajv-formats' full formats, with `date` and `date-time` read by
 * character codes instead of regular expressions (its `compare` stays, for formatMinimum and formatMaximum).
 * Standalone code generated at build time imports them from here as `aipcheckFormats`.
 */
export const formats: Readonly<Record<string, Format>> = {
  ...fullFormats,
  date: { ...(fullFormats.date as FormatDefinition<string>), validate: isDate },
  'date-time': { ...(fullFormats['date-time'] as FormatDefinition<string>), validate: isDateTime },
};

/** What standalone code names the imports from this module: {@link formats} and {@link countCodePoints}. */
export const STANDALONE_IMPORTS = { formats: 'aipcheckFormats', countCodePoints: 'aipcheckCountCodePoints' };

/**
 * An Ajv with ajv-formats' full formats, made cheaper where it checks every line of a large inventory:
 * `date` and `date-time` read character codes instead of matching regular expressions, and string lengths
 * are counted in code points only when the length in UTF-16 units cannot decide. Same verdicts, same errors.
 * `standalone` keeps each validator's source for ajv's standalone code (scripts/build-schemas.mjs), which
 * refers to our formats and length count by the names of {@link STANDALONE_IMPORTS}.
 */
export function createAjv(options: { standalone?: boolean } = {}): Ajv2020 {
  const { Ajv2020, Name } = loadAjv();
  const code: Options['code'] = options.standalone
    ? { source: true, esm: true, formats: new Name(STANDALONE_IMPORTS.formats) }
    : {};
  const ajv = new Ajv2020({ allErrors: true, strict: false, code });
  loadAjvFormats().default(ajv);
  ajv.addFormat('date', formats.date as Format);
  ajv.addFormat('date-time', formats['date-time'] as Format);
  // ajv's own definition (messages, params) with new code, back in its place before `pattern`: same errors, same order.
  const limitLength = ajv.getKeyword('maxLength') as CodeKeywordDefinition;
  ajv.removeKeyword('maxLength').removeKeyword('minLength');
  ajv.addKeyword({ ...limitLength, code: codeLimitLength, before: 'pattern' });
  return ajv;
}

/**
 * maxLength and minLength count code points, as ajv does, but a string of n UTF-16 units holds between
 * ceil(n / 2) and n code points: only a length between those bounds and the limit needs the count.
 */
const codeLimitLength: CodeKeywordDefinition['code'] = (cxt) => {
  const { _, Name } = loadAjv();
  const { keyword, data, schemaCode, gen } = cxt;
  const count = gen.scopeValue('func', { ref: countCodePoints, code: new Name(STANDALONE_IMPORTS.countCodePoints) });
  if (keyword === 'maxLength') {
    cxt.fail$data(_`${data}.length > ${schemaCode} && ${count}(${data}) > ${schemaCode}`);
  } else {
    cxt.fail$data(
      _`${data}.length < ${schemaCode} || ((${data}.length + 1) >> 1 < ${schemaCode} && ${count}(${data}) < ${schemaCode})`,
    );
  }
};

/** Code points in the text, a lone surrogate counting as one: ajv's `ucs2length`. */
export function countCodePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** The segments of a JSON Pointer (`/a/b~1c` → a, b/c). */
function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The message a schema words for an error, as ajv-errors' `errorMessage` does: a string on a schema words every
 * error of it and of its subschemas, an object words the errors of its own keywords by name (`_` for the rest). The
 * nearest schema that words the error wins (see {@link fillTemplate}). Undefined when no schema words it.
 */
function wordedMessage(schema: object, error: ErrorObject, data: unknown): string | undefined {
  const segments = pointerSegments(error.schemaPath.replace(/^#/, ''));
  const keyword = segments.pop();
  const chain: unknown[] = [schema];
  let node: unknown = schema;
  for (const segment of segments) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    chain.push(node);
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const wording = (chain[i] as { errorMessage?: unknown } | undefined)?.errorMessage;
    let message: unknown;
    if (typeof wording === 'string') message = wording;
    else if (typeof wording === 'object' && wording !== null) {
      const byKeyword = wording as Record<string, unknown>;
      message = (i === chain.length - 1 && keyword !== undefined ? byKeyword[keyword] : undefined) ?? byKeyword._;
    }
    if (typeof message === 'string') return fillTemplate(message, error, data);
  }
  return undefined;
}

/** `${0}` is the value (as in ajv-errors); `${name}` an ajv error parameter such as `additionalProperty`. */
function fillTemplate(message: string, error: ErrorObject, data: unknown): string {
  const params = error.params as Record<string, unknown>;
  return message.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    if (name === '0') return describeData(data, error.instancePath);
    return name in params ? String(params[name]) : whole;
  });
}

/** The value at a JSON Pointer into the data, as a message shows it: text as it is, anything else as JSON. */
function describeData(data: unknown, instancePath: string): string {
  let value = data;
  for (const segment of pointerSegments(instancePath)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** Where an error is: the value it is about, or the unknown property itself. */
function errorPointer(error: ErrorObject): Pointer {
  const pointer = pointerFromJsonPointer(error.instancePath);
  if (error.keyword === 'additionalProperties') pointer.push(String(error.params.additionalProperty));
  return pointer;
}

function toDiagnostic(error: ErrorObject, file: string, locate: Locator): Diagnostic {
  const pointer = errorPointer(error);
  const where = error.instancePath === '' ? 'document' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      message = `${where}: unknown property "${String(params.additionalProperty)}"`;
      break;
    case 'required':
      message = `${where}: missing required property "${String(params.missingProperty)}"`;
      break;
    case 'enum':
      message = `${where}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    default:
      message = `${where}: ${error.message ?? error.keyword}`;
  }
  return diagnostic(ErrorCode.SCHEMA, file, locate(pointer), message);
}

// Validate stage: JSON Schema checks of parsed documents, with errors mapped back to file:line:col.
import {
  _,
  Ajv2020,
  type CodeKeywordDefinition,
  type ErrorObject,
  type FormatDefinition,
  type ValidateFunction,
} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isDate, isDateTime } from './date-time.js';
import { type Diagnostic, diagnostic, ErrorCode } from './errors.js';
import { pointerFromJsonPointer } from './parse.js';
import type { Locator } from './types.js';

/** A compiled schema check, reusable across documents (ajv compiles once), with the schema it checks. */
export type SchemaCheck = ((value: unknown, file: string, locate: Locator) => Diagnostic[]) & {
  readonly schema?: object;
};

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

/** Compiles a JSON Schema (draft 2020-12) into a check that returns located diagnostics. */
export function compileSchema(schema: object): SchemaCheck {
  const validate: ValidateFunction = ajvFor(schema).compile(schema);
  const check = (value: unknown, file: string, locate: Locator): Diagnostic[] => {
    if (validate(value)) return [];
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf')
      .map((e) => toDiagnostic(e, file, locate));
  };
  return Object.assign(check, { schema });
}

/**
 * An Ajv with ajv-formats' full formats, made cheaper where it checks every line of a large inventory:
 * `date` and `date-time` read character codes instead of matching regular expressions, and string lengths
 * are counted in code points only when the length in UTF-16 units cannot decide. Same verdicts, same errors.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  // ajv-formats' `compare` stays, for formatMinimum and formatMaximum.
  ajv.addFormat('date', { ...(fullFormats.date as FormatDefinition<string>), validate: isDate });
  ajv.addFormat('date-time', { ...(fullFormats['date-time'] as FormatDefinition<string>), validate: isDateTime });
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
  const { keyword, data, schemaCode, gen } = cxt;
  const count = gen.scopeValue('func', { ref: countCodePoints });
  if (keyword === 'maxLength') {
    cxt.fail$data(_`${data}.length > ${schemaCode} && ${count}(${data}) > ${schemaCode}`);
  } else {
    cxt.fail$data(
      _`${data}.length < ${schemaCode} || ((${data}.length + 1) >> 1 < ${schemaCode} && ${count}(${data}) < ${schemaCode})`,
    );
  }
};

/** Code points in the text, a lone surrogate counting as one: ajv's `ucs2length`. */
function countCodePoints(text: string): number {
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

function toDiagnostic(error: ErrorObject, file: string, locate: Locator): Diagnostic {
  const pointer = pointerFromJsonPointer(error.instancePath);
  const where = error.instancePath === '' ? 'document' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      pointer.push(String(params.additionalProperty));
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

// Validate stage: JSON Schema checks of parsed documents, with errors mapped back to file:line:col.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type Diagnostic, diagnostic, ErrorCode } from './errors.js';
import { pointerFromJsonPointer } from './parse.js';
import type { Locator } from './types.js';

/** A compiled schema check, reusable across documents (ajv compiles once), with the schema it checks. */
export type SchemaCheck = ((value: unknown, file: string, locate: Locator) => Diagnostic[]) & {
  readonly schema?: object;
};

/** Compiles a JSON Schema (draft 2020-12) into a check that returns located diagnostics. */
export function compileSchema(schema: object): SchemaCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate: ValidateFunction = ajv.compile(schema);
  const check = (value: unknown, file: string, locate: Locator): Diagnostic[] => {
    if (validate(value)) return [];
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf')
      .map((e) => toDiagnostic(e, file, locate));
  };
  return Object.assign(check, { schema });
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

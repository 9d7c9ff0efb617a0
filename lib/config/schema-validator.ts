import type { Options, ValidateFunction } from 'ajv';
import schema from '../../teams.schema.json';

export const AJV_OPTIONS: Options = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true };

/** Where `npm run build` puts the generated validator: beside the compiled form of this module. */
export const PRECOMPILED_FILE = 'teams-schema-validate.js';

type Precompiled = ValidateFunction & { readonly schemaJson?: string };

/**
 * The validator of teams.schema.json: the ajv standalone code that `npm run build` generated beside this module
 * when it was generated from this very schema, else compiled now (ajv's require and compile cost about 0.1 s of
 * every start-up; the generated code loads in a few milliseconds and gives the same errors).
 */
export function schemaValidator(): ValidateFunction {
  let precompiled: Precompiled | undefined;
  try {
    precompiled = require(`./${PRECOMPILED_FILE}`) as Precompiled;
  } catch {
    precompiled = undefined;
  }
  return precompiled?.schemaJson === JSON.stringify(schema) ? precompiled : compileValidator();
}

export function compileValidator(extra: Options = {}): ValidateFunction {
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  return new Ajv({ ...AJV_OPTIONS, ...extra }).compile(schema);
}

// `npm run build` runs the compiled form of this file after tsc: it writes the ajv standalone code of
// teams.schema.json beside build/lib/config/schema-validator.js, which then loads it instead of compiling.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from '../../teams.schema.json';
import { AJV_OPTIONS, PRECOMPILED_FILE } from './schema-validator';

/** The generated module: the validator, and the schema it was generated from (so that a stale one is never used). */
export function precompiledValidatorSource(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile(schema);
  return `${standaloneCode(ajv, validate)}\nmodule.exports.schemaJson = ${JSON.stringify(JSON.stringify(schema))};\n`;
}

if (require.main === module) writeFileSync(join(__dirname, PRECOMPILED_FILE), precompiledValidatorSource());

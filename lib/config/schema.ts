import type { ErrorObject, ValidateFunction } from 'ajv';
import { suggestion } from '../core/suggestion';
import { got, Problem } from './problem';
import { schemaValidator } from './schema-validator';
import { Locator, Path } from './source';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= schemaValidator();
  return compiled;
}

/** Every schema violation of `value`, located in `source`. Children of a node with a wrong type are not reported. */
export function schemaProblems(source: Locator, value: unknown): Problem[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const wrongType = errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath);
  return errors
    .filter((e) => !wrongType.some((p) => e.instancePath.startsWith(`${p}/`)))
    .map((e) => toProblem(source, e));
}

function toProblem(source: Locator, e: ErrorObject): Problem {
  const path = toPath(e.instancePath);
  const parent = (e.parentSchema ?? {}) as { type?: string | string[]; minimum?: number; properties?: Record<string, unknown> };
  const isCount = parent.type === 'integer' && parent.minimum === 0;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const hint = suggestion(key, known);
      const expected = hint ? `did you mean "${hint}"?` : `expected one of ${known.join(', ')}`;
      return source.problemAt([...path, key], 'unknown-key', `unknown key "${key}", ${expected}`, 'key');
    }
    case 'required':
      return source.problemAt(path, 'missing-key', `missing required key "${e.params.missingProperty}"`);
    case 'type':
    case 'minimum':
      if (isCount) return source.problemAt(path, 'invalid-value', `must be a non-negative integer, got ${got(e.data)}`);
      if (e.keyword === 'minimum') return source.problemAt(path, 'invalid-value', `must be at least ${parent.minimum}, got ${got(e.data)}`);
      return source.problemAt(path, 'wrong-type', `must be ${typeName(parent.type)}, got ${written(source, path, e.data, parent.type)}`);
    case 'enum':
      return source.problemAt(path, 'invalid-value', `must be one of ${(e.params.allowedValues as unknown[]).map(String).join(', ')}, got ${got(e.data)}`);
    case 'minItems':
      return source.problemAt(path, 'invalid-value', `must list at least ${e.params.limit} item${e.params.limit === 1 ? '' : 's'}, got ${(e.data as unknown[]).length}`);
    default:
      return source.problemAt(path, 'invalid-value', `${e.message ?? 'is invalid'}, got ${got(e.data)}`);
  }
}

/**
 * The received value as the user wrote it: `0755`, not the 755 that YAML made of it, with how to get a string
 * when a plain scalar that YAML reads as a number, boolean or null stands where a string is expected.
 */
function written(source: Locator, path: Path, data: unknown, expected: string | string[] | undefined): string {
  const text = source.plainText(path);
  if (text === undefined || typeof data === 'string' || typeof data === 'object' && data !== null) return got(data);
  if (text === '') return 'an empty value';
  if (![expected].flat().includes('string')) return text;
  const kind = data === null ? 'null' : typeof data === 'boolean' ? 'a boolean' : 'a number';
  return `${text} (YAML reads it as ${kind}; write "${text}" in quotes for the text)`;
}

function toPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

function typeName(type: string | string[] | undefined): string {
  const names: Record<string, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'null' };
  const list = Array.isArray(type) ? type : [type ?? 'object'];
  return list.map((t) => names[t] ?? t).join(' or ');
}


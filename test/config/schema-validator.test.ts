import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { precompiledValidatorSource } from '../../lib/config/generate-validator';
import { compileValidator } from '../../lib/config/schema-validator';
import { EXAMPLE_TEAMS, ROOT } from '../helpers/example';

/** The module `npm run build` generates, loaded from a temporary directory. */
function precompiled(): ValidateFunction & { schemaJson: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'validator-')), 'teams-schema-validate.js');
  writeFileSync(file, precompiledValidatorSource());
  return require(file) as ValidateFunction & { schemaJson: string };
}

const example = parse(readFileSync(EXAMPLE_TEAMS, 'utf8')) as { teams: Record<string, unknown>[] } & Record<string, unknown>;
const team = example.teams[0];
const INVALID: [string, unknown][] = [
  ['a scalar', 'teams'],
  ['no cluster', { teams: [] }],
  ['an unknown key', { ...example, clutser: {} }],
  ['a wrong type', { ...example, teams: [{ ...team, quota: { gpu: 'many' } }] }],
  ['a negative count', { ...example, teams: [{ ...team, quota: { gpu: -1 } }] }],
  ['an unknown enum value', { ...example, teams: [{ ...team, podSecurity: 'strict' }] }],
  ['a typo in a nested key', { ...example, teams: [{ ...team, tokens: [{ name: 'x', tier: 'viewer', user: 'u', rotated: '2026-01-01' }] }] }],
];

describe('the precompiled teams.schema.json validator', () => {
  const generated = precompiled();
  const compiled = compileValidator();

  it('records the schema it was generated from', () => {
    expect(generated.schemaJson).toBe(JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'teams.schema.json'), 'utf8'))));
  });

  it('accepts the example teams.yaml, as the compiled one does', () => {
    expect(compiled(example)).toBe(true);
    expect(generated(example)).toBe(true);
  });

  it.each(INVALID)('gives the compiled validator\'s errors for %s', (_, value) => {
    expect(compiled(value)).toBe(false);
    expect(generated(value)).toBe(false);
    expect(generated.errors).toEqual(compiled.errors);
  });

  it('gives the compiled validator\'s answer and errors for any JSON put anywhere in a team', () => {
    const keys = Object.keys(team);
    fc.assert(fc.property(fc.constantFrom(...keys, 'unknown'), fc.jsonValue(), (key, value) => {
      const doc = { ...example, teams: [{ ...team, [key]: value }] };
      expect(generated(doc)).toBe(compiled(doc));
      expect(generated.errors ?? null).toEqual(compiled.errors ?? null);
    }), { numRuns: 300 });
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../teams.schema.json';
import { EXAMPLE_TEAMS, ROOT } from './helpers/example';

type Node = { type?: unknown; properties?: Record<string, Node>; additionalProperties?: unknown; items?: Node; $ref?: string; description?: string };

/** Every object schema (following definitions too) with the JSON pointer that reaches it. */
function objectSchemas(node: Node, at: string, out: [string, Node][] = []): [string, Node][] {
  if (node.properties) out.push([at, node]);
  for (const [k, v] of Object.entries(node.properties ?? {})) objectSchemas(v, `${at}/properties/${k}`, out);
  if (node.items) objectSchemas(node.items, `${at}/items`, out);
  if (typeof node.additionalProperties === 'object') objectSchemas(node.additionalProperties as Node, `${at}/additionalProperties`, out);
  return out;
}

describe('teams.schema.json', () => {
  const all = [...objectSchemas(schema as Node, '#'), ...Object.entries((schema as { definitions: Record<string, Node> }).definitions).flatMap(([k, v]) => objectSchemas(v, `#/definitions/${k}`))];

  it('is valid draft-07 and compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(schema)).not.toThrow();
  });

  it('closes every object (additionalProperties: false) and describes every property', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const [at, node] of all) {
      expect(node.additionalProperties, at).toBe(false);
      for (const [key, prop] of Object.entries(node.properties ?? {})) {
        const described = prop.description ?? (prop.$ref ? (schema as { definitions: Record<string, Node> }).definitions[prop.$ref.split('/').pop()!].description : undefined);
        expect(described, `${at}/properties/${key}`).toBeTruthy();
      }
    }
  });

  it('is what the example teams.yaml points editors at', () => {
    expect(readFileSync(EXAMPLE_TEAMS, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../../teams.schema.json');
    expect(resolve(dirname(EXAMPLE_TEAMS), '../../../teams.schema.json')).toBe(join(ROOT, 'teams.schema.json'));
  });
});

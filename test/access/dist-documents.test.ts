import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DistDocuments, filesOfTexts } from '../../lib/access/dist-documents';
import { AccessInputError, objectsOfTexts } from '../../lib/access/dist-objects';
import { splitDocuments } from '../../lib/access/yaml-documents';
import { synthesize } from '../../lib/synth/synthesize';
import { toYaml } from '../../lib/synth/yaml';
import { EXAMPLE_TEAMS, NOW } from '../helpers/example';
import { generateOrgWithRoles } from '../helpers/generated-org';

/** objectsOfTexts as it was: every file parsed whole with `yaml`, the first error thrown. */
function reference(files: ReadonlyMap<string, string>): unknown[] {
  const out: unknown[] = [];
  for (const name of [...files.keys()].sort()) {
    for (const doc of parseAllDocuments(files.get(name) ?? '')) {
      if (doc.errors.length > 0) throw new AccessInputError(`${name}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
      const value: unknown = doc.toJS();
      if (value !== null && value !== undefined) out.push(value);
    }
  }
  return out;
}

/** The objects, or the error message: what objectsOfTexts answers. */
function outcome(read: () => unknown[]): unknown {
  try {
    return { objects: read() };
  } catch (e) {
    expect(e).toBeInstanceOf(AccessInputError);
    return { error: (e as Error).message };
  }
}

const object = fc.record({
  apiVersion: fc.constantFrom('v1', 'rbac.authorization.k8s.io/v1'),
  kind: fc.constantFrom('RoleBinding', 'Namespace', 'ConfigMap', 'List', 'ClusterRole'),
  metadata: fc.record({ name: fc.constantFrom('a', 'b', 'no', '1e3', 'x y'), namespace: fc.constantFrom('team-a', 'team-b', '') }),
  data: fc.dictionary(fc.constantFrom('k', 'v', 'a.b/c'), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
});

/** A document as dist/ writes it, or in another style `yaml` reads: flow, JSON, a comment, a tag, a directive. */
const documentText = fc.tuple(object, fc.constantFrom('block', 'flow', 'json', 'comment', 'marker-comment', 'tag', 'empty', 'directive', 'end', 'crlf', 'broken')).map(([o, style]) => {
  const block = toYaml(o);
  switch (style) {
    case 'block': return `---\n${block}`;
    case 'flow': return `---\n{ apiVersion: ${o.apiVersion}, kind: ${o.kind}, metadata: { name: "${o.metadata.name}" } }\n`;
    case 'json': return `---\n${JSON.stringify(o)}\n`;
    case 'comment': return `---\n# about it\n${block}`;
    case 'marker-comment': return `--- # about it\n${block}`;
    case 'tag': return `--- !!map\n${block}`;
    case 'empty': return '---\n# nothing\n';
    case 'directive': return `%YAML 1.2\n---\n${block}`;
    case 'end': return `---\n${block}...\n`;
    case 'crlf': return `---\r\n${block.replace(/\n/g, '\r\n')}`;
    case 'broken': return `---\n${block}  bad: [\n`;
  }
});
const file = fc.tuple(fc.boolean(), fc.array(documentText, { maxLength: 5 })).map(([header, docs]) => `${header ? '# generated\n' : ''}${docs.join('')}`);

describe('DistDocuments', () => {
  it('reads what parseAllDocuments reads, file by file, and reports the same first error', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a.yaml', 'b.yaml', 'c.yml'), file, { maxKeys: 3 }), (texts) => {
        const files = new Map(Object.entries(texts));
        expect(outcome(() => objectsOfTexts(files))).toEqual(outcome(() => reference(files)));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads dist/ of the example org and of generated orgs as yaml does', () => {
    for (const text of [readFileSync(EXAMPLE_TEAMS, 'utf8'), generateOrgWithRoles(12)]) {
      const { dist } = synthesize(text, { now: NOW });
      expect(objectsOfTexts(dist)).toEqual(reference(dist));
      for (const content of dist.values()) expect(splitDocuments(content)?.every((s) => s.kind !== undefined)).toBe(true);
    }
  });

  it('parses only the documents a selection picks, by kind and by the names they mention', () => {
    const { dist } = synthesize(generateOrgWithRoles(6), { now: NOW });
    const documents = new DistDocuments(filesOfTexts(dist));
    const bindings = documents.objects((d) => d.kind === 'RoleBinding' && d.mentions('gen-003')) as { metadata: { namespace: string } }[];
    const all = reference(dist) as { kind: string; metadata: { namespace?: string } }[];
    // every RoleBinding of gen-003, and others only where they name it (gen-004 binds gen-003-ml as viewers)
    const inGen003 = all.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'gen-003');
    expect(inGen003.length).toBeGreaterThan(3);
    expect(bindings.filter((b) => b.metadata.namespace === 'gen-003')).toEqual(inGen003);
    for (const b of bindings) expect(JSON.stringify(b)).toContain('gen-003');
    expect(bindings.length).toBeLessThan(inGen003.length + 3);
  });

  it('takes a backslash for a possible mention: an escape may spell any name', () => {
    const files = new Map([['a.yaml', '---\napiVersion: v1\nkind: RoleBinding\nmetadata: { name: "x", namespace: "te\\x61m" }\n']]);
    expect(new DistDocuments(filesOfTexts(files)).objects((d) => d.mentions('team'))).toEqual([{ apiVersion: 'v1', kind: 'RoleBinding', metadata: { name: 'x', namespace: 'team' } }]);
  });
});

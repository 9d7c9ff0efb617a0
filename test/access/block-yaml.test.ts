import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseBlockYaml } from '../../lib/access/block-yaml';
import { synthesize } from '../../lib/synth/synthesize';
import { toYaml, YAML_OPTIONS } from '../../lib/synth/yaml';
import { EXAMPLE_TEAMS, NOW } from '../helpers/example';
import { readFileSync } from 'node:fs';

/** What `yaml` reads, when it reads it without an error or a warning. */
function yamlValue(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text);
  if (docs.length !== 1 || docs[0]?.errors.length || docs[0]?.warnings.length) return undefined;
  return { value: docs[0]?.toJS() };
}

/** Strings of every kind a YAML scalar may hold, so that plain, quoted and refused scalars all come up. */
const scalarText = fc.oneof(
  fc.constantFrom('no', 'yes', 'null', '~', 'true', 'False', '1e3', '0755', '0x1F', '0o17', '+1', '-1', '.5', '.inf', '.NaN', '1_000', '12:30', '2026-10-01'),
  fc.constantFrom('a: b', 'a #b', '#c', '- x', '? k', '[x]', '{x}', '*a', '&a', '!t', '%d', '@a', '`t', '"q"', "'s'", 'a\nb', 'tab\tx', ' lead', 'trail ', ''),
  fc.constantFrom('oidc:team-leads', 'system:serviceaccount:ns:sa', 'rbac.authorization.k8s.io', 'app.kubernetes.io/managed-by', 'a'.repeat(40)),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9][-A-Za-z0-9._/:]{0,20}$/),
);
const key = fc.oneof(scalarText, fc.constantFrom('kind', 'metadata', 'name', 'namespace', 'labels', 'rules', 'subjects', '__proto__', 'true', '1'));
const scalar = fc.oneof(scalarText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  ),
}));
const document = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 6 });

describe('parseBlockYaml', () => {
  it('gives what yaml gives, or undefined, for documents printed by lib/synth/yaml.ts and by yaml', () => {
    let accepted = 0;
    fc.assert(
      fc.property(document, fc.constantFrom('ours', 'yaml-1.1', 'yaml-1.2'), (value, printer) => {
        const text = printer === 'ours' ? toYaml(value) : stringify(value, printer === 'yaml-1.1' ? YAML_OPTIONS : {});
        const parsed = parseBlockYaml(text);
        if (parsed === undefined) return;
        accepted++;
        expect(yamlValue(text), text).toEqual({ value: parsed });
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('takes most documents of names and numbers, the stuff of dist/, with the values yaml gives', () => {
    // label keys and field names (no `:`), names and groups (`oidc:x`), counts
    const key = fc.stringMatching(/^[A-Za-z0-9][-A-Za-z0-9._/]{0,20}$/);
    const name = fc.stringMatching(/^[A-Za-z0-9][-A-Za-z0-9._/:]{0,20}$/);
    const { nameTree } = fc.letrec<{ nameTree: unknown }>((tie) => ({
      nameTree: fc.oneof({ depthSize: 'small' }, name, fc.nat(), fc.constant(''), fc.array(tie('nameTree'), { maxLength: 3 }), fc.dictionary(key, tie('nameTree'), { maxKeys: 4 })),
    }));
    let accepted = 0;
    fc.assert(
      fc.property(fc.dictionary(key, nameTree, { minKeys: 1, maxKeys: 5 }), (value) => {
        const text = toYaml(value);
        const parsed = parseBlockYaml(text);
        if (parsed === undefined) return;
        accepted++;
        expect(yamlValue(text), text).toEqual({ value: parsed });
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(1000);
  });

  it('never accepts what yaml refuses or reads otherwise: documents cut, spliced and retyped at random', () => {
    const text = fc.tuple(document, fc.nat(), fc.nat(), fc.constantFrom(': ', ' #', '\n', '\n  ', '- ', '"', "'", '---', '  ', 'x', '[', '{}', '\t', ':', '&a ', '*a')).map(([value, at, cut, insert]) => {
      const base = toYaml(value);
      const i = at % (base.length + 1);
      return base.slice(0, i) + insert + base.slice(Math.min(base.length, i + (cut % 4)));
    });
    fc.assert(
      fc.property(text, (t) => {
        const parsed = parseBlockYaml(t);
        if (parsed === undefined) return;
        expect(yamlValue(t), t).toEqual({ value: parsed });
      }),
      { numRuns: 5000 },
    );
  });

  it("reads every document of dist/ (the example org's) itself", () => {
    const { dist } = synthesize(readFileSync(EXAMPLE_TEAMS), { now: NOW });
    let documents = 0;
    for (const text of dist.values()) {
      for (const body of text.split(/^---\n/m).slice(1)) {
        documents++;
        const parsed = parseBlockYaml(body);
        expect(parsed, body).toBeDefined();
        expect(yamlValue(body)).toEqual({ value: parsed });
      }
    }
    expect(documents).toBeGreaterThan(50);
  });

  it('refuses what it does not take: comments, blank lines, flow collections, anchors, multi-line scalars, duplicate keys', () => {
    for (const text of ['a: 1 # c\n', 'a: 1\n\nb: 2\n', 'a: [1, 2]\n', 'a: &x 1\nb: *x\n', 'a: b\n  c\n', 'a: 1\na: 2\n', 'a: "x\\ny"\n', '- 1\n', 'a:\n- 1\n', ' a: 1\n']) {
      expect(parseBlockYaml(text), text).toBeUndefined();
    }
    expect(parseBlockYaml('a: 1\nb:\n  - c: "x"\n    d: []\n  - e\nf: null\n')).toEqual({ a: 1, b: [{ c: 'x', d: [] }, 'e'], f: null });
  });
});

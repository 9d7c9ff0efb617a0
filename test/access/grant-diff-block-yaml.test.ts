import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseBlockYaml } from '../../lib/access/grant-diff-block-yaml';
import { synthesize } from '../../lib/synth/synthesize';
import { EXAMPLE_DIST, NOW } from '../helpers/example';
import { generateOrgWithRoles } from '../helpers/generated-org';

/** What `yaml` gives for one document, or undefined when it reports an error. */
function yamlValue(text: string): unknown {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

/** parseBlockYaml declines, or gives exactly what `yaml` gives. */
function agree(text: string): 'accepted' | 'declined' {
  const value = parseBlockYaml(text);
  if (value === undefined) return 'declined';
  expect(value, text).toEqual(yamlValue(text));
  return 'accepted';
}

const documentsOf = (text: string): string[] => text.split(/^---[ \t]*$/m).filter((d) => /^[ \t]*[^#\s]/m.test(d));

const RBAC = /^kind: (?:Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/m;

describe('parseBlockYaml: dist/ as synth writes it, faster, and never other than yaml', () => {
  const distTexts = [
    ...readdirSync(EXAMPLE_DIST).map((f) => readFileSync(join(EXAMPLE_DIST, f), 'utf8')),
    ...synthesize(generateOrgWithRoles(6), { now: NOW }).dist.values(),
  ];
  const documents = distTexts.flatMap(documentsOf);

  it('reads every RBAC document of dist/ as yaml does', () => {
    const rbac = documents.filter((d) => RBAC.test(d));
    expect(rbac.length).toBeGreaterThan(50);
    for (const d of rbac) expect(agree(d), d).toBe('accepted');
    for (const d of documents) agree(d);
  });

  it('declines or agrees on dist/ documents edited at random', () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 12 }),
      insert: fc.constantFrom('', ' ', '  ', '\n', '\n  ', '- ', ': ', ', ', '[', ']', '{x}', '"', "'", ' #', '#', '\r\n', '\t', '-', '? ', '&a ', '*a', '!!str ', '|\n', '>-\n', '\\', 'true', '0x1', '~', 'null', '1e3', 'no'),
    });
    const seen = { accepted: 0, declined: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.array(edit, { minLength: 1, maxLength: 3 }), (document, edits) => {
        let text = document;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        seen[agree(text)]++;
      }),
      { numRuns: 3000 },
    );
    expect(seen.accepted).toBeGreaterThan(300);
  });

  it('declines or agrees on values printed in every style yaml prints', () => {
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.\/-]{0,8}$/);
    const name = fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,10}$/);
    const other = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[-+.0-9a-fA-FxXoOeE_:~ nNuUlLtTrRsS#"']{0,8}$/));
    const leaf = fc.oneof({ arbitrary: name, weight: 12 }, { arbitrary: other, weight: 1 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const style = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      collectionStyle: fc.constantFrom('any', 'block', 'block'),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
    } as const);
    const seen = { accepted: 0, declined: 0 };
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), style, (doc, options) => void seen[agree(stringify(doc, options))]++),
      { numRuns: 2000 },
    );
    expect(seen.accepted).toBeGreaterThan(200);
  });

  it('declines plain scalars yaml reads as null, booleans or numbers, and what it cannot vouch for', () => {
    for (const s of ['0o17', '017', '0x1F', '+12', '-0', '.5', '5.', '1e3', '.inf', '-.Inf', '.NaN', 'True', 'FALSE', '~', 'Null', 'null']) {
      expect(parseBlockYaml(`key: ${s}\n`), s).toBeUndefined();
    }
    for (const s of ['no', 'yes', 'on', 'y', '2026-11-01', '12:30', '1_000', 'oidc:research-ml', 'a:b']) expect(agree(`key: ${s}\n`), s).toBe('accepted');
    for (const text of ['key:\n', 'key: [a]\n', 'key: {a: 1}\n', 'key: &a x\n', 'key: *a\n', 'key: !!str x\n', 'key: |\n  x\n', 'key: x # note\n', 'key: a\n  continued\n', 'key: a\nkey: b\n', 'key: "a\\tb"\n', '- a\n', '  key: a\n', 'key:\ta\n']) {
      expect(parseBlockYaml(text), text).toBeUndefined();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { surelyPlain, toYaml, YAML_OPTIONS } from '../../lib/synth/yaml';

// Strings that a YAML 1.1 reader (kubectl, kustomize, go-yaml) takes for something else unless they are quoted.
const TRICKY = [
  'no', 'No', 'NO', 'yes', 'on', 'off', 'y', 'n', 'Y', 'true', 'False', '~', 'null', 'Null', '',
  '1e3', '0755', '0x1F', '0o17', '0b101', '1_000', '+1', '-1', '.5', '1.', '.inf', '-.Inf', '.nan', '12:30', '1:20:03',
  '2026-10-01', '2026-10-01T00:00:00Z', ' leading', 'trailing ', 'a: b', 'a #b', '#comment', '- item', '? key', '[x]',
  '{x}', '*alias', '&anchor', '!tag', '%dir', '@at', '`tick', '"quoted"', "'single'", 'multi\nline', 'tab\there',
  'oidc:team-leads', 'system:masters', 'CC-1042', '150Ti', '8Gi', '1024', '0', '-', '---', '...', '<<', '=',
];

describe('toYaml', () => {
  it('writes exactly what yaml.stringify writes with YAML_OPTIONS, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(toYaml(value)).toBe(stringify(value, YAML_OPTIONS));
    }), { numRuns: 2000 });
  });

  it('takes a string for surely plain only when yaml writes it plain, as a key and as a value', () => {
    const nameLike = fc.stringMatching(/^[A-Za-z][-A-Za-z0-9._/:]{0,10}$/);
    // descriptions: words, and what may follow a space (`#`, `:`, `-`, another space)
    const words = fc.array(fc.oneof(nameLike, fc.stringMatching(/^[-#:.A-Za-z0-9 ]{0,4}$/)), { minLength: 2, maxLength: 4 }).map((w) => w.join(' '));
    const cased = fc.constantFrom('y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null').chain((w) =>
      fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')),
    );
    let plain = 0;
    fc.assert(
      fc.property(fc.oneof(nameLike, words, cased, fc.constantFrom(...TRICKY, 'a:', 'a:b', 'http://x.y/z', 'a.', 'A/b_c', 'a b', 'a : b', 'a: b', 'a #b', 'a  b', 'a b ', 'Generated team 7', 'no way', 'a -b')), (s) => {
        const value = { [s]: s, list: [s], nested: { [s]: [s] } };
        expect(toYaml(value)).toBe(stringify(value, YAML_OPTIONS));
        if (!surelyPlain(s)) return;
        plain++;
        expect(stringify({ [s]: [s] }, YAML_OPTIONS)).toBe(`${s}:\n  - ${s}\n`);
      }),
      { numRuns: 5000, seed: 3 },
    );
    expect(plain).toBeGreaterThan(1000);
    for (const word of ['Yes', 'NO', 'On', 'Null', 'y', 'N', 'e3', 'a:', 'a: b', 'a #b', 'a  b', 'a b ', 'a :b']) expect(surelyPlain(word), word).toBe(false);
    expect(surelyPlain('Generated team 7')).toBe(true);
  });

  it('quotes `---` and `...` as keys only at the start of a line, where they would mark a document', () => {
    for (const value of [{ '': { '---': [] } }, { '---': 1 }, [{ '---': { '...': 2 } }], { '...': { '---': { '- x': 1 } } }]) {
      expect(toYaml(value)).toBe(stringify(value, YAML_OPTIONS));
    }
    expect(toYaml({ a: { '---': 1 }, '---': 2 })).toBe('a:\n  ---: 1\n"---": 2\n');
  });

  it.each(TRICKY)('quotes %j as yaml does, and a YAML 1.1 reader reads it back as that string', (text) => {
    // `<<` as a key is a merge key to a YAML 1.1 reader, and yaml writes it plain: dist/ keys are label keys,
    // resource names and fixed field names, which can never be `<<`
    const value = { key: text, list: [text], [text === '<<' ? 'merge' : text]: { nested: text } };
    const out = toYaml(value);
    expect(out).toBe(stringify(value, YAML_OPTIONS));
    expect(parse(out, { version: '1.1' })).toEqual(value);
  });

  it('writes block style, sequences indented under their key, empty collections in flow style', () => {
    expect(toYaml({ metadata: { name: 'no', labels: {} }, rules: [{ verbs: ['get', 'list'], resources: [] }], count: 1 })).toMatchInlineSnapshot(`
      "metadata:
        name: "no"
        labels: {}
      rules:
        - verbs:
            - get
            - list
          resources: []
      count: 1
      "
    `);
  });
});

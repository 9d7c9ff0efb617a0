import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateTeams } from '../../bench/generate';
import { parseConfig } from '../../lib/config/load';
import { quickParse } from '../../lib/config/quick-parse';
import { Source } from '../../lib/config/source';
import { EXAMPLE_TEAMS, ROOT } from '../helpers/example';
import { mutatedDocument, SEEDS } from '../helpers/mutations';

// quickParse may decline any text, but what it accepts must be what the full parse (Source.parse, through `yaml`)
// accepts without a problem, with the same value: otherwise synth would accept input that `check` and the edit
// commands reject, or render something else than the file says.

const NOW = new Date('2026-11-23T00:00:00Z');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'invalid');

/** The value Source.parse gives, or the first problem it reports. */
function fullParse(text: string): { value: unknown } | { problem: string } {
  const source = Source.parse(new TextEncoder().encode(text));
  return Array.isArray(source) ? { problem: `${source[0].line}:${source[0].col}: ${source[0].message}` } : { value: source.toJS() };
}

/** 'declined', or 'accepted' after checking that the full parse agrees. */
function agree(text: string): 'accepted' | 'declined' {
  const quick = quickParse(text);
  if (quick === undefined) return 'declined';
  expect(fullParse(text), text).toEqual({ value: quick });
  return 'accepted';
}

describe('quickParse', () => {
  it('reads the example org, the corpus and generated orgs, as yaml does', () => {
    const texts = [readFileSync(EXAMPLE_TEAMS, 'utf8'), ...SEEDS, generateTeams(1), generateTeams(50)];
    for (const text of texts) expect(agree(text)).toBe('accepted');
  });

  it('loads a valid org to the same config as the full parse, and the full parse once asked for positions', () => {
    for (const text of [readFileSync(EXAMPLE_TEAMS, 'utf8'), generateTeams(20)]) {
      const quick = parseConfig(text, { now: NOW });
      const full = parseConfig(text, { now: NOW, quick: false });
      expect(quick.config).toEqual(full.config);
      expect(quick.warnings).toEqual(full.warnings);
      expect(quick.source.problemAt(['teams', 0, 'name'], 'invalid-name', 'x')).toEqual(full.source.problemAt(['teams', 0, 'name'], 'invalid-name', 'x'));
    }
  });

  it('declines every invalid fixture, or agrees with the full parse on its value', () => {
    for (const name of readdirSync(FIXTURES)) agree(readFileSync(join(FIXTURES, name), 'latin1'));
  });

  it('declines or agrees on mutated documents, and accepts some of them', () => {
    const seen = { accepted: 0, declined: 0 };
    fc.assert(
      fc.property(mutatedDocument, (text) => void seen[agree(text)]++),
      { numRuns: 1000, seed: 71 },
    );
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.declined).toBeGreaterThan(100);
  });

  it('declines or agrees on text cut, joined and re-indented at random, byte by byte', () => {
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), insert: fc.constantFrom('', ' ', '  ', '\n', '\n  ', '- ', ': ', ', ', '[', ']', '{', '}', '"', "'", '#', '\r\n', '-', '? ', '...', '---\n', '|\n', '>-\n', '\\') });
    const seen = { accepted: 0, declined: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(edit, { minLength: 1, maxLength: 3 }), (seed, edits) => {
        let text = seed;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.length);
        }
        seen[agree(text)]++;
      }),
      { numRuns: 3000, seed: 72 },
    );
    expect(seen.accepted).toBeGreaterThan(300);
  });

  it('agrees on values written in every YAML style yaml and js-yaml print', () => {
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,8}$/);
    const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[-+.0-9a-fA-FxXoOeE_:~ nNuUlLtTrRsS]{0,8}$/));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const style = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
    } as const);
    const seen = { accepted: 0, declined: 0 };
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), style, fc.boolean(), (doc, options, useJsYaml) => {
        const text = useJsYaml ? jsyaml.dump(doc, { flowLevel: options.collectionStyle === 'flow' ? 0 : -1, lineWidth: options.lineWidth || -1 }) : stringify(doc, options);
        seen[agree(text)]++;
      }),
      { numRuns: 2000, seed: 73 },
    );
    expect(seen.accepted).toBeGreaterThan(500);
  });

  it('resolves every plain scalar to the value yaml gives it (YAML 1.2 core schema)', () => {
    const plain = fc.stringMatching(/^[-+.0-9a-fA-FxXoOeEiInN_:~ lLuUtTrRsSyY]{1,10}$/);
    fc.assert(
      fc.property(plain, (s) => {
        agree(`key: ${s}\nlist: [${s}]\n`);
      }),
      { numRuns: 3000, seed: 72 },
    );
    for (const s of ['0o17', '017', '0x1F', '1_000', '+12', '-0', '.5', '5.', '1e3', '1E-3', '.inf', '-.Inf', '.NaN', 'True', 'TRUE', 'no', 'yes', 'on', 'y', '~', 'Null', '2026-11-01', '12:30', '0b101']) {
      expect(agree(`key: ${s}\n`), s).toBe('accepted');
    }
  });

  it('declines what it cannot vouch for', () => {
    const base = 'cluster:\n  name: a\n';
    for (const text of [
      `${base}x: &a [1]\ny: *a\n`, // anchors and aliases
      `${base}x: !!str 1\n`, // tags
      `%YAML 1.2\n---\n${base}`, // directives
      `${base}? [a]\n: 1\n`, // explicit complex key
      `${base}x: { [a]: 1 }\n`, // flow collection as a key
      `${base}x:\t1\n`, // tabs
      `${base}x: ${'a'.repeat(1000)}\n`, // a line past yaml's implicit-key limit
      `${base}~: 1\n`, // a null key
      `${base}x: [a,\nb]\n`, // a flow collection continued without indentation
      `${base}x: "a\n  b"\n`, // a quoted scalar over two lines
      `- a\n`, // not a mapping
      ``,
      `${base}---\ny: 1\n`, // two documents
      `${base}name: b\n`.replace('cluster:\n  name: a\n', 'a: 1\na: 2\n'), // a duplicate key
    ]) {
      expect(quickParse(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

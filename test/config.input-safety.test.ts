import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../lib/config';
import { decodeUtf8, firstInvalidUtf8 } from '../lib/config/decode';
import { MAX_ALIAS_EXPANSION, MAX_DEPTH, TOO_DEEP } from '../lib/config/structure';

// The loader's defences, unit by unit: UTF-8 decoding, alias expansion, nesting depth. The CLI-level corpus is
// test/synth.errors.test.ts.

const NOW = new Date('2026-11-23T00:00:00Z');
const HEAD = 'cluster:\n  name: ord1\n  admins: &admins [platform]\n';

function problems(text: string | Uint8Array): string[] {
  try {
    parseConfig(text, { now: NOW });
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('UTF-8', () => {
  it.each([
    ['an overlong "/"', [0x61, 0xc0, 0xaf], 1],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a lone continuation byte', [0x80], 0],
  ])('finds %s', (_what, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });

  it('accepts every well-formed sequence length, and points at a bad byte by character column', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('a é € 𝄞'))).toBe(-1);
    const bytes = Uint8Array.from([...new TextEncoder().encode('x:\n  é€𝄞 '), 0xff]);
    // é, € and 𝄞 are 2, 3 and 4 bytes but 1, 1 and 2 UTF-16 units: column 3 + 4 + 1
    expect(decodeUtf8(bytes)).toEqual({ failure: { line: 2, col: 8, message: 'not valid UTF-8 (byte 0xFF), expected UTF-8 YAML text' } });
  });

  it("agrees with Node's native isUtf8, which decides first (the loop only locates the bad byte)", () => {
    // bytes near the edges of every rule: leads, continuations, overlong, surrogate and out-of-range starts
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x61, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 8 }), (bytes) => {
        const u8 = Uint8Array.from(bytes);
        expect(isUtf8(u8)).toBe(firstInvalidUtf8(u8) < 0);
      }),
      { numRuns: 20_000 },
    );
  });

  it('drops a byte order mark without shifting columns', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('cluster:\n  name: X\n  admins: [a]\nteams: []\n')]);
    expect(problems(bom)[0]).toMatch(/^teams\.yaml:2:9: cluster\.name: /);
  });
});

describe('aliases', () => {
  it('allows an anchor reused by many teams', () => {
    const teams = Array.from({ length: 500 }, (_, i) => `  - { name: t${i}, quota: { gpu: 1 }, groups: { viewer: *admins } }\n`);
    expect(problems(`${HEAD}teams:\n${teams.join('')}`)).toEqual([]);
  });

  it(`refuses a billion laughs once aliases add more than ${MAX_ALIAS_EXPANSION} values, at the alias that crosses the line`, () => {
    const levels = Array.from({ length: 30 }, (_, i) => `  l${i}: &l${i} [${Array(9).fill(i === 0 ? 'lol' : `*l${i - 1}`).join(', ')}]\n`);
    // 9^30 values if expanded; the check counts per anchor and never expands
    expect(problems(`${HEAD}teams: []\nlaughs:\n${levels.join('')}`)).toEqual([
      'teams.yaml:11:12: aliases expand to more than 100000 values here (an alias bomb), expected aliases of a few small lists or mappings',
    ]);
  });

  it('names a single alias that alone is too big', () => {
    const text = `${HEAD}teams: []\nbig: &big [${Array(MAX_ALIAS_EXPANSION).fill('a').join(',')}]\ncopy: *big\n`;
    expect(problems(text)).toEqual([
      'teams.yaml:6:7: alias *big alone expands to more than 100000 values (an alias bomb), expected aliases of a few small lists or mappings',
    ]);
  });
});

describe('nesting', () => {
  const nested = (depth: number) => `${HEAD}teams: []\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

  it(`accepts ${MAX_DEPTH} levels (then the schema speaks) and refuses one more`, () => {
    expect(problems(nested(MAX_DEPTH - 1))).toEqual(['teams.yaml:5:1: x: unknown key "x", expected one of cluster, defaults, teams']);
    expect(problems(nested(MAX_DEPTH))).toEqual([`teams.yaml:5:${3 + MAX_DEPTH}: ${TOO_DEEP}`]);
  });

  it('gives the same answer, at the same place, for a document too deep to compose', () => {
    expect(problems(nested(100_000))).toEqual([`teams.yaml:5:${3 + MAX_DEPTH}: ${TOO_DEEP}`]);
    const blockSeq = `${HEAD}teams: []\nx:\n  ${'- '.repeat(50_000)}y\n`;
    expect(problems(blockSeq)).toEqual([`teams.yaml:6:${3 + 2 * (MAX_DEPTH - 1)}: ${TOO_DEEP}`]);
  });
});

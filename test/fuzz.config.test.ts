import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { synth } from '../lib/cli/synth';
import { ConfigError, formatProblem, parseConfig } from '../lib/config';
import { buildPlan } from '../lib/plan/build-plan';
import { renderFiles } from '../lib/synth/render';
import { readDist } from '../lib/synth/write-dist';
import { mutatedDocument as document, SEEDS, SMALL } from './helpers/mutations';

// Mutated valid teams.yaml documents (keys deleted, duplicated, renamed or retyped, random scalars, bytes cut
// or inserted): the loader either accepts the document, and then it plans and renders, or throws a ConfigError
// whose every problem is located. Nothing else: no TypeError, no hang (bounded runs), never both.

const NOW = new Date('2026-11-23T00:00:00Z');

/** Every problem points into the text and prints in the one format. */
function expectLocated(e: unknown, text: string): void {
  expect(e).toBeInstanceOf(ConfigError);
  const { problems } = e as ConfigError;
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.some((p) => p.severity === 'error')).toBe(true);
  const lines = text.split('\n').length;
  for (const p of problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines);
    expect(p.col).toBeGreaterThanOrEqual(1);
    // lower-case, except where it starts with an acronym or a name (GPU, H100_NVLINK_80GB)
    expect(p.message).toMatch(/^([^A-Z]|[A-Z0-9_]{2})/);
    expect(p.message).not.toMatch(/\.$/);
    expect(formatProblem('teams.yaml', p)).toMatch(/^teams\.yaml:\d+:\d+: (warning: )?(\S+: )?\S/);
  }
}

describe('fuzzed teams.yaml', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the corpus documents themselves are valid', () => {
    for (const seed of SEEDS) expect(() => parseConfig(seed, { now: NOW })).not.toThrow();
  });

  it('is either accepted and rendered, or rejected with located problems only', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(document, (text) => {
        let loaded;
        try {
          loaded = parseConfig(text, { now: NOW });
        } catch (e) {
          expectLocated(e, text);
          rejected++;
          return;
        }
        accepted++;
        const files = renderFiles(buildPlan(loaded.config));
        expect(files.size).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 4 },
    );
    // the mutations must exercise both outcomes, or the property proves little
    expect(accepted).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(100);
  });

  it('synth writes dist/ or prints errors, never both; a rejected document leaves dist/ as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-fuzz-'));
    const teams = join(dir, 'teams.yaml');
    const out = join(dir, 'dist');
    writeFileSync(teams, SMALL);
    let written = 0;
    fc.assert(
      fc.property(document, (text) => {
        writeFileSync(teams, text);
        const before = readDist(out);
        const stderr: string[] = [];
        vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
        const code = synth(['--file', teams, '--out', out, '--now', '2026-11-23', '--quiet']);
        vi.restoreAllMocks();
        const lines = stderr.join('').split('\n').filter(Boolean);
        expect(lines.join('\n')).not.toMatch(/internal error/);
        if (code === 0) {
          expect(lines.every((l) => l.startsWith(`${teams}:`) && l.includes(': warning: '))).toBe(true);
          expect(readDist(out).size).toBeGreaterThan(0);
          written++;
        } else {
          expect(code).toBe(1);
          expect(lines.pop()).toMatch(/^synth: \d+ errors? in .*; nothing was written$/);
          expect(lines.every((l) => /^.*teams\.yaml:\d+:\d+: /.test(l))).toBe(true);
          expect(readDist(out)).toEqual(before);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(written).toBeGreaterThan(0);
  });
});

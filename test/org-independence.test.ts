import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/example';

// A platform team forks this repository and makes teams.yaml its own org. The tool's tests use their own fixtures
// and dates, never the root teams.yaml, dist/, ACCESS.md or the clock, so the org's edits never fail them.

const SKIP = /^(node_modules|\.git|build|\.sandbox|coverage|\.cdk8s\.out|\.dist-.*|\.bench-.*)(\/|$)/;

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env, timeout: 1_200_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// the suite run inside the copy must not run this test again
describe.skipIf(process.env.COREWEAVE_RBAC_FORK_TEST === 'inside')('the tool and the org are separate', () => {
  it("the tool's suite passes in a copy whose teams.yaml was edited with team add, grant, revoke, rotate (today) and by hand", () => {
    const copy = mkdtempSync(join(tmpdir(), 'cw-rbac-fork-'));
    cpSync(ROOT, copy, { recursive: true, filter: (src) => !SKIP.test(relative(ROOT, src)) });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    // the org's commands run on today's clock, as a user runs them
    const { COREWEAVE_RBAC_NOW: _fixedDate, VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...userEnv } = process.env;
    const cli = (...args: string[]) => run(copy, ['bin/coreweave-rbac.js', ...args], userEnv);
    for (const edit of [
      ['team', 'add', 'vision', '--gpu', '0', '--cost-center', 'CC-4100'],
      ['grant', 'vision', 'viewer', 'vision-viewers'],
      ['revoke', 'finetune', 'research-ml'],
      ['rotate', 'serving', 'ci-deployer'],
    ]) {
      const r = cli(...edit);
      expect(r.status, `${edit.join(' ')}: ${r.out}`).toBe(0);
    }
    const teams = join(copy, 'teams.yaml');
    writeFileSync(teams, readFileSync(teams, 'utf8').replace('description: Dataset curation and tokenization', 'description: Dataset curation (hand edit)'));
    expect(cli('synth', '--quiet').status).toBe(0);
    expect(readFileSync(join(copy, 'dist', 'team-vision.yaml'), 'utf8')).toContain('name: vision');

    const suite = run(copy, [join(copy, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'unit'], { ...userEnv, CI: 'true', COREWEAVE_RBAC_FORK_TEST: 'inside' });
    const report = suite.out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(suite.status, report.slice(-3000)).toBe(0);
    // the whole unit suite ran there, this test skipped
    expect(Number(/Tests\s+(\d+) passed \| 1 skipped/.exec(report)?.[1])).toBeGreaterThan(2000);
  }, 1_500_000);
});

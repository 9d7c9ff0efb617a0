import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Warnings (README, "teams.yaml, walked through"): synth prints them located and still writes dist/; check fails on them.
// "Today" comes from --now or COREWEAVE_RBAC_NOW, so the token-age warning is the same on any day.

const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cjs');

const TEAMS = `cluster:
  name: ord1
  admins: [platform]
  gpuCapacity: { H100_NVLINK_80GB: 16 }
  tokenMaxAgeDays: 30
teams:
  - name: research
    quota: { gpu: 16, gpuByClass: { H100_NVLINK_80GB: 12 } }
    tokens:
      - { name: ci, tier: viewer, user: cw-token-1, rotatedAt: 2026-10-01 }
  - name: serving
    quota: { gpu: 8, gpuByClass: { H100_NVLINK_80GB: 8 } }
`;

const OVERSUBSCRIBED = "teams.yaml:4:36: warning: cluster.gpuCapacity.H100_NVLINK_80GB: H100_NVLINK_80GB is oversubscribed: teams' gpuByClass add up to 20 GPUs, the cluster has 16";
const OVERDUE = 'teams.yaml:10:64: warning: teams[0].tokens[0].rotatedAt: token "ci" was rotated 53 days ago (on 2026-10-01), more than tokenMaxAgeDays 30: rotate it';

function workspace(teams: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-warn-'));
  writeFileSync(join(dir, 'teams.yaml'), teams);
  return dir;
}

/** `npm run synth` / `npm run check` in `dir`, with no "today" from the environment unless given. */
function run(dir: string, entry: 'synth' | 'check' | 'access-matrix', args: string[] = [], env: Record<string, string> = {}) {
  const script = entry === 'synth' ? [join(ROOT, 'main.ts')] : [join(ROOT, 'lib/cli/index.ts'), entry];
  const { COREWEAVE_RBAC_NOW: _ignored, ...base } = process.env;
  const r = spawnSync(process.execPath, ['-r', TSX, ...script, ...args], { cwd: dir, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('warnings', () => {
  it('synth prints every warning located and writes dist/; check fails on the same warnings', () => {
    const dir = workspace(TEAMS);
    const synth = run(dir, 'synth', ['--now', '2026-11-23']);
    expect(synth.stderr).toBe(`${OVERSUBSCRIBED}\n${OVERDUE}\ndist/: 3 written, 0 removed, 0 unchanged (2 teams)\n`);
    expect(synth.status).toBe(0);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['cluster.yaml', 'team-research.yaml', 'team-serving.yaml']);

    const check = run(dir, 'check', ['--now', '2026-11-23']);
    expect(check.stderr).toBe(`${OVERSUBSCRIBED}\n${OVERDUE}\ncheck: 2 warnings in teams.yaml (warnings are errors here); nothing was written\n`);
    expect(check.status).toBe(1);
  });

  it('takes "today" from COREWEAVE_RBAC_NOW as from --now', () => {
    const dir = workspace(TEAMS);
    const synth = run(dir, 'synth', [], { COREWEAVE_RBAC_NOW: '2026-11-23' });
    expect(synth.stderr).toBe(`${OVERSUBSCRIBED}\n${OVERDUE}\ndist/: 3 written, 0 removed, 0 unchanged (2 teams)\n`);
    expect(synth.status).toBe(0);
  });

  it('a token is overdue only after tokenMaxAgeDays: 30 days after rotation it is not, 31 days after it is', () => {
    const dir = workspace(TEAMS);
    expect(run(dir, 'synth', ['--now', '2026-10-31']).stderr).toBe(`${OVERSUBSCRIBED}\ndist/: 3 written, 0 removed, 0 unchanged (2 teams)\n`);
    const check = run(dir, 'check', ['--now', '2026-11-01']);
    expect(check.stderr).toBe(
      `${OVERSUBSCRIBED}\n${OVERDUE.replace('53 days', '31 days')}\ncheck: 2 warnings in teams.yaml (warnings are errors here); nothing was written\n`,
    );
    expect(check.status).toBe(1);
  });

  it('without warnings check passes', () => {
    const dir = workspace(TEAMS.replace('H100_NVLINK_80GB: 16 }', 'H100_NVLINK_80GB: 20 }'));
    expect(run(dir, 'synth', ['--now', '2026-10-15']).status).toBe(0);
    expect(run(dir, 'access-matrix').status).toBe(0);
    expect(run(dir, 'check', ['--now', '2026-10-15'])).toEqual({ status: 0, stdout: '', stderr: 'check: teams.yaml is valid and dist/ is up to date\n' });
  });

  it('a malformed --now is a usage error (exit 2)', () => {
    const dir = workspace(TEAMS);
    const r = run(dir, 'synth', ['--now', '23.11.2026']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^synth: --now must be a date YYYY-MM-DD, got "23.11.2026"\n/);
  });
});

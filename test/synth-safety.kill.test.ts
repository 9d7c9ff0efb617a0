import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDist, recoverDist } from '../lib/synth/write-dist';
import { EXAMPLE_DIST } from './helpers/example';

// A synth killed at any moment (SIGKILL: no cleanup runs) leaves dist/ entirely old or entirely new once
// recovered, and the next synth performs that recovery itself. The kills aim at the write phase by watching the
// staging folder fill up, plus a few moments chosen by time. The instant between the two renames of the swap is
// too short to hit by polling; the second test puts a workspace in exactly that state.

const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cjs');
const TEAMS = 2000;

function teamsYaml(gpu: number): string {
  const teams = Array.from({ length: TEAMS }, (_, i) => {
    const name = `team-${String(i).padStart(4, '0')}`;
    return `  - name: ${name}\n    quota: { gpu: ${gpu}, cpu: "64" }\n    groups: { teamLead: [${name}-leads], viewer: [${name}-viewers] }\n`;
  });
  return `cluster:\n  name: ord${gpu}\n  admins: [platform]\nteams:\n${teams.join('')}`;
}

const SYNTH = ['-r', TSX, join(ROOT, 'main.ts'), '--quiet', '--now', '2026-11-23'];

function synthToEnd(dir: string): void {
  const r = spawnSync(process.execPath, SYNTH, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start synth in `dir` and SIGKILL it once `moment` says so (or it ends by itself). */
async function killWhen(dir: string, moment: (elapsedMs: number) => boolean): Promise<void> {
  const child = spawn(process.execPath, SYNTH, { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  const start = Date.now();
  while (!done && !moment(Date.now() - start)) await sleep(1);
  child.kill('SIGKILL');
  await exited;
}

const staged = (dir: string): number => {
  try {
    return readdirSync(join(dir, '.dist-staging')).length;
  } catch {
    return -1;
  }
};

describe('a killed synth', () => {
  it(`never leaves a mix of old and new files in dist/ (${TEAMS} teams)`, async () => {
    const base = mkdtempSync(join(tmpdir(), 'cw-rbac-kill-'));
    writeFileSync(join(base, 'teams.yaml'), teamsYaml(8));
    synthToEnd(base);
    const old = readDist(join(base, 'dist'));
    const next = mkdtempSync(join(tmpdir(), 'cw-rbac-kill-'));
    writeFileSync(join(next, 'teams.yaml'), teamsYaml(16));
    const started = Date.now();
    synthToEnd(next);
    const fullRunMs = Date.now() - started;
    const fresh = readDist(join(next, 'dist'));
    expect(fresh.size).toBe(TEAMS + 1);
    // every file differs, so a mix would show
    for (const [name, content] of fresh) expect(old.get(name)).not.toBe(content);

    const moments: [string, (elapsedMs: number) => boolean][] = [
      ['staging folder created', () => staged(next) >= 0],
      ['first files staged', () => staged(next) >= 10],
      ['half the files staged', () => staged(next) >= TEAMS / 2],
      ['all files staged', () => staged(next) >= TEAMS],
      ['a third of a run', (ms) => ms >= fullRunMs / 3],
      ['near the end of a run', (ms) => ms >= fullRunMs * 0.9],
    ];
    const outcomes: string[] = [];
    for (const [, moment] of moments) {
      rmSync(join(next, 'dist'), { recursive: true, force: true });
      cpSync(join(base, 'dist'), join(next, 'dist'), { recursive: true });
      await killWhen(next, moment);
      recoverDist(join(next, 'dist'));
      const after = readDist(join(next, 'dist'));
      const outcome = sameFiles(after, old) ? 'old' : sameFiles(after, fresh) ? 'new' : 'mixed';
      outcomes.push(outcome);
      expect(readdirSync(next).sort()).not.toContain('.dist-staging');
    }
    expect(outcomes).not.toContain('mixed');

    // the next run recovers by itself from a kill in the write phase and finishes the job
    rmSync(join(next, 'dist'), { recursive: true, force: true });
    cpSync(join(base, 'dist'), join(next, 'dist'), { recursive: true });
    await killWhen(next, () => staged(next) >= TEAMS / 2);
    synthToEnd(next);
    expect(sameFiles(readDist(join(next, 'dist')), fresh)).toBe(true);
    expect(readdirSync(next).filter((f) => f.startsWith('.dist-'))).toEqual([]);
  }, 600_000);

  it('recovery puts the old tree back when a kill fell between the two renames', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-kill-'));
    // dist/ already moved aside, the complete new tree still staged
    cpSync(EXAMPLE_DIST, join(dir, '.dist-previous'), { recursive: true });
    writeFileSync(join(dir, 'staged.yaml'), '');
    cpSync(join(dir, 'staged.yaml'), join(dir, '.dist-staging', 'cluster.yaml'), { recursive: true });
    const old = readDist(EXAMPLE_DIST);
    recoverDist(join(dir, 'dist'));
    expect(sameFiles(readDist(join(dir, 'dist')), old)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['dist', 'staged.yaml']);
  });
});

describe('the run after a kill', () => {
  it('repairs dist/ even when its own teams.yaml is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-kill-'));
    cpSync(EXAMPLE_DIST, join(dir, '.dist-previous'), { recursive: true });
    writeFileSync(join(dir, 'teams.yaml'), 'cluster: [\n');
    const r = spawnSync(process.execPath, SYNTH, { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(sameFiles(readDist(join(dir, 'dist')), readDist(EXAMPLE_DIST))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['dist', 'teams.yaml']);
  });
});

function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, content]) => b.get(name) === content);
}

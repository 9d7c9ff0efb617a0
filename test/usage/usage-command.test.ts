import { Readable, Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usage } from '../../lib/cli/usage';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/example';
import { UsageWorkspace } from '../helpers/usage-workspace';

// The command line of `coreweave-rbac usage`: what it refuses and how, stdin, --help, the entry point.

describe('coreweave-rbac usage, the command line', () => {
  const ws = new UsageWorkspace();

  it.each([
    [['--window', '3m'], 'usage: --window must be a number of days such as 90d, got "3m"'],
    [['--window', '0d'], 'usage: --window must be a number of days such as 90d, got "0d"'],
    [['-o', 'yaml'], 'usage: --format must be one of table, json, markdown, got "yaml"'],
    [['--dry-run'], 'usage: --dry-run previews --apply: give both'],
    [['--apply', '--strict'], 'usage: --strict is for the report; with --apply the exit status says whether teams.yaml was changed'],
    [['--team', 'reserch'], 'usage: unknown team "reserch", expected one of research, serving'],
    [['--windw', '9d'], 'usage: unknown flag --windw, did you mean --window?'],
  ])('%j is a bad command line: exit 2 with the usage', async (args, message) => {
    const run = await ws.report(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}\nusage: coreweave-rbac usage AUDIT_LOG... [flags]\n       coreweave-rbac usage AUDIT_LOG... --apply [--dry-run] [flags]\n`);
  });

  it('--now takes a day or a time', async () => {
    const err = sink();
    expect(await usage([ws.log, '-f', ws.file, '--dist', ws.dist, '--now', 'yesterday'], { stdin: Readable.from([]), stdout: sink(), stderr: err })).toBe(2);
    expect(err.text).toMatch(/^usage: --now must be a date YYYY-MM-DD or a time such as 2026-11-23T08:00:00Z, got "yesterday"\n/);
    const out = sink();
    expect(await usage([ws.log, '-o', 'json', '-f', ws.file, '--dist', ws.dist, '--now', '2026-11-23T12:00:00Z', '--window', '2d'], { stdin: Readable.from([]), stdout: out, stderr: sink() })).toBe(0);
    expect(JSON.parse(out.text).window).toMatchObject({ from: '2026-11-21T12:00:00.000000Z', to: '2026-11-23T12:00:00.000000Z' });
  });

  it('--now in the past ends the window there, and teams.yaml is still checked against today', async () => {
    const out = sink();
    // the tokens of teams.yaml were rotated in October: a window ending in June is still read
    expect(await usage([ws.log, '-o', 'json', '-f', ws.file, '--dist', ws.dist, '--now', '2026-06-01'], { stdin: Readable.from([]), stdout: out, stderr: sink() })).toBe(0);
    expect(JSON.parse(out.text).window).toMatchObject({ from: '2026-03-04T00:00:00.000000Z', to: '2026-06-02T00:00:00.000000Z', covered: false });
  });

  it('a missing log, a directory, a missing dist/: one line, exit 1', async () => {
    expect(await ws.run(['nope.log'])).toEqual({ code: 1, stdout: '', stderr: 'usage: cannot read "nope.log": no such file\n' });
    expect(await ws.run([ws.dir])).toEqual({ code: 1, stdout: '', stderr: `usage: cannot read ${JSON.stringify(ws.dir)}: a directory, expected audit log files\n` });
    const run = await usage([ws.log, '-f', ws.file, '--dist', `${ws.dir}/none`], { stdin: Readable.from([]), stdout: sink(), stderr: sink() });
    expect(run).toBe(1);
  });

  it('reads stdin when there is no file, or for "-"', async () => {
    const out = sink();
    const code = await usage(['-', '-o', 'json', '-f', ws.file, '--dist', ws.dist, '--now', '2026-11-23'], { stdin: Readable.from([readFileSync(ws.log)]), stdout: out, stderr: sink() });
    expect(code).toBe(0);
    expect(JSON.parse(out.text).window.covered).toBe(true);
  });

  it('--help says what it does, its flags and examples', async () => {
    const run = await ws.run(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Reads API-server audit logs/);
    for (const flag of ['--window DAYS', '--now TIME', '--team TEAM', '-o, --format FORMAT', '--dist DIR', '-f, --file FILE', '--strict', '--apply', '--dry-run', '--out DIR']) expect(run.stdout).toContain(flag);
  });

  it('runs from the entry point, and --help of coreweave-rbac lists it', () => {
    const r = runCli(ws.dir, 'usage', [ws.log, '--team', 'serving', '--now', '2026-11-23']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('token ci-deployer');
    expect(runCli(ROOT, '--help').stdout).toMatch(/\n {2}usage +which grants the audit log shows unused or wider than their use; --apply narrows them\n/);
  });
});

function sink(): Writable & { text: string } {
  const w = new Writable({ write: (chunk, _enc, done) => ((w.text += String(chunk)), done()) }) as Writable & { text: string };
  w.text = '';
  return w;
}

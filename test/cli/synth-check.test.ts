import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cdk8sProject, exampleWorkspace, runCdk8sSynth, runCli } from '../helpers/cli';

describe('synth and check', () => {
  it('synth writes dist/, check then passes; drift in dist/ makes check fail and names the file', () => {
    const dir = exampleWorkspace();
    const synth = runCli(dir, 'synth');
    expect(synth.status).toBe(0);
    expect(synth.stderr).toMatch(/^dist\/: 6 written, 0 removed, 0 unchanged \(5 teams\)$/m);
    expect(runCli(dir, 'check')).toMatchObject({ status: 0, stderr: 'check: teams.yaml is valid and dist/ is up to date\n' });

    writeFileSync(join(dir, 'dist', 'team-data.yaml'), readFileSync(join(dir, 'dist', 'team-data.yaml'), 'utf8').replace('"2048"', '"4096"'));
    writeFileSync(join(dir, 'dist', 'team-gone.yaml'), '# stale\n');
    const drift = runCli(dir, 'check');
    expect(drift.status).toBe(1);
    expect(drift.stderr).toBe(
      'check: out of date with teams.yaml, run `npx cdk8s synth` and commit the result:\n  dist/team-data.yaml\n  dist/team-gone.yaml (should not exist)\n',
    );
  });

  it('a second synth rewrites nothing: unchanged files keep their mtime', () => {
    const dir = exampleWorkspace();
    runCli(dir, 'synth');
    const before = statSync(join(dir, 'dist', 'cluster.yaml')).mtimeMs;
    const again = runCli(dir, 'synth');
    expect(again.stderr).toMatch(/^dist\/: 0 written, 0 removed, 6 unchanged/m);
    expect(statSync(join(dir, 'dist', 'cluster.yaml')).mtimeMs).toBe(before);
  });

  it("removing a team removes its file and nothing else", () => {
    const dir = exampleWorkspace();
    runCli(dir, 'synth');
    const cluster = readFileSync(join(dir, 'dist', 'cluster.yaml'), 'utf8');
    const yaml = readFileSync(join(dir, 'teams.yaml'), 'utf8');
    const start = yaml.indexOf('  # The product team');
    writeFileSync(join(dir, 'teams.yaml'), yaml.slice(0, start).replace('allowFrom: [assistant-app]', 'allowFrom: []'));
    const r = runCli(dir, 'synth');
    expect(r.status).toBe(0);
    // serving's file changes because its allowFrom was edited; cluster.yaml loses only the team's ClusterQueue
    expect(r.stderr).toMatch(/^dist\/: 2 written, 1 removed, 3 unchanged \(4 teams\)$/m);
    expect(() => statSync(join(dir, 'dist', 'team-assistant-app.yaml'))).toThrow();
    const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    const expected = docs(cluster).filter((o) => !(o.kind === 'ClusterQueue' && o.metadata.name === 'assistant-app'));
    expect(docs(cluster).length - expected.length).toBe(1);
    expect(docs(readFileSync(join(dir, 'dist', 'cluster.yaml'), 'utf8'))).toEqual(expected);
    rmSync(dir, { recursive: true });
  });

  it('synth writes ACCESS.md: after any edit of teams.yaml, synth alone leaves check green, and a hand edit of ACCESS.md is undone', () => {
    const dir = exampleWorkspace();
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    expect(runCli(dir, 'check').status).toBe(0);
    const teams = join(dir, 'teams.yaml');
    writeFileSync(teams, readFileSync(teams, 'utf8').replace('viewer: [research-observers]', 'viewer: [research-observers, research-interns]'));
    expect(runCli(dir, 'check')).toMatchObject({ status: 1, stderr: expect.stringContaining('  ACCESS.md\n') });
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    expect(readFileSync(join(dir, 'ACCESS.md'), 'utf8')).toContain('| oidc:research-interns | RoleBinding research/viewer → ClusterRole coreweave-rbac-viewer |');
    expect(runCli(dir, 'check')).toMatchObject({ status: 0 });

    const report = join(dir, 'ACCESS.md');
    writeFileSync(report, readFileSync(report, 'utf8').replace('| oidc:research-interns |', '| oidc:someone-else |'));
    expect(runCli(dir, 'check').status).toBe(1);
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    expect(runCli(dir, 'check').status).toBe(0);
  });

  it('`npx cdk8s synth` (main.ts) writes ACCESS.md too', () => {
    const dir = cdk8sProject();
    expect(runCdk8sSynth(dir).status).toBe(0);
    expect(readFileSync(join(dir, 'ACCESS.md'), 'utf8')).toContain('## Namespace `research` (team research)');
    expect(runCli(dir, 'check')).toMatchObject({ status: 0, stderr: 'check: teams.yaml is valid and dist/ is up to date\n' });
  });

  it('flags mean one thing everywhere: --out is where output goes, -o the format', () => {
    const dir = exampleWorkspace();
    expect(runCli(dir, 'synth', ['--out', 'manifests', '--quiet']).status).toBe(0);
    expect(readFileSync(join(dir, 'manifests', 'cluster.yaml'), 'utf8')).toContain('kind: ClusterRole');
    expect(runCli(dir, 'synth', ['-o', 'manifests'])).toMatchObject({ status: 2, stderr: expect.stringContaining('synth: unknown flag -o') });
    expect(runCli(dir, 'check', ['--out', 'manifests']).status).toBe(0);
    const help = runCli(dir, 'synth', ['--help']).stdout;
    expect(help).toContain('usage: coreweave-rbac synth [--file teams.yaml] [--out dist]');
    expect(help).toMatch(/^ {6}--out DIR +where the generated manifests go \(default dist\)$/m);
  });

  it('usage errors exit 2 and say what was received', () => {
    const dir = exampleWorkspace();
    const r = runCli(dir, 'synth', ['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('synth: unknown flag --bogus\n');
  });
});

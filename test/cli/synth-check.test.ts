import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exampleWorkspace, runCli } from '../helpers/cli';

describe('synth and check', () => {
  it('synth writes dist/, check then passes; drift in dist/ makes check fail and names the file', () => {
    const dir = exampleWorkspace();
    const synth = runCli(dir, 'synth');
    expect(synth.status).toBe(0);
    expect(synth.stderr).toMatch(/^dist\/: 6 written, 0 removed, 0 unchanged \(5 teams\)$/m);
    expect(runCli(dir, 'access-matrix').status).toBe(0);
    expect(runCli(dir, 'check')).toMatchObject({ status: 0, stderr: 'check: teams.yaml is valid and dist/ is up to date\n' });

    writeFileSync(join(dir, 'dist', 'team-data.yaml'), readFileSync(join(dir, 'dist', 'team-data.yaml'), 'utf8').replace('"2048"', '"4096"'));
    writeFileSync(join(dir, 'dist', 'team-gone.yaml'), '# stale\n');
    const drift = runCli(dir, 'check');
    expect(drift.status).toBe(1);
    expect(drift.stderr).toBe(
      'check: out of date with teams.yaml, run `npx cdk8s synth && npm run access-matrix` and commit the result:\n  dist/team-data.yaml\n  dist/team-gone.yaml (should not exist)\n',
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

  it('usage errors exit 2 and say what was received', () => {
    const dir = exampleWorkspace();
    const r = runCli(dir, 'synth', ['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('synth: unknown flag --bogus\n');
  });
});

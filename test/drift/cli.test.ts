import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkspace, runCli } from '../helpers/cli';

/** A kubeconfig for a server nothing listens on. */
const UNREACHABLE = `apiVersion: v1
kind: Config
current-context: gone
clusters: [{ name: gone, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
contexts: [{ name: gone, context: { cluster: gone, user: u } }]
users: [{ name: u, user: { token: x } }]
`;

describe('coreweave-rbac drift: the input it refuses before it asks the cluster', () => {
  let dir: string;
  beforeAll(() => {
    dir = exampleWorkspace();
    writeFileSync(join(dir, 'kubeconfig'), UNREACHABLE);
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
  });
  const drift = (args: string[]) => runCli(dir, 'drift', ['--kubeconfig', 'kubeconfig', ...args]);
  const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

  it('a bad command line: exit 2, with the usage', () => {
    expect(drift(['-o', 'yaml'])).toMatchObject({ status: 2, stderr: 'drift: --format must be one of table, json, markdown, got "yaml"\nusage: coreweave-rbac drift [flags]\n' });
    expect(drift(['research'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^drift: unexpected argument "research"\n/) });
    expect(drift(['--contxt', 'x'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^drift: unknown flag --contxt, did you mean --context\?\n/) });
  });

  it('no dist/, or a dist/ that is not what teams.yaml gives: one line, exit 1', () => {
    const none = drift(['--dist', 'nowhere']);
    expect(none).toMatchObject({ status: 1, stdout: '', stderr: 'drift: nowhere/ does not exist: run `npx cdk8s synth` first, or pass --dist DIR\n' });
    mkdirSync(join(dir, 'stale'));
    writeFileSync(join(dir, 'stale', 'cluster.yaml'), '# old\n');
    expect(drift(['--dist', 'stale'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^drift: stale\/ is not what teams\.yaml gives \(cluster\.yaml, team-assistant-app\.yaml, team-data\.yaml, …\), expected the output of synth: run `npx cdk8s synth` first\n$/),
    });
  });

  it('an invalid teams.yaml: its located problems, and nothing asked', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'cluster: { name: Lab, admins: [a] }\nteams: []\n');
    const r = drift(['-f', 'bad.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.yaml:1:18: cluster\.name: must be a DNS-1123 label/);
    expect(lastLine(r.stderr)).toBe('drift: 1 error in bad.yaml; nothing was read from the cluster');
  });

  it('an unreachable cluster: one line, exit 1, as verify says it', () => {
    const r = drift([]);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(/^drift: cannot reach the cluster at https:\/\/127\.0\.0\.1:1 \(context gone\): .*ECONNREFUSED.*\n$/);
  });

  it('a context the kubeconfig does not have: what it has', () => {
    expect(drift(['--context', 'prod'])).toMatchObject({ status: 1, stderr: 'drift: no context "prod" in the kubeconfig; it has gone\n' });
  });
});

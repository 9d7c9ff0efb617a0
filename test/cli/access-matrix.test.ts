import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkspace, runCli } from '../helpers/cli';

describe('access-matrix, ACCESS.md and check', () => {
  let dir: string;
  beforeAll(() => {
    dir = exampleWorkspace();
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    expect(existsSync(join(dir, 'ACCESS.md'))).toBe(true); // synth writes the report too, and access-matrix writes the same
    expect(runCli(dir, 'access-matrix')).toEqual({ status: 0, stdout: '', stderr: 'ACCESS.md: unchanged\n' });
  });

  it('access-matrix writes ACCESS.md from dist/; a second run and --out - give the same bytes', () => {
    const written = readFileSync(join(dir, 'ACCESS.md'), 'utf8');
    expect(written).toContain('## Namespace `research` (team research)');
    expect(written).toContain('| oidc:research-ml | data (ClusterRole coreweave-rbac-viewer), finetune (ClusterRole coreweave-rbac-ml-engineer), research (ClusterRole coreweave-rbac-ml-engineer) |');
    const r = runCli(dir, 'access-matrix');
    expect(r).toEqual({ status: 0, stdout: '', stderr: 'ACCESS.md: unchanged\n' });
    expect(runCli(dir, 'access-matrix', ['--out', '-']).stdout).toBe(written);
  });

  it('the example: who may exec, read secrets and manage bindings in research', () => {
    const md = readFileSync(join(dir, 'ACCESS.md'), 'utf8');
    const research = md.slice(md.indexOf('## Namespace `research`'), md.indexOf('## Namespace', md.indexOf('## Namespace `research`') + 1));
    expect(research).toContain('| exec into pods | oidc:platform-admins, oidc:research-leads, oidc:research-ml, token pipeline (ServiceAccount research/pipeline) |');
    expect(research).toContain('| read secrets | oidc:platform-admins, oidc:research-leads |');
    expect(research).toContain('| manage bindings | oidc:platform-admins, oidc:research-leads |');
    expect(research).toContain('| change quotas | oidc:platform-admins |');
  });

  it('check fails when ACCESS.md is stale and names it', () => {
    const path = join(dir, 'ACCESS.md');
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, before.replace('oidc:research-leads', 'oidc:someone-else'));
    try {
      const r = runCli(dir, 'check');
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('check: out of date with teams.yaml, run `npx cdk8s synth` and commit the result:\n  ACCESS.md\n');
    } finally {
      writeFileSync(path, before);
    }
    expect(runCli(dir, 'check').status).toBe(0);
  });

  it('--format json for machines', () => {
    const r = runCli(dir, 'access-matrix', ['--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { namespaces: { namespace: string }[]; clusterWide: { binding: string }[] };
    expect(json.namespaces.map((n) => n.namespace)).toEqual(['assistant-app', 'data', 'finetune', 'inference', 'research']);
    expect(json.clusterWide.map((c) => c.binding)).toEqual(['coreweave-rbac-cluster-admins', 'coreweave-rbac-cluster-viewers']);
    expect(runCli(dir, 'access-matrix', ['--format', 'yaml'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--format must be one of markdown, json, got "yaml"') });
    expect(JSON.parse(runCli(dir, 'access-matrix', ['-o', 'json']).stdout)).toEqual(json);
  });
});

describe('who-can', () => {
  it('every subject allowed, with the binding that allows it', () => {
    const dir = exampleWorkspace();
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    const r = runCli(dir, 'who-can', ['create', 'pods/exec', '-n', 'research']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.replace(/ {2,}/g, ' | ').trim())).toEqual([
      'SUBJECT | KIND | ALLOWED | VIA',
      'oidc:platform-admins | Group | yes | ClusterRoleBinding coreweave-rbac-cluster-admins → ClusterRole cluster-admin',
      'oidc:research-leads | Group | yes | RoleBinding research/team-lead → ClusterRole coreweave-rbac-team-lead',
      'oidc:research-ml | Group | yes | RoleBinding research/ml-engineer → ClusterRole coreweave-rbac-ml-engineer',
      'token pipeline (ServiceAccount research/pipeline) | ServiceAccount | yes | RoleBinding research/token-pipeline → ClusterRole coreweave-rbac-ml-engineer',
      '',
    ]);
    const json = JSON.parse(runCli(dir, 'who-can', ['list', 'namespaces', '--format', 'json']).stdout) as { subject: { name: string } }[];
    expect(json.map((e) => e.subject.name)).toEqual(['oidc:eng-leads', 'oidc:finance', 'oidc:platform-admins']);
  });
});

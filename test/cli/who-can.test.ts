import { beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkspace, runCli } from '../helpers/cli';

describe('who-can and can-i across namespaces (-A), and groups written either way', () => {
  let dir: string;
  beforeAll(() => {
    dir = exampleWorkspace();
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
  });

  it('who-can -A lists the subjects of every namespace, the namespace in a column, ClusterRoleBindings once under *', () => {
    const r = runCli(dir, 'who-can', ['get', 'secret', '-A']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      'NAMESPACE       SUBJECT                KIND    ALLOWED   VIA',
      '*               oidc:platform-admins   Group   yes       ClusterRoleBinding coreweave-rbac-cluster-admins → ClusterRole cluster-admin',
      'assistant-app   oidc:assistant-leads   Group   yes       RoleBinding assistant-app/team-lead → ClusterRole coreweave-rbac-team-lead',
      'data            oidc:data-leads        Group   yes       RoleBinding data/team-lead → ClusterRole coreweave-rbac-team-lead',
      'finetune        oidc:finetune-leads    Group   yes       RoleBinding finetune/team-lead → ClusterRole coreweave-rbac-team-lead',
      'inference       oidc:serving-leads     Group   yes       RoleBinding inference/team-lead → ClusterRole coreweave-rbac-team-lead',
      'research        oidc:research-leads    Group   yes       RoleBinding research/team-lead → ClusterRole coreweave-rbac-team-lead',
      '',
    ]);
    const json = JSON.parse(runCli(dir, 'who-can', ['get', 'secrets', '-A', '--format', 'json']).stdout) as { namespace: string; subject: { name: string } }[];
    expect(json.map((e) => `${e.namespace} ${e.subject.name}`)).toContain('data oidc:data-leads');
    expect(JSON.parse(runCli(dir, 'who-can', ['get', 'secrets', '-A', '-o', 'json']).stdout)).toEqual(json);
    expect(runCli(dir, 'who-can', ['get', 'secrets', '--dist', 'nowhere'])).toEqual({ status: 2, stdout: '', stderr: 'who-can: nowhere/ is not a directory: run `npx cdk8s synth` first, or pass --dist DIR\n' });
  });

  it('can-i --list -A lists the permissions of every namespace the subject has grants in', () => {
    const r = runCli(dir, 'can-i', ['--list', '-A', '--as-group', 'oidc:research-ml']);
    expect(r.status).toBe(0);
    const scopes = new Set(r.stdout.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s{3,}/).at(-1)));
    // mlEngineer in research and finetune, viewer in data (README: the example org)
    expect(scopes).toEqual(new Set(['namespace data', 'namespace finetune', 'namespace research']));
    expect(r.stdout).toMatch(/\npods\/exec +\[\] +\[\] +\[get create\] +namespace research\n/);
    expect(r.stdout).not.toMatch(/pods\/exec .* namespace data\n/);
  });

  it('can-i takes a group as teams.yaml writes it or as bound, and says which group it asked about', () => {
    expect(runCli(dir, 'can-i', ['create', 'pods', '-n', 'research', '--as-group', 'research-ml'])).toEqual({
      status: 0,
      stdout: 'yes\n',
      stderr: 'can-i: group research-ml is oidc:research-ml (cluster.oidcGroupPrefix "oidc:")\n',
    });
    expect(runCli(dir, 'can-i', ['create', 'pods', '-n', 'research', '--as-group', 'oidc:research-ml'])).toEqual({ status: 0, stdout: 'yes\n', stderr: '' });
    expect(runCli(dir, 'can-i', ['get', 'namespaces', '--as-group', 'system:authenticated'])).toEqual({ status: 1, stdout: 'no\n', stderr: '' });
  });
});

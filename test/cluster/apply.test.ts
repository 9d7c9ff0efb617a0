import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { synthesize } from '../../lib/synth/synthesize';
import { FIELD_MANAGER } from '../../lib/sandbox/apply';
import { objectRef } from '../../lib/kube/rest-client';
import { orgOfOutputs, type Org } from '../../lib/sandbox/sandbox';
import { generateTeams } from '../../bench/generate';
import { applyTestOrg, describeCluster, kubectl } from '../helpers/cluster';
import { NOW } from '../helpers/example';
import { fixture } from '../helpers/org';

/** An org and its dist/ written to a temporary folder (for kubectl diff). */
function orgWithDist(text: string): { org: Org; dist: string } {
  const outputs = synthesize(text, { now: NOW });
  const dist = mkdtempSync(join(tmpdir(), 'cw-rbac-dist-'));
  for (const [file, content] of outputs.dist) writeFileSync(join(dist, file), content);
  return { org: orgOfOutputs(outputs), dist };
}

function kubectlDiff(dist: string) {
  return kubectl(['diff', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '-f', dist]);
}

describeCluster('server-side apply of dist/ to the real API server', () => {
  const example = readFileSync(fixture('example'), 'utf8');

  it('applies every object of the example org, then finds nothing to change, and kubectl diff agrees', async () => {
    const { org, dist } = orgWithDist(example);
    const first = await applyTestOrg(org);
    expect(first.errors).toEqual([]);
    const refs = org.objects.map(objectRef);
    expect([...first.actions.keys()].filter((r) => refs.includes(r)).sort()).toEqual([...refs].sort());
    for (const ref of refs) expect(['created', 'configured', 'unchanged']).toContain(first.actions.get(ref));

    const second = await applyTestOrg(org);
    expect(refs.map((r) => second.actions.get(r)).filter((a) => a !== 'unchanged')).toEqual([]);
    // besides: the namespaces of orgs other test files applied, which Flux never prunes
    expect([...second.actions].filter(([r]) => !refs.includes(r)).every(([r, a]) => r.startsWith('Namespace ') && a === 'kept')).toBe(true);
    const diff = kubectlDiff(dist);
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(0);
  });

  it('applies a generated 300-team org object by object, and a second apply changes nothing', async () => {
    const { org, dist } = orgWithDist(generateTeams(300));
    const first = await applyTestOrg(org);
    expect(first.errors).toEqual([]);
    const applied = org.objects.map((o) => first.actions.get(objectRef(o)));
    expect(applied.filter((a) => a !== 'created' && a !== 'configured')).toEqual([]);
    // the example org's team objects are pruned (its namespaces stay: Flux prune is disabled on them)
    expect(first.actions.get('Namespace research')).toBe('kept');
    expect(first.actions.get('RoleBinding research/team-lead')).toBe('deleted');

    const second = await applyTestOrg(org);
    expect([...second.actions].filter(([, a]) => a !== 'unchanged' && a !== 'kept')).toEqual([]);
    expect(kubectlDiff(dist).status).toBe(0);
  });

  it('a changed team file: only its changed objects are configured', async () => {
    const { org } = orgWithDist(example);
    await applyTestOrg(org);
    const changed = orgWithDist(example.replace('mlEngineer: [research-ml]', 'mlEngineer: [research-ml, research-interns]').replace('gpu: 16\n', 'gpu: 24\n')).org;
    const result = await applyTestOrg(changed);
    const notUnchanged = [...result.actions].filter(([, a]) => a !== 'unchanged' && a !== 'kept');
    expect(notUnchanged.sort()).toEqual([
      ['ResourceQuota data/team-quota', 'configured'],
      ['RoleBinding research/ml-engineer', 'configured'],
    ]);
  });

  for (const apiVersion of ['v1beta2', 'v1beta1'] as const) {
    it(`Kueue ${apiVersion}: ResourceFlavors, ClusterQueues and LocalQueues pass Kueue's own CRD schemas`, async () => {
      const text = example.replace('  kueue:                            # Kueue', `  kueue:\n    apiVersion: ${apiVersion}  # Kueue`);
      const { org } = orgWithDist(text);
      // no Kueue controller runs here, so no conversion webhook: each version starts, and leaves, no Kueue objects
      const deleteKueueObjects = () => kubectl(['delete', 'clusterqueues.kueue.x-k8s.io,resourceflavors.kueue.x-k8s.io,localqueues.kueue.x-k8s.io', '--all', '--all-namespaces']);
      deleteKueueObjects();
      onTestFinished(() => void deleteKueueObjects());
      const kinds = new Set(org.objects.filter((o) => o.apiVersion === `kueue.x-k8s.io/${apiVersion}`).map((o) => o.kind));
      expect(kinds).toEqual(new Set(['ResourceFlavor', 'ClusterQueue', 'LocalQueue']));
      const result = await applyTestOrg(org);
      expect(result.errors).toEqual([]);
      const flavor = JSON.parse(kubectl(['get', `resourceflavors.${apiVersion}.kueue.x-k8s.io`, 'h100-nvlink-80gb', '-o', 'json']).stdout) as { spec: unknown };
      expect(flavor.spec).toEqual({ nodeLabels: { 'gpu.nvidia.com/class': 'H100_NVLINK_80GB' } });
    });
  }

  it("the CRD schemas are enforced: a ClusterQueue with a field Kueue does not know is refused", () => {
    const bad = { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: 'typo' }, spec: { cohortNmae: 'gpu', resourceGroups: [] } };
    const r = kubectl(['apply', '--server-side', '-f', '-'], { input: JSON.stringify(bad) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.spec.cohortNmae: field not declared in schema');
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../lib/plan/build-plan';
import { renderFiles, renderManifests } from '../lib/synth/render';
import { writeDist } from '../lib/synth/write-dist';
import { examplePlan, planOf } from './helpers/example';
import type { Plan } from '../lib/plan/types';

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
if (!hasKubectl) console.warn('kubectl is not installed: skipping the `kubectl kustomize` tests (they prove dist/ is what Flux can build)');

/** Build dist/ the way Flux does: a generated kustomization.yaml listing every file, then `kubectl kustomize`. */
function kustomize(plan: Plan): Record<string, unknown>[] {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-kustomize-'));
  const files = renderFiles(plan);
  writeDist(join(dir, 'dist'), files);
  writeFileSync(join(dir, 'dist', 'kustomization.yaml'), `resources:\n${[...files.keys()].map((f) => `  - ${f}\n`).join('')}`);
  const out = execFileSync('kubectl', ['kustomize', join(dir, 'dist')], { encoding: 'utf8' });
  // read back as YAML 1.1 (as go-yaml does): an unquoted `no` would turn into false here
  return parseAllDocuments(out, { version: '1.1' }).map((d) => d.toJS() as Record<string, unknown>);
}

const key = (o: Record<string, unknown>): string => {
  const m = o.metadata as { name: string; namespace?: string };
  return `${o.kind}/${m.namespace ?? ''}/${m.name}`;
};

describe.skipIf(!hasKubectl)('kubectl kustomize over dist/', () => {
  it('builds the example org and reads back exactly the objects we wrote', () => {
    const plan = examplePlan();
    const ours = renderManifests(plan).flatMap((m) => m.objects) as Record<string, unknown>[];
    const built = kustomize(plan);
    expect(built.map(key).sort()).toEqual(ours.map(key).sort());
    const byKey = new Map(built.map((o) => [key(o), o]));
    for (const o of ours) expect(byKey.get(key(o)), key(o)).toEqual(o);
  });

  it('keeps strings that YAML 1.1 reads as booleans, numbers or null as strings', () => {
    const plan = planOf({
      cluster: { name: 'on', admins: ['null'], viewers: ['y'] },
      teams: [
        {
          name: 'no',
          namespace: 'off',
          description: '0755',
          costCenter: '1e3',
          quota: { gpu: 1, cpu: '1e3' },
          groups: { viewer: ['yes', '~', 'true', '0x1F', '.inf'] },
          tokens: [{ name: 'n', tier: 'viewer', user: '12:30', rotatedAt: '2026-11-01' }],
        },
      ],
    });
    const built = kustomize(plan);
    const ns = built.find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata).toMatchObject({ name: 'off', annotations: { 'coreweave-rbac/description': '0755' }, labels: { 'coreweave-rbac/cost-center': '1e3', 'coreweave-rbac/team': 'no', 'coreweave-rbac/cluster': 'on' } });
    const viewer = built.find((o) => o.kind === 'RoleBinding' && (o.metadata as { name: string }).name === 'viewer')!;
    expect((viewer.subjects as { name: string }[]).map((s) => s.name)).toEqual(['.inf', '0x1F', 'true', 'yes', '~']);
    const token = built.find((o) => (o.metadata as { name: string }).name === 'token-n')!;
    expect((token.subjects as { name: string }[])[0].name).toBe('12:30');
    const admins = built.find((o) => o.kind === 'ClusterRoleBinding')!;
    expect((admins.subjects as { name: string }[])[0].name).toBe('null');
  });

  it('never puts a namespace on cluster-scoped objects', () => {
    const plan = buildPlan({ cluster: { name: 'c', admins: ['a'], viewers: ['v'] }, teams: [{ name: 't', quota: { gpu: 0 } }] });
    const cluster = kustomize(plan).filter((o) => ['ClusterRole', 'ClusterRoleBinding', 'Namespace'].includes(o.kind as string));
    expect(cluster.map((o) => o.kind).sort()).toEqual([...Array(6).fill('ClusterRole'), 'ClusterRoleBinding', 'ClusterRoleBinding', 'Namespace']);
    for (const o of cluster) expect((o.metadata as object), key(o)).not.toHaveProperty('namespace');
  });
});

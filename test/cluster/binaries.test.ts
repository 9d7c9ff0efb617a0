import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findGo, GO_MODULE_DIR, pinnedVersions } from '../../lib/sandbox/binaries';
import { sandboxClient } from '../../lib/sandbox/control-plane';
import { clusterState, describeCluster, kubectl } from '../helpers/cluster';

describeCluster('the binaries are the pinned release, built from the published Go modules', () => {
  it('the API server and kubectl report the pinned Kubernetes version', async () => {
    const { kubernetes } = pinnedVersions();
    expect(kubernetes).toMatch(/^v1\.(3[4-9]|[4-9]\d)\.\d+$/);
    const api = sandboxClient(clusterState());
    const version = await api.send<{ gitVersion: string; major: string; minor: string; gitTreeState: string }>('GET', '/version');
    api.close();
    expect(version).toMatchObject({ gitVersion: kubernetes, major: '1', minor: kubernetes.split('.')[1], gitTreeState: 'clean' });
    expect(kubectl(['version', '--client', '-o', 'json']).stdout).toContain(`"gitVersion": "${kubernetes}"`);
  });

  // with KUBEBUILDER_ASSETS there may be no Go to read the release's go.mod with (never so in CI)
  it.skipIf(!findGo() && process.env.CI !== 'true')("sandbox/go.mod replaces every staging module that k8s.io/kubernetes's own go.mod replaces, at the matching version", () => {
    const go = findGo();
    if (!go) throw new Error('Go is not installed');
    const { kubernetes } = pinnedVersions();
    const info = spawnSync(go, ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetes}`], { cwd: GO_MODULE_DIR, encoding: 'utf8' });
    const upstream = readFileSync((JSON.parse(info.stdout) as { GoMod: string }).GoMod, 'utf8');
    const staging = [...upstream.matchAll(/^\s*(\S+) => \.\/staging\/src\/\S+$/gm)].map((m) => m[1]).sort();
    expect(staging.length).toBeGreaterThan(25);
    const ours = readFileSync(join(GO_MODULE_DIR, 'go.mod'), 'utf8');
    const replaced = [...ours.matchAll(/^replace (\S+) => (\S+) (v\S+)$/gm)].map((m) => [m[1], m[2], m[3]]);
    const version = `v0.${kubernetes.slice('v1.'.length)}`;
    expect(replaced).toEqual(staging.map((module) => [module, module, version]));
  });
});

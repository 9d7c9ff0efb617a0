import { describe, expect, it } from 'vitest';
import { countVolumeClaims, readCluster, type ClusterConnection } from '../../lib/drift/cluster-reader';
import { kindsToList } from '../../lib/drift/listed-kinds';
import { ApiError, UnreachableError, type RestClient } from '../../lib/kube/rest-client';
import { exampleDesired } from './served-objects';

type Answer = { items: unknown[]; metadata?: { continue?: string } } | Error;

/** A cluster that answers GETs from a table (path with query → answer) and records what it was asked. */
function fakeCluster(answer: (path: string) => Answer): ClusterConnection & { asked: string[] } {
  const asked: string[] = [];
  const api = {
    send: async (method: string, path: string) => {
      expect(method).toBe('GET');
      asked.push(path);
      const a = answer(path);
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as RestClient;
  return { api, server: 'https://k8s.example:6443', context: 'ord1-prod', asked };
}

const kinds = kindsToList(exampleDesired());
const empty = { items: [] };

describe('reading the cluster', () => {
  it('lists each kind once, cluster-wide, in pages of 500 followed by their continue token', async () => {
    const cluster = fakeCluster((path) => {
      if (path === '/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500') return { items: [{ metadata: { name: 'a', namespace: 'x' } }], metadata: { continue: 'page 2' } };
      if (path === '/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500&continue=page%202') return { items: [{ metadata: { name: 'b', namespace: 'x' } }] };
      return empty;
    });
    const snapshot = await readCluster(cluster, kinds);
    expect(cluster.asked.filter((p) => !p.includes('continue')).sort()).toEqual(
      [
        '/api/v1/namespaces?limit=500',
        '/api/v1/resourcequotas?limit=500',
        '/api/v1/limitranges?limit=500',
        '/api/v1/serviceaccounts?limit=500',
        '/apis/networking.k8s.io/v1/networkpolicies?limit=500',
        '/apis/rbac.authorization.k8s.io/v1/roles?limit=500',
        '/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=500',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles?limit=500',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?limit=500',
        '/apis/kueue.x-k8s.io/v1beta2/localqueues?limit=500',
        '/apis/kueue.x-k8s.io/v1beta2/clusterqueues?limit=500',
        '/apis/kueue.x-k8s.io/v1beta2/resourceflavors?limit=500',
      ].sort(),
    );
    expect(snapshot.objects).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'a', namespace: 'x' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'x' } },
    ]);
    expect(snapshot.listed.size).toBe(12);
    expect(snapshot.unlisted).toEqual([]);
  });

  it('a kind RBAC forbids or no CRD serves is set aside with why; an expired continue token starts that kind over', async () => {
    let expired = false;
    const cluster = fakeCluster((path) => {
      if (path.includes('/kueue.x-k8s.io/')) return new ApiError(404, 'the server could not find the requested resource');
      if (path.includes('/clusterroles?')) return new ApiError(403, 'clusterroles.rbac.authorization.k8s.io is forbidden: User "ci" cannot list resource "clusterroles"');
      if (path === '/api/v1/namespaces?limit=500') return { items: [{ metadata: { name: 'one' } }], metadata: { continue: 'c' } };
      if (path.startsWith('/api/v1/namespaces?limit=500&continue=')) {
        if (expired) return { items: [{ metadata: { name: 'two' } }] };
        expired = true;
        return new ApiError(410, 'The provided continue parameter is too old');
      }
      return empty;
    });
    const snapshot = await readCluster(cluster, kinds);
    expect(snapshot.unlisted).toEqual([
      { kind: 'ClusterRole', reason: 'forbidden: clusterroles.rbac.authorization.k8s.io is forbidden: User "ci" cannot list resource "clusterroles"' },
      { kind: 'LocalQueue', reason: "the server does not serve localqueues in kueue.x-k8s.io/v1beta2 (are Kueue's CRDs installed?)" },
      { kind: 'ClusterQueue', reason: "the server does not serve clusterqueues in kueue.x-k8s.io/v1beta2 (are Kueue's CRDs installed?)" },
      { kind: 'ResourceFlavor', reason: "the server does not serve resourceflavors in kueue.x-k8s.io/v1beta2 (are Kueue's CRDs installed?)" },
    ]);
    expect(snapshot.listed.has('ClusterRole.rbac.authorization.k8s.io')).toBe(false);
    expect(snapshot.objects.map((o) => o.metadata?.name)).toEqual(['one', 'two']);
  });

  it('an unreachable cluster, refused credentials, or nothing listable at all: one message for the whole run', async () => {
    await expect(readCluster(fakeCluster(() => new UnreachableError('https://k8s.example:6443', 'connect ECONNREFUSED')), kinds)).rejects.toThrow(
      'cannot reach the cluster at https://k8s.example:6443 (context ord1-prod): connect ECONNREFUSED',
    );
    await expect(readCluster(fakeCluster(() => new ApiError(401, 'Unauthorized')), kinds)).rejects.toThrow('https://k8s.example:6443 refused the credentials of context ord1-prod (HTTP 401): Unauthorized');
    await expect(readCluster(fakeCluster(() => new ApiError(403, 'nope')), kinds)).rejects.toThrow('cannot read the cluster at https://k8s.example:6443 (context ord1-prod): no kind could be listed; Namespace: forbidden: nope');
  });

  it('counts the PersistentVolumeClaims of the namespaces asked about, one list each', async () => {
    const cluster = fakeCluster((path) => (path.startsWith('/api/v1/namespaces/vision/') ? { items: [{}, {}] } : new ApiError(403, 'forbidden here')));
    const claims = await countVolumeClaims(cluster, ['vision', 'secret-team']);
    expect(cluster.asked.sort()).toEqual(['/api/v1/namespaces/secret-team/persistentvolumeclaims?limit=500', '/api/v1/namespaces/vision/persistentvolumeclaims?limit=500']);
    expect([...claims.counts].sort()).toEqual([
      ['secret-team', null],
      ['vision', 2],
    ]);
    expect(claims.unlisted).toEqual({ kind: 'PersistentVolumeClaim', reason: 'forbidden: forbidden here' });
  });
});

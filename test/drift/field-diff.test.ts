import { describe, expect, it } from 'vitest';
import { fieldChanges, formatPath } from '../../lib/drift/field-diff';
import { sameQuantity } from '../../lib/drift/quantity';
import { asServed, exampleDesired } from './served-objects';

describe('quantities compare by value, as the API server rewrites them', () => {
  it.each([
    ['1000', '1k'],
    ['0.5', '500m'],
    ['8Ti', '8796093022208'],
    ['1024', '1Ki'],
    [448, '448'],
    ['1e3', '1k'],
    ['0', '0m'],
    ['1.50', '1500m'],
  ])('%s = %s', (a, b) => expect(sameQuantity(a, b)).toBe(true));

  it.each([
    ['448', '512'],
    ['1Ki', '1k'],
    ['1', '1m'],
    ['baseline', 'baseline'],
    ['', '0'],
  ])('%s ≠ %s', (a, b) => expect(sameQuantity(a, b)).toBe(false));
});

describe('fieldChanges: only the fields dist/ sets', () => {
  it('every object of the example org, as the server returns it: no change', () => {
    for (const { object } of exampleDesired().objects) expect(fieldChanges(object, asServed(object)), `${object.kind} ${object.metadata.name}`).toEqual([]);
  });

  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns', namespace: 'research', labels: { team: 'research' } },
    spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }] },
  };

  it("ignores the server's fields: bookkeeping, status, defaulted policyTypes and protocols, labels and annotations of others", () => {
    const live = {
      ...policy,
      metadata: { ...policy.metadata, uid: 'u', resourceVersion: '7', generation: 2, creationTimestamp: 't', managedFields: [{}], labels: { team: 'research', other: 'x' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: { ...policy.spec, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }], to: policy.spec.egress[0]?.to }] },
      status: {},
    };
    expect(fieldChanges(policy, live)).toEqual([]);
  });

  it('a value, a label, an item added to a list, a key added to a selector, a narrowed {}: each a change', () => {
    const live = {
      ...policy,
      metadata: { ...policy.metadata, labels: { team: 'serving' } },
      spec: {
        podSelector: { matchLabels: { app: 'x' } },
        egress: [{ ports: [{ port: 5353 }, { port: 53 }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system', extra: 'y' } } }] }],
      },
    };
    expect(fieldChanges(policy, live)).toEqual([
      { field: 'metadata.labels.team', dist: 'research', cluster: 'serving' },
      { field: 'spec.podSelector.matchLabels', dist: null, cluster: { app: 'x' } },
      { field: 'spec.egress[0].ports', dist: [{ port: 53 }], cluster: [{ port: 5353 }, { port: 53 }] },
      { field: 'spec.egress[0].to[0].namespaceSelector.matchLabels.extra', dist: null, cluster: 'y' },
    ]);
  });

  it('a field dist/ sets that the cluster lacks; RBAC subjects compared whole, apiGroup included', () => {
    const rb = { kind: 'RoleBinding', metadata: { name: 'v', namespace: 'n' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'g' }] };
    expect(fieldChanges(rb, { ...rb, roleRef: undefined })).toEqual([{ field: 'roleRef', dist: { kind: 'ClusterRole', name: 'view' }, cluster: null }]);
    expect(fieldChanges(rb, { ...rb, subjects: [{ kind: 'Group', name: 'g', namespace: 'x' }] })).toEqual([{ field: 'subjects[0].namespace', dist: null, cluster: 'x' }]);
  });

  it('labels are text: a quantity-like label value is compared as written', () => {
    const ns = { kind: 'Namespace', metadata: { name: 'n', labels: { 'coreweave-rbac/cost-center': '1e3' } } };
    expect(fieldChanges(ns, { ...ns, metadata: { name: 'n', labels: { 'coreweave-rbac/cost-center': '1000' } } })).toEqual([
      { field: 'metadata.labels["coreweave-rbac/cost-center"]', dist: '1e3', cluster: '1000' },
    ]);
  });

  it('paths read like kubectl’s', () => {
    expect(formatPath(['spec', 'hard', 'requests.nvidia.com/gpu'])).toBe('spec.hard["requests.nvidia.com/gpu"]');
    expect(formatPath(['subjects', 1, 'name'])).toBe('subjects[1].name');
  });
});

import { readFileSync } from 'node:fs';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { addObjects, ObjectSpec } from '../../constructs/api-objects';
import { headYaml, JSON_FIELD_NAMES, manifestHead, manifestOf } from '../../lib/synth/manifest';
import { Pieces, toYaml } from '../../lib/synth/yaml';

const LABELS = { 'app.kubernetes.io/managed-by': 'coreweave-rbac', 'coreweave-rbac/cluster': 'c' };

/** What the construct path renders: the object added to a chart with LABELS, through Chart.toJson(). */
function throughCdk8s(object: ObjectSpec): unknown {
  const chart = new Chart(new App(), 'chart', { labels: LABELS, disableResourceNameHashes: true });
  addObjects(chart, [object]);
  return chart.toJson()[0];
}

const OBJECTS: ObjectSpec[] = [
  { id: 'q', kind: 'ResourceQuota', props: { metadata: { name: 'q', namespace: 'ns' }, spec: { hard: { 'requests.cpu': k8s.Quantity.fromString('4'), 'requests.nvidia.com/gpu': k8s.Quantity.fromNumber(8) } } } },
  {
    id: 'np',
    kind: 'NetworkPolicy',
    props: { metadata: { name: 'np', namespace: 'ns' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { port: k8s.IntOrString.fromString('dns') }] }] } },
  },
  { id: 'cr', kind: 'ClusterRole', props: { metadata: { name: 'cr', labels: { own: 'label', 'coreweave-rbac/cluster': 'overridden' } }, rules: [{ nonResourceUrLs: ['/healthz'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods'], verbs: ['list'] }] } },
  { id: 'sa', kind: 'ServiceAccount', props: { metadata: { name: 'sa', namespace: 'ns', annotations: {}, labels: {} }, automountServiceAccountToken: false } },
  { id: 'ns', kind: 'Namespace', props: { metadata: { name: 'ns', annotations: { a: 'b' } } } },
  { id: 'lq', kind: 'Custom', props: { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', metadata: { name: 'default', namespace: 'ns' }, spec: { clusterQueue: 'ns', podCidr: 'kept as written', empty: {}, none: undefined } } },
];

describe('manifestOf', () => {
  it('renders each kind as Chart.toJson() does: labels, sorted keys, unions, JSON field names, empty metadata maps dropped', () => {
    for (const object of OBJECTS) expect(manifestOf(object, LABELS), object.id).toEqual(throughCdk8s(object));
    for (const object of OBJECTS) expect(JSON.stringify(manifestOf(object, LABELS)), object.id).toBe(JSON.stringify(throughCdk8s(object)));
  });

  it('headYaml writes the YAML of manifestOf without the copy', () => {
    const yamlOf = (object: (typeof OBJECTS)[number]): string => {
      const out = new Pieces();
      headYaml(manifestHead(object, LABELS), out);
      return out.text();
    };
    for (const object of OBJECTS) expect(yamlOf(object), object.id).toBe(toYaml(manifestOf(object, LABELS)));
  });

  it('knows every field the kinds of cdk8s-plus-28 spell differently in JSON', () => {
    const source = readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'), 'utf8');
    const renamed = new Map<string, string>();
    for (const [, json, prop] of source.matchAll(/'(\w+)': obj\.(\w+)/g)) if (json !== prop) renamed.set(prop, json);
    expect(Object.fromEntries([...renamed].sort())).toEqual(JSON_FIELD_NAMES);
  });
});

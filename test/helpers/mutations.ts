// Mutated valid teams.yaml documents: keys deleted, duplicated, renamed or retyped, random scalars, bytes cut or inserted.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isPair, isScalar, Node, parseDocument, visit, YAMLMap, YAMLSeq } from 'yaml';

import { EXAMPLE_TEAMS } from './example';

export const SMALL = `cluster:
  name: ord1
  oidcGroupPrefix: "oidc:"
  admins: [platform]
  viewers: [finance]
  gpuCapacity: { H100_NVLINK_80GB: 16 }
  network: { ingressNamespaces: [ingress-nginx] }
defaults:
  quota: { cpu: "64", memory: 1Ti }
teams:
  - name: research
    quota: { gpu: 8, gpuByClass: { H100_NVLINK_80GB: 8 }, storageClasses: { shared: 10Ti } }
    limits: { maxGpuPerPod: 8, defaultCpu: "1", defaultMemory: 4Gi }
    groups: { teamLead: [research-leads], viewer: [research-observers] }
    tokens:
      - { name: ci, tier: mlEngineer, user: cw-token-1, rotatedAt: 2026-10-01 }
      - { name: pipeline, tier: viewer, serviceAccount: pipeline, rotatedAt: 2026-11-01 }
    network: { allowFrom: [serving], egress: restricted, egressCidrs: [10.0.0.0/8] }
  - name: serving
    namespace: inference
    quota: { gpu: 4 }
    groups: { inferenceOperator: [serving-oncall] }
`;

export const SEEDS = [SMALL, readFileSync(EXAMPLE_TEAMS, 'utf8')];

type Kind = 'delete' | 'duplicate' | 'retype' | 'scalar' | 'rename' | 'cut' | 'insert';
interface Mutation {
  readonly kind: Kind;
  readonly at: number;
  readonly value: unknown;
  readonly text: string;
}

const hostile = fc.constantFrom('no', 'on', 'y', 'null', '~', '0755', '1e3', '', ' ', 'system:masters', 'kube-system', 'default', 'research', 'serving', 'rеsearch', 'a'.repeat(300), '*alias', '&anchor', '{', '[', '- x', '#', '"');
const scalar = fc.oneof(hostile, fc.string({ maxLength: 20 }), fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Kind>('delete', 'duplicate', 'retype', 'scalar', 'rename', 'cut', 'insert'),
  at: fc.nat(),
  value: scalar,
  text: fc.oneof(hostile, fc.string({ maxLength: 8 }), fc.constantFrom('namepsace', 'Name', 'tier', 'gpu', 'quota', ': x', '\t', '\u0000')),
});

/** Apply one mutation to YAML text, through the document tree (keys and values) or the raw text (syntax). */
function mutate(source: string, m: Mutation): string {
  if (m.kind === 'cut') {
    const i = m.at % Math.max(1, source.length);
    return source.slice(0, i) + source.slice(i + 1 + (m.text.length % 5));
  }
  if (m.kind === 'insert') {
    const i = m.at % (source.length + 1);
    return source.slice(0, i) + m.text + source.slice(i);
  }
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return source;
  const slots: { parent: YAMLMap | YAMLSeq; index: number }[] = [];
  visit(doc, {
    Map: (_, map) => map.items.forEach((_item, index) => slots.push({ parent: map, index })),
    Seq: (_, seq) => seq.items.forEach((_item, index) => slots.push({ parent: seq, index })),
  });
  if (slots.length === 0) return source;
  const { parent, index } = slots[m.at % slots.length];
  const item = parent.items[index] as unknown;
  const current = isPair(item) ? item.value : item;
  const replace = (node: unknown): void => {
    if (isPair(item)) item.value = node;
    else (parent.items as unknown[])[index] = node;
  };
  switch (m.kind) {
    case 'delete':
      parent.items.splice(index, 1);
      break;
    case 'duplicate':
      (parent.items as unknown[]).splice(index, 0, (item as { clone(): unknown }).clone());
      break;
    case 'retype':
      replace(doc.createNode(isScalar(current) ? [m.value] : m.value));
      if (isScalar(current) && typeof m.value === 'string') replace(doc.createNode({ [m.value]: current.value }));
      break;
    case 'scalar':
      replace(doc.createNode(m.value));
      break;
    case 'rename':
      if (isPair(item)) item.key = doc.createNode(m.text) as Node;
      break;
  }
  return doc.toString();
}

/** A seed with one to four mutations. */
export const mutatedDocument = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => {
  let text = seed;
  for (const m of ms) {
    try {
      text = mutate(text, m);
    } catch {
      // the mutator could not print this tree (yaml refuses some shapes); keep the previous text
    }
  }
  return text;
});


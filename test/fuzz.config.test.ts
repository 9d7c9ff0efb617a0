import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPair, isScalar, Node, parseDocument, visit, YAMLMap, YAMLSeq } from 'yaml';
import { synth } from '../lib/cli/synth';
import { ConfigError, formatProblem, parseConfig } from '../lib/config';
import { buildPlan } from '../lib/plan/build-plan';
import { renderFiles } from '../lib/synth/render';
import { readDist } from '../lib/synth/write-dist';

// Mutated valid teams.yaml documents (keys deleted, duplicated, renamed or retyped, random scalars, bytes cut
// or inserted): the loader either accepts the document, and then it plans and renders, or throws a ConfigError
// whose every problem is located. Nothing else: no TypeError, no hang (bounded runs), never both.

const ROOT = join(__dirname, '..');
const NOW = new Date('2026-11-23T00:00:00Z');

const SMALL = `cluster:
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

const SEEDS = [SMALL, readFileSync(join(ROOT, 'teams.yaml'), 'utf8')];

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

const document = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => {
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

/** Every problem points into the text and prints in the one format. */
function expectLocated(e: unknown, text: string): void {
  expect(e).toBeInstanceOf(ConfigError);
  const { problems } = e as ConfigError;
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.some((p) => p.severity === 'error')).toBe(true);
  const lines = text.split('\n').length;
  for (const p of problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines);
    expect(p.col).toBeGreaterThanOrEqual(1);
    // lower-case, except where it starts with an acronym or a name (GPU, H100_NVLINK_80GB)
    expect(p.message).toMatch(/^([^A-Z]|[A-Z0-9_]{2})/);
    expect(p.message).not.toMatch(/\.$/);
    expect(formatProblem('teams.yaml', p)).toMatch(/^teams\.yaml:\d+:\d+: (warning: )?(\S+: )?\S/);
  }
}

describe('fuzzed teams.yaml', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the seeds themselves are valid', () => {
    for (const seed of SEEDS) expect(() => parseConfig(seed, { now: NOW })).not.toThrow();
  });

  it('is either accepted and rendered, or rejected with located problems only', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(document, (text) => {
        let loaded;
        try {
          loaded = parseConfig(text, { now: NOW });
        } catch (e) {
          expectLocated(e, text);
          rejected++;
          return;
        }
        accepted++;
        const files = renderFiles(buildPlan(loaded.config));
        expect(files.size).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 4 },
    );
    // the mutations must exercise both outcomes, or the property proves little
    expect(accepted).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(100);
  });

  it('synth writes dist/ or prints errors, never both; a rejected document leaves dist/ as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-fuzz-'));
    const teams = join(dir, 'teams.yaml');
    const out = join(dir, 'dist');
    writeFileSync(teams, SMALL);
    let written = 0;
    fc.assert(
      fc.property(document, (text) => {
        writeFileSync(teams, text);
        const before = readDist(out);
        const stderr: string[] = [];
        vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
        const code = synth(['--file', teams, '--out', out, '--now', '2026-11-23', '--quiet']);
        vi.restoreAllMocks();
        const lines = stderr.join('').split('\n').filter(Boolean);
        expect(lines.join('\n')).not.toMatch(/internal error/);
        if (code === 0) {
          expect(lines.every((l) => l.startsWith(`${teams}:`) && l.includes(': warning: '))).toBe(true);
          expect(readDist(out).size).toBeGreaterThan(0);
          written++;
        } else {
          expect(code).toBe(1);
          expect(lines.pop()).toMatch(/^synth: \d+ errors? in .*; nothing was written$/);
          expect(lines.every((l) => /^.*teams\.yaml:\d+:\d+: /.test(l))).toBe(true);
          expect(readDist(out)).toEqual(before);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(written).toBeGreaterThan(0);
  });
});

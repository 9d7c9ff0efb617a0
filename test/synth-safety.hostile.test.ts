import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// Hostile strings written in teams.yaml come back exactly, as strings, from dist/ through `kubectl kustomize`
// (what Flux runs) read as YAML 1.1; the ones that could bind the wrong subject are rejected instead (see the
// lookalike-* and long-strings fixtures in synth.errors.test.ts).

const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cjs');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** Group names that YAML 1.1 or 1.2 readers would take for something else, or that need quoting to survive. */
const GROUPS = [
  'no', 'NO', 'n', 'on', 'Off', 'y', 'Y', 'yes', 'true', 'False', '~', 'null', 'Null',
  '0755', '0o17', '0x1F', '0b101', '1_000', '1e3', '-1', '+1', '.5', '.nan', '-.inf', '12:30:00', '2026-11-01',
  '=', '<<', '-', '?', '*x', '&x', '!x', '%x', '@x', '`x', '#x', 'x#y', 'x:y', "'q'", '"dq"', '{a}', '[b]', '|', '>',
  'g'.repeat(253),
];
const DESCRIPTION = `line one: a colon\n  indented # not a comment\n"quoted" and 'single' — ünïcödé ✓\n${'x'.repeat(3900)}`;

const TEAMS = `cluster:
  name: "on"
  admins: ["null"]
teams:
  - name: "no"
    namespace: "0755"
    costCenter: "1e3"
    description: ${JSON.stringify(DESCRIPTION)}
    quota: { gpu: 1, cpu: "1e3", memory: "0755" }
    groups:
      viewer: [${GROUPS.map((g) => JSON.stringify(g)).join(', ')}]
    tokens:
      - { name: "y", tier: viewer, user: "12:30", rotatedAt: "2026-11-01" }
`;

type K8sObject = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }; subjects?: { name: string }[] };

describe.skipIf(!hasKubectl)('hostile strings through synth, dist/ and kubectl kustomize', () => {
  it('come back exactly as written in teams.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-hostile-'));
    writeFileSync(join(dir, 'teams.yaml'), TEAMS);
    const r = spawnSync(process.execPath, ['-r', TSX, join(ROOT, 'main.ts'), '--now', '2026-11-23', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);

    const files = readdirSync(join(dir, 'dist')).sort();
    expect(files).toEqual(['cluster.yaml', 'team-no.yaml']);
    writeFileSync(join(dir, 'dist', 'kustomization.yaml'), `resources:\n${files.map((f) => `  - ${f}\n`).join('')}`);
    const built = execFileSync('kubectl', ['kustomize', join(dir, 'dist')], { encoding: 'utf8', maxBuffer: 64 << 20 });

    // YAML 1.1, as go-yaml reads: an unquoted no, on, y, 0755 or 12:30:00 would come back as a boolean or number
    const read = (text: string): K8sObject[] => parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as K8sObject).filter(Boolean);
    const fromDist = files.flatMap((f) => read(readFileSync(join(dir, 'dist', f), 'utf8')));
    for (const objects of [fromDist, read(built)]) {
      const ns = objects.find((o) => o.kind === 'Namespace')!;
      expect(ns.metadata.name).toBe('0755');
      expect(ns.metadata.labels).toMatchObject({ 'coreweave-rbac/team': 'no', 'coreweave-rbac/cluster': 'on', 'coreweave-rbac/cost-center': '1e3' });
      expect(ns.metadata.annotations?.['coreweave-rbac/description']).toBe(DESCRIPTION);
      const viewer = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'viewer')!;
      expect(viewer.metadata.namespace).toBe('0755');
      expect(viewer.subjects!.map((s) => s.name).sort()).toEqual([...GROUPS].sort());
      const token = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'token-y')!;
      expect(token.subjects!.map((s) => s.name)).toEqual(['12:30']);
      const admins = objects.find((o) => o.kind === 'ClusterRoleBinding' && o.subjects?.some((s) => s.name === 'null'));
      expect(admins).toBeDefined();
      const quota = objects.find((o) => o.kind === 'ResourceQuota') as unknown as { spec: { hard: Record<string, unknown> } };
      expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '1e3', 'requests.memory': '0755' });
    }
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdk8sProject, runCdk8sSynth } from './helpers/cli';
import { EXAMPLE_DIST } from './helpers/example';

// Every kind of mistake in teams.yaml, run through the real entry point (main.ts, what cdk8s.yaml runs) in a
// workspace with a committed dist/: exit 1, every problem located at once, no stack trace, dist/ untouched.

const ROOT = join(__dirname, '..');
const FIXTURES = join(__dirname, 'fixtures', 'invalid');
const TSX = require.resolve('tsx/cjs');

/** fixture name → the exact problem lines synth prints (before its summary line). */
const CASES: [string, string[]][] = [
  ["alias-bomb", [
    "teams.yaml:13:12: aliases expand to more than 100000 values here (an alias bomb), expected aliases of a few small lists or mappings",
  ]],
  ["alias-recursive", [
    "teams.yaml:3:30: alias *admins refers to a list or mapping that contains it, expected an alias of a finished value",
  ]],
  ["alias-unknown", [
    "teams.yaml:3:11: unknown alias *admins, expected an anchor &admins earlier in the file",
  ]],
  ["allow-from", [
    "teams.yaml:7:28: teams[0].network.allowFrom[0]: a team cannot list itself in allowFrom (its own pods always reach each other), got \"research\"",
    "teams.yaml:7:38: teams[0].network.allowFrom[1]: unknown team \"serve\", expected one of serving",
  ]],
  ["bad-group-names", [
    "teams.yaml:8:18: teams[0].groups.teamLead[0]: must be a non-empty group name, got \"\"",
    "teams.yaml:9:20: teams[0].groups.mlEngineer[0]: must be a group name without whitespace, got \"research ml\"",
    "teams.yaml:10:36: teams[0].groups.viewer[1]: group \"research-observers\" is listed twice, expected each group once",
  ]],
  ["group-with-prefix", [
    "teams.yaml:4:12: cluster.admins[0]: starts with cluster.oidcGroupPrefix \"oidc:\", which is added to every group: write \"platform\"",
    "teams.yaml:10:36: teams[0].groups.viewer[1]: starts with cluster.oidcGroupPrefix \"oidc:\", which is added to every group: write \"research-ml\"",
    "teams.yaml:12:101: teams[0].roles[0].groups[0]: starts with cluster.oidcGroupPrefix \"oidc:\", which is added to every group: write \"dashboards\"",
  ]],
  ["binary", [
    "teams.yaml:3:9: binary content (a NUL byte), expected UTF-8 YAML text",
  ]],
  ["count-as-string", [
    "teams.yaml:6:19: teams[0].quota.gpu: must be a non-negative integer, got \"8\"",
  ]],
  ["deep-nesting", [
    "teams.yaml:7:71: nested more than 64 levels deep, expected at most 64 levels of lists and mappings",
  ]],
  ["duplicate-key", [
    "teams.yaml:7:5: teams[0].name: duplicate key \"name\" in a mapping, expected each key once",
  ]],
  ["duplicates", [
    "teams.yaml:7:11: teams[1].name: duplicate team name \"research\", first used by teams[0]",
    "teams.yaml:11:16: teams[2].namespace: namespace \"research\" is already used by teams[0]",
  ]],
  ["empty", [
    "teams.yaml:1:1: the file is empty, expected a mapping with cluster and teams",
  ]],
  ["enums-and-minimums", [
    "teams.yaml:3:11: cluster.admins: must list at least 1 item, got 0",
    "teams.yaml:4:20: cluster.tokenMaxAgeDays: must be at least 1, got 0",
    "teams.yaml:6:16: defaults.podSecurity: must be one of privileged, baseline, restricted, got \"strict\"",
  ]],
  ["fractional-counts", [
    "teams.yaml:6:19: teams[0].quota.gpu: must be a non-negative integer, got 1.5",
    "teams.yaml:6:56: teams[0].quota.gpuByClass.H100_NVLINK_80GB: must be a non-negative integer, got 0.5",
    "teams.yaml:7:29: teams[0].limits.maxGpuPerPod: must be a non-negative integer, got 2.5",
  ]],
  ["gpu-by-class-over-gpu", [
    "teams.yaml:8:19: teams[0].quota.gpuByClass: classes add up to 12 GPUs, more than quota.gpu 8",
  ]],
  ["invalid-names", [
    "teams.yaml:2:9: cluster.name: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"ORD1_prod\"",
    "teams.yaml:5:11: teams[0].name: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"Research\"",
    "teams.yaml:8:16: teams[1].namespace: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"inference.prod\"",
    "teams.yaml:10:11: teams[2].name: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"-data\"",
  ]],
  ["long-strings", [
    "teams.yaml:6:18: teams[0].description: must be at most 4096 characters, got 5000",
    "teams.yaml:8:24: teams[0].groups.viewer[0]: must be a group name of at most 253 characters, got 300 characters",
  ]],
  ["lookalike-group", [
    "teams.yaml:8:18: teams[0].groups.teamLead[0]: must be printable ASCII (look-alike characters bind a different group), got \"research-le\u0430ds\" with U+0430 at character 12",
    "teams.yaml:9:16: teams[0].groups.viewer[0]: must be printable ASCII (look-alike characters bind a different group), got \"research\u200bobservers\" with U+200B at character 9",
  ]],
  ["lookalike-prefix", [
    "teams.yaml:3:20: cluster.oidcGroupPrefix: must be printable ASCII (look-alike characters bind a different group), got \"\uff4fidc:\" with U+FF4F at character 1",
  ]],
  ["many-problems", [
    "teams.yaml:2:9: cluster.name: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"Ord1\"",
    "teams.yaml:4:3: cluster.tokenMaxAge: unknown key \"tokenMaxAge\", did you mean \"tokenMaxAgeDays\"?",
    "teams.yaml:7:19: teams[0].quota.gpu: must be a non-negative integer, got -1",
    "teams.yaml:8:24: teams[0].groups.viewer[0]: must not start with \"system:\" (reserved for Kubernetes), got \"system:masters\"",
    "teams.yaml:9:11: teams[1].name: duplicate team name \"research\", first used by teams[0]",
    "teams.yaml:9:11: teams[1].name: namespace \"research\" is already used by teams[0]",
    "teams.yaml:11:28: teams[1].network.allowFrom[0]: unknown team \"nobody\", expected one of (no other teams)",
  ]],
  ["missing-gpu", [
    "teams.yaml:6:12: teams[0].quota: missing required key \"gpu\" (set quota.gpu here or in defaults.quota)",
    "teams.yaml:7:5: teams[1]: missing required key \"gpu\" (set quota.gpu here or in defaults.quota)",
  ]],
  ["missing-keys", [
    "teams.yaml:2:3: cluster: missing required key \"name\"",
    "teams.yaml:2:3: cluster: missing required key \"admins\"",
    "teams.yaml:4:5: teams[0]: missing required key \"name\"",
  ]],
  ["missing-teams", [
    "teams.yaml:1:1: missing required key \"teams\"",
  ]],
  ["multiple-documents", [
    "teams.yaml:7:1: a second YAML document (after \"---\"), expected a single document",
  ]],
  ["name-too-long", [
    "teams.yaml:5:11: teams[0].name: must be a DNS-1123 label of at most 63 characters, got 64 characters",
  ]],
  ["negative-counts", [
    "teams.yaml:6:19: teams[0].quota.gpu: must be a non-negative integer, got -1",
    "teams.yaml:6:47: teams[0].quota.persistentVolumeClaims: must be a non-negative integer, got -3",
    "teams.yaml:6:66: teams[0].quota.loadBalancers: must be a non-negative integer, got -0.5",
    "teams.yaml:7:29: teams[0].limits.maxGpuPerPod: must be a non-negative integer, got -8",
  ]],
  ["nesting-over-limit", [
    "teams.yaml:8:66: nested more than 64 levels deep, expected at most 64 levels of lists and mappings",
  ]],
  ["network-values", [
    "teams.yaml:7:24: teams[0].network.egress: must be one of open, restricted, got \"closed\"",
    "teams.yaml:7:46: teams[0].network.egressCidrs[0]: must be a CIDR such as 10.0.0.0/8, got \"10.0.0.0/33\"",
    "teams.yaml:7:59: teams[0].network.egressCidrs[1]: must be a CIDR such as 10.0.0.0/8, got \"10.40.0.0\"",
  ]],
  ["not-a-mapping", [
    "teams.yaml:1:1: the document is a list, expected a mapping with cluster and teams",
  ]],
  ["not-utf8", [
    "teams.yaml:6:22: not valid UTF-8 (byte 0xE9), expected UTF-8 YAML text",
  ]],
  ["only-comments", [
    "teams.yaml:1:1: the file has no content (only comments), expected a mapping with cluster and teams",
  ]],
  ["quantities", [
    "teams.yaml:6:27: teams[0].quota.cpu: must be a Kubernetes quantity such as \"512\", 8Ti or 500m, got \"2 cores\"",
    "teams.yaml:6:44: teams[0].quota.memory: must be a Kubernetes quantity such as \"512\", 8Ti or 500m, got \"8TB\"",
    "teams.yaml:6:58: teams[0].quota.storage: must not be negative, got \"-1Ti\"",
    "teams.yaml:6:95: teams[0].quota.storageClasses[\"shared-vast\"]: must be a Kubernetes quantity such as \"512\", 8Ti or 500m, got \"lots\"",
    "teams.yaml:7:27: teams[0].limits.defaultCpu: must be a Kubernetes quantity such as \"512\", 8Ti or 500m, got \"1.5.0\"",
    "teams.yaml:7:49: teams[0].limits.defaultMemory: must be a Kubernetes quantity such as \"512\", 8Ti or 500m, got \"4gi\"",
  ]],
  ["reserved-namespaces", [
    "teams.yaml:6:11: teams[0].name: namespace \"default\" is reserved for Kubernetes, expected a namespace of the team's own",
    "teams.yaml:9:16: teams[1].namespace: namespace \"kube-public\" is reserved for Kubernetes, expected a namespace of the team's own",
    "teams.yaml:12:16: teams[2].namespace: namespace \"monitoring\" is one of cluster.network's namespaces, expected a namespace of the team's own",
  ]],
  ["rotated-in-future", [
    "teams.yaml:8:64: teams[0].tokens[0].rotatedAt: is in the future (today is 2026-11-23), got \"2026-12-01\"",
  ]],
  ["rotated-not-a-date", [
    "teams.yaml:10:70: teams[0].tokens[2].rotatedAt: must be a string, got 20261001 (YAML reads it as a number; write \"20261001\" in quotes for the text)",
  ]],
  ["scalar-document", [
    "teams.yaml:1:1: the document is a scalar (\"ord1-prod\"), expected a mapping with cluster and teams",
  ]],
  ["system-groups", [
    "teams.yaml:3:12: cluster.admins[0]: must not start with \"system:\" (reserved for Kubernetes), got \"system:masters\"",
    "teams.yaml:4:22: cluster.viewers[1]: must not start with \"system:\" (reserved for Kubernetes), got \"system:authenticated\"",
    "teams.yaml:8:24: teams[0].groups.viewer[0]: must not start with \"system:\" (reserved for Kubernetes), got \"system:serviceaccounts\"",
  ]],
  ["tabs", [
    "teams.yaml:2:1: invalid YAML: tabs are not allowed as indentation",
  ]],
  ["token-names", [
    "teams.yaml:8:17: teams[0].tokens[0].name: must be a DNS-1123 label (lower-case letters, digits and \"-\", starting and ending with a letter or digit), got \"CI\"",
    "teams.yaml:10:17: teams[0].tokens[2].name: duplicate token name \"deploy\" in this team, expected unique token names",
  ]],
  ["token-system-user", [
    "teams.yaml:8:41: teams[0].tokens[0].user: must not start with \"system:\" (reserved for Kubernetes), got \"system:admin\"",
  ]],
  ["token-tier", [
    "teams.yaml:8:27: teams[0].tokens[0].tier: must be one of teamLead, mlEngineer, inferenceOperator, viewer, got \"admin\"",
    "teams.yaml:9:9: teams[0].tokens[1]: missing key \"tier\" (or \"role\"), expected exactly one of tier / role",
  ]],
  ["token-user-and-service-account", [
    "teams.yaml:8:9: teams[0].tokens[0]: has both \"user\" and \"serviceAccount\", expected exactly one of them",
    "teams.yaml:9:9: teams[0].tokens[1]: missing key \"user\" (or \"serviceAccount\"), expected exactly one of user / serviceAccount",
  ]],
  ["unknown-key", [
    "teams.yaml:7:5: teams[0].namepsace: unknown key \"namepsace\", did you mean \"namespace\"?",
    "teams.yaml:8:5: teams[0].Description: unknown key \"Description\", did you mean \"description\"?",
    "teams.yaml:9:5: teams[0].owner: unknown key \"owner\", expected one of name, namespace, description, costCenter, podSecurity, quota, limits, groups, tokens, roles, network, queue",
  ]],
  ["unknown-tag", [
    "teams.yaml:2:9: unknown tag !cluster, expected plain YAML values without tags",
  ]],
  ["utf16", [
    "teams.yaml:1:1: UTF-16 text (a UTF-16 byte order mark), expected UTF-8 YAML text: save the file as UTF-8",
  ]],
  ["wrong-type", [
    "teams.yaml:3:11: cluster.admins: must be a list, got \"platform\"",
    "teams.yaml:4:12: cluster.network: must be a mapping, got a list",
    "teams.yaml:7:12: teams[0].quota: must be a mapping, got 8",
    "teams.yaml:8:23: teams[0].groups.viewer: must be a list, got \"research-observers\"",
  ]],
  ["yaml-reads-a-number", [
    "teams.yaml:7:17: teams[0].costCenter: must be a string, got 0755 (YAML reads it as a number; write \"0755\" in quotes for the text)",
    "teams.yaml:8:18: teams[0].description: must be a string, got 1e3 (YAML reads it as a number; write \"1e3\" in quotes for the text)",
    "teams.yaml:9:15: teams[0].namespace: must be a string, got an empty value",
    "teams.yaml:10:24: teams[0].groups.viewer[0]: must be a string, got ~ (YAML reads it as null; write \"~\" in quotes for the text)",
    "teams.yaml:10:27: teams[0].groups.viewer[1]: must be a string, got true (YAML reads it as a boolean; write \"true\" in quotes for the text)",
  ]],
  ["yaml-syntax", [
    "teams.yaml:7:1: invalid YAML: flow map in block collection must be sufficiently indented and end with a }",
  ]],
]

/** A temp directory with `fixture` as teams.yaml and a copy of the example org's golden dist/. */
function workspace(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-invalid-'));
  cpSync(join(FIXTURES, `${fixture}.yaml`), join(dir, 'teams.yaml'));
  cpSync(EXAMPLE_DIST, join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  return dir;
}

/** Every file of dist/ with its bytes and mtime: what "byte-for-byte as before" compares. */
function snapshot(dist: string): Record<string, { bytes: string; mtimeMs: number }> {
  const files: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dist).sort()) {
    files[name] = { bytes: readFileSync(join(dist, name)).toString('base64'), mtimeMs: statSync(join(dist, name)).mtimeMs };
  }
  return files;
}

function summary(errors: number): string {
  return `synth: ${errors} error${errors === 1 ? '' : 's'} in teams.yaml; nothing was written`;
}

describe('synth on an invalid teams.yaml', () => {
  it('has a case for every fixture and a fixture for every case', () => {
    const fixtures = readdirSync(FIXTURES).map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(CASES.map(([name]) => name).sort()).toEqual(fixtures);
  });

  it.each(CASES)('%s', (fixture, expected) => {
    const dir = workspace(fixture);
    const before = snapshot(join(dir, 'dist'));
    const r = spawnSync(process.execPath, ['-r', TSX, join(ROOT, 'main.ts'), '--file', 'teams.yaml', '--out', 'dist'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, COREWEAVE_RBAC_NOW: '2026-11-23' },
      timeout: 30_000,
    });
    expect(r.stderr).toBe([...expected, summary(expected.length)].map((line) => `${line}\n`).join(''));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at |Error:/m);
    expect(snapshot(join(dir, 'dist'))).toEqual(before);
    // no staging or backup folder left beside dist/
    expect(readdirSync(dir).sort()).toEqual(['dist', 'teams.yaml']);
  });
});

describe('npx cdk8s synth on an invalid teams.yaml', () => {
  it('exits non-zero with the located problems, and dist/ survives although cdk8s empties its output folder', () => {
    const dir = cdk8sProject();
    writeFileSync(join(dir, 'teams.yaml'), readFileSync(join(FIXTURES, 'many-problems.yaml')));
    const before = snapshot(join(dir, 'dist'));

    const r = runCdk8sSynth(dir);
    expect(r.status).not.toBe(0);
    const expected = CASES.find(([name]) => name === 'many-problems')![1];
    // the app's own output, in order; the cdk8s CLI then adds its own "command ... returned a non-zero exit code"
    expect(r.stderr).toContain([...expected, summary(expected.length)].map((line) => `${line}\n`).join(''));
    expect(r.stderr).not.toMatch(/^\s+at .*(lib|constructs)\/.*\.ts/m);
    expect(snapshot(join(dir, 'dist'))).toEqual(before);
  });
});

describe('npx cdk8s synth on a valid teams.yaml', () => {
  it('lists dist/ through a link the CLI deletes on its next run, never dist/ itself; unchanged files keep their mtime', () => {
    const dir = cdk8sProject();
    const before = snapshot(join(dir, 'dist'));
    for (let run = 0; run < 2; run++) {
      const r = runCdk8sSynth(dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('  - .cdk8s.out/cluster.yaml\n');
      expect(r.stdout).toContain('  - .cdk8s.out/team-research.yaml\n');
      expect(lstatSync(join(dir, '.cdk8s.out')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dir, '.cdk8s.out'))).toBe('dist');
      expect(snapshot(join(dir, 'dist'))).toEqual(before);
    }
  });
});

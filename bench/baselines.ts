import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../lib/synth/yaml';
import type { Manifest } from '../lib/synth/render';

/** A directory that resolves packages from this repository's node_modules, so npx finds its cdk8s CLI. */
export function projectDir(dir: string, repo: string, cdk8sApp: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "bench-app", "private": true }\n');
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\napp: ${cdk8sApp}\noutput: .cdk8s.out\n`);
}

/** The floor: the smallest cdk8s app there is (one chart, one object), in JavaScript. */
export function trivialApp(dir: string, repo: string): void {
  projectDir(dir, repo, 'node main.js');
  writeFileSync(
    join(dir, 'main.js'),
    [
      "const { App, Chart, ApiObject } = require('cdk8s');",
      'const app = new App();',
      "const chart = new Chart(app, 'trivial');",
      "new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'trivial' }, data: { a: 'b' } });",
      'app.synth();',
      '',
    ].join('\n'),
  );
}

/** Input of bench/stock-cdk8s.ts: the very objects our app writes, one chart per dist/ file. */
export function writeStockInput(path: string, manifests: readonly Manifest[]): void {
  writeFileSync(path, JSON.stringify(manifests));
}

/**
 * A hand-written kustomize repository equivalent to dist/: a base with one team's objects, one overlay per team
 * that sets its namespace and team label and patches its groups, token and allowFrom into the base, and a root
 * that lists every overlay.
 */
export function kustomizeRepo(dir: string, template: Manifest, teams: readonly string[]): void {
  mkdirSync(join(dir, 'base'), { recursive: true });
  const objects = template.objects.map((o) => withoutNamespace(o));
  writeFileSync(join(dir, 'base', 'objects.yaml'), objects.map((o) => `---\n${toYaml(o)}`).join(''));
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources: [objects.yaml]\n');
  for (const [i, team] of teams.entries()) {
    const overlay = join(dir, 'overlays', team);
    mkdirSync(overlay, { recursive: true });
    writeFileSync(join(overlay, 'kustomization.yaml'), overlayKustomization(team, teams[i - 1]));
  }
  writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n${teams.map((t) => `  - overlays/${t}\n`).join('')}`);
}

function withoutNamespace(object: Record<string, unknown>): Record<string, unknown> {
  const { namespace: _namespace, ...metadata } = object.metadata as Record<string, unknown>;
  return { ...object, metadata };
}

function overlayKustomization(team: string, allowFrom: string | undefined): string {
  const groups = (binding: string, group: string): string =>
    `  - target: { kind: RoleBinding, name: ${binding} }\n    patch: |-\n      - { op: replace, path: /subjects/0/name, value: "oidc:${team}-${group}" }\n`;
  return [
    'resources: [../../base]',
    `namespace: ${team}`,
    'labels:',
    `  - pairs: { coreweave-rbac/team: ${team} }`,
    'patches:',
    groups('team-lead', 'leads').trimEnd(),
    groups('ml-engineer', 'ml').trimEnd(),
    groups('inference-operator', 'serving').trimEnd(),
    groups('viewer', 'observers').trimEnd(),
    '  - target: { kind: RoleBinding, name: token-ci-deployer }',
    '    patch: |-',
    `      - { op: replace, path: /subjects/0/name, value: "cw-token-${team}" }`,
    ...(allowFrom
      ? [
          '  - target: { kind: NetworkPolicy, name: allow-from-teams }',
          '    patch: |-',
          `      - { op: replace, path: /spec/ingress/0/from/0/namespaceSelector/matchExpressions/0/values/0, value: ${allowFrom} }`,
        ]
      : []),
    '',
  ].join('\n');
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from './helpers/cli';
import { ROOT } from './helpers/example';

// The files the README's "Use it for your org" ships: the org's GitHub Actions workflow and its Flux objects.

interface Step {
  run?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'teams.yml'), 'utf8')) as Workflow;
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Every command line of a job's `run:` steps. */
const commands = (job: string) => (workflow.jobs[job]?.steps ?? []).flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));

describe('the GitHub Actions workflow', () => {
  it('on a pull request: npm ci, synth, check, and the access diff posted as a comment', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'schedule']);
    expect(workflow.jobs.review?.if).toBe("github.event_name == 'pull_request'");
    expect(commands('review')).toEqual([
      'npm ci',
      'npx cdk8s synth',
      'npm run check',
      'npm run -s access-diff -- "origin/${{ github.base_ref }}" HEAD --markdown > access.md',
      'if [ -s access.md ]; then gh pr comment "${{ github.event.pull_request.number }}" --body-file access.md; fi',
    ]);
  });

  it('every week: tokens --strict', () => {
    expect(workflow.jobs.tokens?.if).toBe("github.event_name == 'schedule'");
    expect(commands('tokens')).toEqual(['npm ci', 'npm run -s tokens -- --strict']);
  });

  it('runs only npm scripts that exist, with flags their help names', () => {
    const npmRuns = [...commands('review'), ...commands('tokens')].flatMap((c) => [...c.matchAll(/npm run (?:-s )?([\w-]+)(?: -- (.*))?/g)].map((m) => [m[1] as string, m[2] ?? '']));
    expect(npmRuns.map(([name]) => name)).toEqual(['check', 'access-diff', 'tokens']);
    for (const [name, args] of npmRuns) {
      expect(scripts[name], `npm run ${name}`).toBeDefined();
      const help = runCli(ROOT, name, ['--help']);
      expect(help.status, `${name} --help`).toBe(0);
      for (const flag of args.match(/--[\w-]+/g) ?? []) expect(help.stdout, `${name} ${flag}`).toContain(flag);
    }
  });
});

describe('the Flux example', () => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'flux', 'teams.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });

  it("applies dist/ with prune, after Kueue's CRDs", () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Kustomization/kueue', 'Kustomization/teams']);
    const [kueue, teams] = docs;
    expect(kueue?.spec.wait).toBe(true);
    expect(teams?.spec).toMatchObject({ path: './dist', prune: true, dependsOn: [{ name: 'kueue' }] });
  });
});

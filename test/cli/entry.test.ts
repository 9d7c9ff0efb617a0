import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/example';

const COMMANDS = ['synth', 'check', 'team', 'grant', 'revoke', 'rotate', 'token', 'can-i', 'who-can', 'access-matrix', 'access-diff', 'verify', 'drift', 'gpu-audit', 'usage', 'tokens', 'sandbox', 'completion'];

describe('coreweave-rbac COMMAND', () => {
  it('--help lists every command, exit 0; every npm script is one of them', () => {
    const r = runCli(ROOT, '--help');
    expect(r.status).toBe(0);
    const listed = r.stdout.split('commands:\n')[1]?.split('\n\n')[0]?.split('\n').map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(COMMANDS);
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [name, script] of Object.entries(scripts)) if (script.includes('lib/cli/index.ts')) expect(script).toBe(`node bin/run.js lib/cli/index.ts ${name}`);
  });

  it.each(COMMANDS)('%s --help prints its usage to stdout, exit 0', (command) => {
    const r = runCli(ROOT, command, ['--help']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/usage: /);
    expect(r.status).toBe(0);
  });

  it('an unknown command gets "did you mean" and the list, exit 2', () => {
    const r = runCli(ROOT, 'revok', ['research', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^coreweave-rbac: unknown command "revok", did you mean "revoke"\?\n\nusage: coreweave-rbac COMMAND/);
  });

  it('an unknown flag gets "did you mean", exit 2', () => {
    expect(runCli(ROOT, 'can-i', ['get', 'pods', '--namspace', 'research', '--as', 'x'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^can-i: unknown flag --namspace, did you mean --namespace\?\nusage: /) });
    expect(runCli(ROOT, 'synth', ['--fiel', 'x.yaml'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^synth: unknown flag --fiel, did you mean --file\?\n/) });
  });
});

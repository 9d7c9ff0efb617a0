import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/example';

describe('coreweave-rbac completion', () => {
  let bash: string;
  beforeAll(() => {
    const r = runCli(ROOT, 'completion', ['bash']);
    expect(r.status).toBe(0);
    bash = join(mkdtempSync(join(tmpdir(), 'cw-rbac-completion-')), 'coreweave-rbac.bash');
    writeFileSync(bash, r.stdout);
  });

  /** What bash completes for the words typed so far (the last one being completed). */
  const complete = (...typed: string[]): string[] => {
    const words = ['coreweave-rbac', ...typed].map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['-c', `source ${bash}; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _coreweave_rbac; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it('completes commands, actions and the flags each command parses', () => {
    expect(complete('rev')).toEqual(['revoke']);
    expect(complete('to')).toEqual(['token', 'tokens']);
    expect(complete('sandbox', '')).toEqual(expect.arrayContaining(['up', 'apply', 'down', 'build', '--dir', '--port']));
    expect(complete('can-i', 'get', 'pods', '--as-')).toEqual(['--as-group']);
    expect(complete('who-can', 'get', 'secrets', '--all')).toEqual(['--all-namespaces']);
  });

  /** command → its flags, as the bash script lists them. */
  const bashFlags = (): Map<string, string[]> =>
    new Map([...readFileSync(bash, 'utf8').matchAll(/^ {4}([\w-]+)\) words='([^']*)'/gm)].map((m) => [m[1] as string, (m[2] as string).split(' ').filter(Boolean)]));

  it("lists every command with the flags its own parser takes", () => {
    const flags = bashFlags();
    expect([...flags.keys()]).toEqual(['synth', 'check', 'team', 'grant', 'revoke', 'rotate', 'token', 'can-i', 'who-can', 'access-matrix', 'access-diff', 'verify', 'drift', 'gpu-audit', 'usage', 'tokens', 'sandbox', 'completion']);
    for (const [name, list] of flags) expect(list, name).toContain('--help');
    expect(flags.get('can-i')).toEqual(expect.arrayContaining(['--namespace', '-n', '--as', '--as-group', '--list', '--explain']));
    expect(flags.get('token')).toEqual(expect.arrayContaining(['--tier', '--role', '--user', '--service-account', '--rotated-at']));
    // the lists come from the parsers: a flag a parser does not take is not listed
    expect(flags.get('who-can')).not.toContain('--as');
  });

  it('zsh: the same commands and flags', () => {
    const r = runCli(ROOT, 'completion', ['zsh']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#compdef coreweave-rbac\n/);
    for (const [name, list] of bashFlags()) {
      expect(r.stdout).toContain(`    '${name}:`);
      expect(r.stdout).toContain(`    ${name}) flags=(${list.map((f) => `'${f}'`).join(' ')});`);
    }
  });

  it('a shell it does not know is a usage error', () => {
    expect(runCli(ROOT, 'completion', ['fish'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^completion: expected bash or zsh, got "fish"\n/) });
  });
});

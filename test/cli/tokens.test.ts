import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokens } from '../../lib/cli/tokens';

const dir = mkdtempSync(join(tmpdir(), 'tokens-'));
const file = join(dir, 'teams.yaml');
writeFileSync(
  file,
  `cluster: { name: lab, admins: [platform] }
teams:
  - name: research
    quota: { gpu: 8 }
    tokens:
      - { name: pipeline, tier: mlEngineer, serviceAccount: pipeline, rotatedAt: 2026-09-08 }
      - { name: fresh, tier: viewer, user: cw-token-1, rotatedAt: 2026-11-01 }
  - name: serving
    quota: { gpu: 8 }
    tokens:
      - { name: ci-deployer, tier: inferenceOperator, user: cw-token-7f3a, rotatedAt: 2026-08-24 }
      - { name: edge, tier: viewer, user: cw-token-2, rotatedAt: 2026-08-25 }
`,
);

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = tokens(['--file', file, '--now', '2026-11-23', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('npm run tokens', () => {
  it('prints every token with its tier, age, rotation date and status', () => {
    const { code, stdout } = run([]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'TEAM       TOKEN         TIER                SUBJECT                            ROTATED      AGE   ROTATE BY    STATUS',
        'research   fresh         viewer              User cw-token-1                    2026-11-01   22d   2027-01-30   ok',
        'research   pipeline      mlEngineer          ServiceAccount research/pipeline   2026-09-08   76d   2026-12-07   due in 14 days',
        'serving    ci-deployer   inferenceOperator   User cw-token-7f3a                 2026-08-24   91d   2026-11-22   overdue by 1 day',
        'serving    edge          viewer              User cw-token-2                    2026-08-25   90d   2026-11-23   due today',
        '',
      ].join('\n'),
    );
  });

  it('--format json', () => {
    const rows = JSON.parse(run(['--format', 'json', '--team', 'serving']).stdout);
    expect(rows).toEqual([
      { team: 'serving', namespace: 'serving', token: 'ci-deployer', tier: 'inferenceOperator', role: null, subject: { kind: 'User', name: 'cw-token-7f3a' }, rotatedAt: '2026-08-24', ageDays: 91, rotateBy: '2026-11-22', daysLeft: -1, status: 'overdue' },
      { team: 'serving', namespace: 'serving', token: 'edge', tier: 'viewer', role: null, subject: { kind: 'User', name: 'cw-token-2' }, rotatedAt: '2026-08-25', ageDays: 90, rotateBy: '2026-11-23', daysLeft: 0, status: 'due' },
    ]);
  });

  it('--strict fails on an overdue token, and only then', () => {
    const overdue = run(['--strict']);
    expect(overdue.code).toBe(1);
    expect(overdue.stderr).toBe('tokens: 1 overdue token: serving/ci-deployer\n');
    expect(run(['--strict', '--team', 'research']).code).toBe(0);
    expect(run(['--strict', '--now', '2026-11-22']).code).toBe(0);
  });

  it.each([
    [['--format', 'yaml'], 'tokens: --format must be one of table, json, got "yaml"\n'],
    [['--team', 'nope'], 'tokens: unknown team "nope", expected one of research, serving\n'],
  ])('%j is a usage error', (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr.split('usage:')[0]).toBe(message);
  });
});

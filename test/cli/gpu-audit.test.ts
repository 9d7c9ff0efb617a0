import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gpuAudit } from '../../lib/cli/gpu-audit';
import { auditEvent, deployment, job, pod, scale } from '../audit/audit-events';
import { writeAuditDist } from '../audit/teams-fixture';

const dir = mkdtempSync(join(tmpdir(), 'gpu-audit-'));
const dist = join(dir, 'dist');
writeAuditDist(dist);

const ALICE = { user: 'alice@example.com', groups: ['oidc:research-ml'] };
const ONCALL = { user: 'sam@example.com', groups: ['oidc:serving-oncall'] };
const JOB_CONTROLLER = { user: 'system:serviceaccount:kube-system:job-controller', groups: ['system:serviceaccounts'] };
const QUOTA = 'pods "sweep-1" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=16, limited: requests.nvidia.com/gpu=16';

const LOG = [
  JSON.stringify(auditEvent({ verb: 'create', ...ALICE, resource: 'jobs', apiGroup: 'batch', namespace: 'research', code: 201, responseObject: job('sweep', 'research', 2, 8), at: '2026-11-20T09:00:00.000000Z' })),
  JSON.stringify(auditEvent({ verb: 'create', ...JOB_CONTROLLER, resource: 'pods', namespace: 'research', code: 201, responseObject: pod('sweep-0', 'research', [8], { kind: 'Job', name: 'sweep' }), at: '2026-11-20T09:00:01.000000Z' })),
  'this is not JSON',
  JSON.stringify(auditEvent({ verb: 'create', ...JOB_CONTROLLER, resource: 'pods', namespace: 'research', code: 403, message: QUOTA, requestObject: pod('sweep-1', 'research', [8], { kind: 'Job', name: 'sweep' }), at: '2026-11-20T09:00:02.000000Z' })),
  '',
  JSON.stringify(auditEvent({ verb: 'create', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', code: 201, responseObject: deployment('llama', 'inference', 2, 1), at: '2026-11-21T08:00:00.000000Z' })),
  '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata"}',
  JSON.stringify(auditEvent({ verb: 'patch', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', name: 'llama', subresource: 'scale', code: 200, responseObject: scale('llama', 'inference', 4), at: '2026-11-22T08:00:00.000000Z' })),
  '{"kind":"Event","verb":"create","stage":"ResponseComplete","objectRef":{"resource":"pods"',
].join('\n');
const logFile = join(dir, 'audit.log');
writeFileSync(logFile, `${LOG}\n`);

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await gpuAudit(['--dist', dist, ...args], { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}
const records = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('npm run gpu-audit', () => {
  it('writes a record per GPU event, reports malformed lines with their numbers and goes on', async () => {
    const { code, stdout, stderr } = await run([logFile]);
    expect(records(stdout).map((r) => [r.timestamp, r.team, r.tier, r.action, r.resource, r.gpuCount, r.result])).toEqual([
      ['2026-11-20T09:00:00.000000Z', 'research', 'mlEngineer', 'gpu_request', 'jobs.batch/sweep', 16, 'allowed'],
      ['2026-11-20T09:00:02.000000Z', 'research', null, 'gpu_request', 'pods/sweep-1', 8, 'denied'],
      ['2026-11-21T08:00:00.000000Z', 'serving', 'inferenceOperator', 'deploy', 'deployments.apps/llama', 2, 'allowed'],
      ['2026-11-22T08:00:00.000000Z', 'serving', 'inferenceOperator', 'scale', 'deployments.apps/llama', 4, 'allowed'],
    ]);
    expect(Object.keys(records(stdout)[0])).toEqual(['timestamp', 'cluster', 'user', 'groups', 'team', 'tier', 'namespace', 'action', 'resource', 'gpuCount', 'result', 'reason']);
    expect(records(stdout)[0].cluster).toBe('ord1-test');
    expect(stderr).toBe(
      [
        `gpu-audit: ${logFile}:3: malformed line skipped: expected a JSON audit event, got "this is not JSON"`,
        `gpu-audit: ${logFile}:7: malformed line skipped: expected an audit.k8s.io/v1 Event with "verb" and "stage", got keys kind, apiVersion, level`,
        `gpu-audit: ${logFile}:9: malformed line skipped: expected a JSON audit event, got "{\\"kind\\":\\"Event\\",\\"verb\\":\\"create\\",\\"stage\\":\\"ResponseComplete\\",\\"…" (cut short?)`,
        'gpu-audit: 3 malformed lines skipped',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('reads stdin, and filters by --team, --denied and --since', async () => {
    const clean = LOG.split('\n').filter((l) => l.startsWith('{"kind":"Event","apiVersion"') && l.includes('"verb"')).join('\n');
    expect(records((await run(['--team', 'serving'], clean)).stdout).map((r) => r.action)).toEqual(['deploy', 'scale']);
    expect(records((await run(['--denied', '-'], clean)).stdout).map((r) => r.reason)).toEqual([QUOTA.slice(QUOTA.indexOf('exceeded quota'))]);
    expect(records((await run(['--since', '2026-11-21'], clean)).stdout).map((r) => r.timestamp)).toEqual(['2026-11-21T08:00:00.000000Z', '2026-11-22T08:00:00.000000Z']);
    expect(records((await run(['--since', '2026-11-21T09:00:00Z'], clean)).stdout).map((r) => r.action)).toEqual(['scale']);
    expect((await run([], clean)).code).toBe(0);
  });

  it('--summary: GPUs requested, allowed and denied per team', async () => {
    const { stdout } = await run([logFile, '--summary']);
    expect(stdout).toBe(
      [
        'TEAM       EVENTS   GPUS REQUESTED   ALLOWED   DENIED',
        'research   2        24               16        8',
        'serving    2        6                6         0',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await run([logFile, '--summary', '--format', 'json'])).stdout)).toEqual([
      { team: 'research', events: 2, requested: 24, allowed: 16, denied: 8 },
      { team: 'serving', events: 2, requested: 6, allowed: 6, denied: 0 },
    ]);
  });

  it.each([
    [['--team', 'nope'], 2, 'gpu-audit: unknown team "nope", expected one of research, serving\n'],
    [['--since', 'yesterday'], 2, 'gpu-audit: --since must be a date YYYY-MM-DD or a time such as 2026-11-23T08:00:00Z, got "yesterday"\n'],
    [['--format', 'json'], 2, 'gpu-audit: --format applies to --summary (records are always JSON lines), expected --summary\n'],
    [['missing.log'], 1, 'gpu-audit: cannot read "missing.log": no such file\n'],
  ])('%j fails with exit %i', async (args, code, message) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.stderr.split('usage:')[0]).toBe(message);
    expect(result.stdout).toBe('');
  });

  it('without dist/ says how to make it', async () => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    const code = await gpuAudit(['--dist', join(dir, 'nope')], { stdin: Readable.from(['']), stdout: new PassThrough(), stderr });
    expect(code).toBe(1);
    expect(err).toBe(`gpu-audit: cannot read ${join(dir, 'nope')}/ (the generated manifests that name each team and tier), expected a directory: run \`npx cdk8s synth\` or pass --dist\n`);
  });
});

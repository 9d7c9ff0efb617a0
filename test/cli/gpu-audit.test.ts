import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gpuAudit } from '../../lib/cli/gpu-audit';
import { auditEvent, deployment, job, pod, scale } from '../audit/audit-events';
import { writeAuditDist } from '../audit/teams-fixture';
import { ROOT } from '../helpers/example';

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

async function run(args: string[], stdin: string | Buffer = ''): Promise<{ code: number; stdout: string; stderr: string }> {
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
const brief = (r: { timestamp: string; team: string; action: string; gpuCount: number; result: string }) => [r.timestamp, r.team, r.action, r.gpuCount, r.result];

// the events of LOG that make records, each on its own line
const [JOB_LINE, , , DENIED_LINE, , DEPLOY_LINE, , SCALE_LINE] = LOG.split('\n');
const LOG_RECORDS = [
  ['2026-11-20T09:00:00.000000Z', 'research', 'gpu_request', 16, 'allowed'],
  ['2026-11-20T09:00:02.000000Z', 'research', 'gpu_request', 8, 'denied'],
  ['2026-11-21T08:00:00.000000Z', 'serving', 'deploy', 2, 'allowed'],
  ['2026-11-22T08:00:00.000000Z', 'serving', 'scale', 4, 'allowed'],
];
const write = (name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

/** What gpu-audit says about the three malformed lines of LOG, read from `file`. */
function malformedReport(file: string): string {
  return [
    `gpu-audit: ${file}:3: malformed line skipped: expected a JSON audit event, got "this is not JSON"`,
    `gpu-audit: ${file}:7: malformed line skipped: expected an audit.k8s.io/v1 Event with "verb" and "stage", got keys kind, apiVersion, level`,
    `gpu-audit: ${file}:9: malformed line skipped: expected a JSON audit event, got "{\\"kind\\":\\"Event\\",\\"verb\\":\\"create\\",\\"stage\\":\\"ResponseComplete\\",\\"…" (cut short?)`,
    'gpu-audit: 3 malformed lines skipped',
    '',
  ].join('\n');
}

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
    expect(stderr).toBe(malformedReport(logFile));
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
    [['--format', 'yaml'], 2, 'gpu-audit: --format must be one of table, json, got "yaml"\n'],
    [['--summary', '-o', 'csv'], 2, 'gpu-audit: --format must be one of table, json, got "csv"\n'],
    [['missing.log'], 1, 'gpu-audit: cannot read "missing.log": no such file\n'],
    [[tmpdir()], 1, `gpu-audit: cannot read ${JSON.stringify(tmpdir())}: a directory, expected audit log files\n`],
  ])('%j fails with exit %i', async (args, code, message) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.stderr.split('usage:')[0]).toBe(message);
    expect(result.stdout).toBe('');
  });

  it('a usage error prints the usage line after the message', async () => {
    expect((await run(['--format', 'yaml'])).stderr).toBe(
      'gpu-audit: --format must be one of table, json, got "yaml"\nusage: coreweave-rbac gpu-audit [FILE...|-] [flags]\n',
    );
  });

  it('without dist/ says how to make it', async () => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    const code = await gpuAudit(['--dist', join(dir, 'nope')], { stdin: Readable.from(['']), stdout: new PassThrough(), stderr });
    expect(code).toBe(1);
    expect(err).toBe(`gpu-audit: cannot read ${join(dir, 'nope')}/ (the generated manifests that name each team and tier), expected a directory: run \`npx cdk8s synth\` or pass --dist\n`);
  });

  describe('gzip', () => {
    it('reads a .gz file as it reads the plain one: same records, malformed lines by their line in the decompressed log', async () => {
      const gz = write('audit-2026-11-22T08-00-00.000.log.gz', gzipSync(`${LOG}\n`));
      const { code, stdout, stderr } = await run([gz]);
      expect(records(stdout).map(brief)).toEqual(LOG_RECORDS);
      expect(stdout).toBe((await run([logFile])).stdout);
      expect(stderr).toBe(malformedReport(gz));
      expect(code).toBe(1);
    });

    it('tells gzip by its magic bytes, not by the name', async () => {
      const rotated = write('audit-2026-11-21T08-00-00.000.log', gzipSync(`${JOB_LINE}\n${DENIED_LINE}\n`));
      const { code, stdout, stderr } = await run([rotated]);
      expect(records(stdout).map(brief)).toEqual(LOG_RECORDS.slice(0, 2));
      expect([code, stderr]).toEqual([0, '']);
      // and a .gz name on plain text is read as plain text
      const misnamed = write('plain.log.gz', `${DEPLOY_LINE}\n`);
      expect(records((await run([misnamed])).stdout).map(brief)).toEqual([LOG_RECORDS[2]]);
    });

    it('reads gzip on stdin, with "-" or no FILE', async () => {
      const gz = gzipSync(`${JOB_LINE}\n${DENIED_LINE}\n${DEPLOY_LINE}\n${SCALE_LINE}\n`);
      for (const args of [['-'], []]) {
        const { code, stdout, stderr } = await run(args, gz);
        expect(records(stdout).map(brief)).toEqual(LOG_RECORDS);
        expect([code, stderr]).toEqual([0, '']);
      }
      // a log of one byte is too short to be gzip, and an empty one has no records
      expect(await run([], '\n')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await run([], Buffer.alloc(0))).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('a corrupt gzip: one line naming the file and zlib\'s reason, exit 1, the records before the damage printed', async () => {
      // a whole first member, then a second one cut short, as a copy interrupted mid-file leaves it
      const truncated = write('truncated.log.gz', Buffer.concat([gzipSync(`${JOB_LINE}\n${DENIED_LINE}\n`), gzipSync(`${DEPLOY_LINE}\n${SCALE_LINE}\n`).subarray(0, 30)]));
      const { code, stdout, stderr } = await run([truncated]);
      expect(records(stdout).map(brief)).toEqual(LOG_RECORDS.slice(0, 2));
      expect(stderr).toBe(`gpu-audit: ${truncated}: not a valid gzip stream: unexpected end of file\n`);
      expect(code).toBe(1);

      const onStdin = await run([], Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip after all\n')]));
      expect(onStdin).toEqual({ code: 1, stdout: '', stderr: 'gpu-audit: <stdin>: not a valid gzip stream: unknown compression method\n' });
    });

    it('mixes plain and gzip files in one run, in order, and goes on past a corrupt one', async () => {
      const plain = write('day1.log', `${JOB_LINE}\n${DENIED_LINE}\n`);
      const gz = write('day2.log.gz', gzipSync(`${DEPLOY_LINE}\n`));
      const nameless = write('day3', gzipSync(`${SCALE_LINE}\n`));
      const corrupt = write('broken.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip after all\n')]));
      expect(records((await run([plain, gz, nameless])).stdout).map(brief)).toEqual(LOG_RECORDS);
      // in the order given: a scale read before its Deployment's create has no GPUs per pod to count
      expect(records((await run([nameless, plain, gz])).stdout).map(brief)).toEqual([['2026-11-22T08:00:00.000000Z', 'serving', 'scale', null, 'allowed'], ...LOG_RECORDS.slice(0, 3)]);

      const { code, stdout, stderr } = await run([plain, corrupt, gz, '--summary']);
      expect(stdout).toBe(['TEAM       EVENTS   GPUS REQUESTED   ALLOWED   DENIED', 'research   2        24               16        8', 'serving    1        2                2         0', ''].join('\n'));
      expect(stderr).toBe(`gpu-audit: ${corrupt}: not a valid gzip stream: unknown compression method\n`);
      expect(code).toBe(1);
    });
  });

  describe('--format', () => {
    const RBAC_DENIAL = 'pods is forbidden: User "mallory@example.com" cannot create resource "pods" in API group "" in the namespace "research"';
    const SMALL_LOG = [
      JOB_LINE,
      DENIED_LINE,
      // no body to count GPUs in, and an authorizer's refusal
      JSON.stringify(auditEvent({ verb: 'create', user: 'mallory@example.com', resource: 'pods', namespace: 'research', code: 403, message: RBAC_DENIAL, at: '2026-11-20T09:30:00.000000Z' })),
      // a namespace of no team
      JSON.stringify(auditEvent({ verb: 'create', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'default', code: 201, responseObject: deployment('x', 'default', 1, 1), at: '2026-11-21T08:00:00.000000Z' })),
    ].join('\n');

    it('table: one aligned row per record under a header, "-" for null, REASON cut to 80 characters', async () => {
      const { code, stdout, stderr } = await run(['--format', 'table'], SMALL_LOG);
      expect(stdout).toBe(
        [
          'TIME                          TEAM       TIER         USER                                               ACTION        RESOURCE             GPUS   RESULT    REASON',
          '2026-11-20T09:00:00.000000Z   research   mlEngineer   alice@example.com                                  gpu_request   jobs.batch/sweep     16     allowed   -',
          '2026-11-20T09:00:02.000000Z   research   -            system:serviceaccount:kube-system:job-controller   gpu_request   pods/sweep-1         8      denied    exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: request…',
          '2026-11-20T09:30:00.000000Z   research   -            mallory@example.com                                gpu_request   pods                 -      denied    User "mallory@example.com" cannot create resource "pods" in API group "" in the…',
          '2026-11-21T08:00:00.000000Z   -          -            sam@example.com                                    deploy        deployments.apps/x   1      allowed   -',
          '',
        ].join('\n'),
      );
      expect(stdout.split('\n').map((line) => line.slice(line.lastIndexOf('   ') + 3).length)).toEqual([6, 1, 80, 80, 1, 0]);
      expect([code, stderr]).toEqual([0, '']);
      expect((await run(['-o', 'table'], gzipSync(SMALL_LOG))).stdout).toBe(stdout);
      expect((await run(['--format', 'table'], '')).stdout).toBe('TIME   TEAM   TIER   USER   ACTION   RESOURCE   GPUS   RESULT   REASON\n');
    });

    it('json: the default, one JSON line per record', async () => {
      const json = await run(['--format', 'json'], SMALL_LOG);
      expect(json).toEqual(await run([], SMALL_LOG));
      expect(records(json.stdout).map((r) => [r.team, r.gpuCount, r.reason])).toEqual([
        ['research', 16, null],
        ['research', 8, QUOTA.slice(QUOTA.indexOf('exceeded quota'))],
        ['research', null, RBAC_DENIAL.slice(RBAC_DENIAL.indexOf('User'))],
        [null, 1, null],
      ]);
    });

    it('with --summary: table (the default) and json give the same numbers', async () => {
      const table = await run(['--summary'], SMALL_LOG);
      expect(table.stdout).toBe(['TEAM        EVENTS   GPUS REQUESTED   ALLOWED   DENIED', 'research    3        24               16        8', '(no team)   1        1                1         0', ''].join('\n'));
      expect((await run(['--summary', '--format', 'table'], SMALL_LOG)).stdout).toBe(table.stdout);
      const json = await run(['--summary', '--format', 'json'], SMALL_LOG);
      expect(json.stdout).toBe(
        [
          '[',
          '  {',
          '    "team": "research",',
          '    "events": 3,',
          '    "requested": 24,',
          '    "allowed": 16,',
          '    "denied": 8',
          '  },',
          '  {',
          '    "team": null,',
          '    "events": 1,',
          '    "requested": 1,',
          '    "allowed": 1,',
          '    "denied": 0',
          '  }',
          ']',
          '',
        ].join('\n'),
      );
      expect([json.code, json.stderr]).toEqual([0, '']);
    });

    it('table: the first 1000 rows size the columns and print before the log ends; later rows print as they come', async () => {
      const stdin = new PassThrough();
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (d) => (out += d));
      const done = gpuAudit(['--dist', dist, '--format', 'table'], { stdin, stdout, stderr: new PassThrough() });
      const deploy = (user: string) => JSON.stringify(auditEvent({ verb: 'create', user, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', code: 201, responseObject: deployment('llama', 'inference', 2, 1), at: '2026-11-21T08:00:00.000000Z' }));
      for (let i = 0; i < 999; i += 1) stdin.write(`${deploy(ONCALL.user)}\n`);
      stdin.write(`${deploy('x')}\n`);
      await once(stdout, 'data');
      const first = out.split('\n');
      expect(first.length).toBe(1002); // header, 1000 rows, and the empty string after the last newline
      expect(first[0]).toBe('TIME                          TEAM      TIER   USER              ACTION   RESOURCE                 GPUS   RESULT    REASON');
      expect(first[1000]).toBe('2026-11-21T08:00:00.000000Z   serving   -      x                 deploy   deployments.apps/llama   2      allowed   -');

      stdin.end(`${deploy('a-much-longer-name@example.com')}\n`);
      expect(await done).toBe(0);
      expect(out.split('\n').slice(1001)).toEqual(['2026-11-21T08:00:00.000000Z   serving   -      a-much-longer-name@example.com   deploy   deployments.apps/llama   2      allowed   -', '']);
    });
  });
});

describe('gpu-audit … | head', () => {
  it('ends quietly with exit 0 when the reader of stdout closes it early', async () => {
    const big = join(dir, 'big.log');
    const line = JSON.stringify(auditEvent({ verb: 'create', ...ALICE, resource: 'pods', namespace: 'research', code: 201, responseObject: pod('train', 'research', [8]), at: '2026-11-20T09:00:00.000000Z' }));
    writeFileSync(big, `${line}\n`.repeat(20_000));
    const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'lib/cli/index.ts'), 'gpu-audit', '--dist', dist, '-o', 'json', big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // like `head -1`: take the first chunk, then close the pipe while thousands of records are still to come
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(first.toString().split('\n')[0]).toContain('"action":"gpu_request"');
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

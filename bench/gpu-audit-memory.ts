// `node -r tsx/cjs bench/gpu-audit-memory.ts [BYTES]` (part of `npm run bench`): stream a generated API-server audit log (1 GiB unless
// BYTES says otherwise) through gpu-audit's reader and print one line: size, events, records, time and peak RSS.
// The log is generated as it is read, never stored, so the RSS is gpu-audit's own. Then the same log is written
// to a temporary file and read from there by gpu-audit's reader (three times: the median counts) and by jq with an
// equivalent filter: one line each, and one comparing them against the target.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, Hash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { BufferedOutput } from '../lib/cli/buffered-output';
import { SubjectTiers } from '../lib/access/subject-tiers';
import type { AuditLogFile } from '../lib/audit/audit-log-file';
import { openAuditLog, streamGpuAudit } from '../lib/audit/gpu-audit-stream';
import { GpuEventClassifier } from '../lib/audit/gpu-event';
import { JQ_GPU_POD_FILTER, jqLookups, LogSubject } from './jq-gpu-filter';
import { median } from './measure';

const TARGET_MIB_PER_S = 300;
const FILE_READS = 3;
const JQ = '/usr/bin/jq';

const TEAMS = ['research', 'inference', 'finetune', 'data'];
const GROUPS = ['oidc:research-ml', 'oidc:serving-oncall', 'oidc:finetune-ml', 'oidc:data-eng'];

function podJson(name: string, namespace: string, gpus: number): string {
  return `{"kind":"Pod","apiVersion":"v1","metadata":{"name":"${name}","namespace":"${namespace}"},"spec":{"containers":[{"name":"main","image":"nvcr.io/nvidia/pytorch:24.08-py3","resources":{"limits":{"nvidia.com/gpu":"${gpus}"},"requests":{"cpu":"8","memory":"64Gi","nvidia.com/gpu":"${gpus}"}}}]}}`;
}

/** One audit line: mostly reads and noise, as in a real log, with GPU pod creations and quota rejections among them. */
function line(i: number): string {
  const t = i % TEAMS.length;
  const ns = TEAMS[t];
  const at = new Date(Date.UTC(2026, 10, 1) + i * 10).toISOString().replace('Z', '000Z');
  const head = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"8c3d0f2e-0000-4000-8000-${String(i).padStart(12, '0')}","stage":"ResponseComplete"`;
  const user = `"user":{"username":"user${i % 97}@example.com","groups":["${GROUPS[t]}","system:authenticated"]},"sourceIPs":["10.0.12.7"],"userAgent":"kubectl/v1.31.2"`;
  const times = `"requestReceivedTimestamp":"${at}","stageTimestamp":"${at}"`;
  switch (i % 10) {
    case 0: {
      const name = `train-${i}`;
      return `${head},"level":"RequestResponse","requestURI":"/api/v1/namespaces/${ns}/pods","verb":"create",${user},"objectRef":{"resource":"pods","namespace":"${ns}","name":"${name}","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestObject":${podJson(name, ns, 8)},"responseObject":${podJson(name, ns, 8)},${times},"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed"}}`;
    }
    case 5: {
      const name = `train-${i}`;
      return `${head},"level":"RequestResponse","requestURI":"/api/v1/namespaces/${ns}/pods","verb":"create",${user},"objectRef":{"resource":"pods","namespace":"${ns}","name":"${name}","apiVersion":"v1"},"responseStatus":{"metadata":{},"status":"Failure","message":"pods \\"${name}\\" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=128, limited: requests.nvidia.com/gpu=128","reason":"Forbidden","code":403},"requestObject":${podJson(name, ns, 8)},${times},"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`;
    }
    default:
      return `${head},"level":"Metadata","requestURI":"/api/v1/namespaces/${ns}/pods?limit=500","verb":"list",${user},"objectRef":{"resource":"pods","namespace":"${ns}","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},${times},"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`;
  }
}

/** Every subject of the log with the namespace it acts in: user and team cycle with periods 97 and 4. */
function* logSubjects(): Generator<LogSubject> {
  for (let i = 0; i < 97 * TEAMS.length; i++) {
    const t = i % TEAMS.length;
    yield { namespace: TEAMS[t], user: `user${i % 97}@example.com`, groups: [GROUPS[t], 'system:authenticated'] };
  }
}

const CHUNK = 256 * 1024;
/** Room for the line that takes a chunk past CHUNK. */
const LONGEST_LINE = 4096;

/** The log, generated in chunks of bytes of about 256 KiB (as a file or stdin gives bytes) as the reader pulls. */
function generatedLog(bytes: number, counter: { lines: number; bytes: number }): Readable {
  return Readable.from(
    (function* () {
      while (counter.bytes < bytes) {
        const chunk = Buffer.allocUnsafe(CHUNK + LONGEST_LINE);
        let length = 0;
        // written line by line: one Buffer.from of a long concatenated string is several times slower
        while (length < CHUNK && counter.bytes + length < bytes) {
          const text = `${line(counter.lines++)}\n`;
          if (text.length > LONGEST_LINE) throw new Error(`a generated line of ${text.length} bytes, expected at most ${LONGEST_LINE}`);
          length += chunk.write(text, length, 'latin1');
        }
        counter.bytes += length;
        yield chunk.subarray(0, length);
      }
    })(),
  );
}

/**
 * Records go to a real stream with backpressure through the CLI's own BufferedOutput, as gpu-audit writes them to
 * stdout: in pieces of 64 KiB, the writes that come while one is under way handed on together, as a pipe does.
 * With `hash`, into a hash too, to compare with jq's.
 */
class RecordSink {
  records = 0;
  private readonly output = new BufferedOutput(
    new Writable({
      highWaterMark: 64 * 1024,
      decodeStrings: false,
      write: (_chunk, _enc, done) => setImmediate(done),
      writev: (_chunks, done) => setImmediate(done),
    }),
  );

  constructor(private readonly hash?: Hash) {}

  readonly write = (text: string): Promise<void> | undefined => {
    this.records += 1;
    this.hash?.update(text);
    return this.output.write(text);
  };

  readonly end = (): Promise<void> | undefined => this.output.flush();
}

interface Read {
  readonly seconds: number;
  readonly records: number;
}

async function readWithGpuAudit(input: Readable | AuditLogFile, classifier: GpuEventClassifier, hash?: Hash): Promise<Read> {
  const sink = new RecordSink(hash);
  const started = process.hrtime.bigint();
  await streamGpuAudit(input, classifier, {}, (record) => sink.write(`${JSON.stringify(record)}\n`), () => undefined);
  await sink.end();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, records: sink.records };
}

async function readWithJq(file: string, args: readonly string[], hash: Hash): Promise<Read> {
  let records = 0;
  const started = process.hrtime.bigint();
  const jq = spawn(JQ, ['-c', ...args, JQ_GPU_POD_FILTER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  jq.stdout.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) records += 1;
  });
  const [code] = (await once(jq, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${JQ} exited with ${code}, expected 0`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, records };
}

async function main(): Promise<void> {
  const bytes = Number(process.argv[2] ?? 2 ** 30);
  const tiers = SubjectTiers.fromDist('dist');
  const cluster = tiers.clusterName ?? null;
  const classifier = (): GpuEventClassifier => new GpuEventClassifier({ cluster, teamOf: (ns) => tiers.teamOf(ns), tierOf: (s, ns) => tiers.tierOf(s, ns) });
  const counter = { lines: 0, bytes: 0 };
  const baseline = process.memoryUsage().rss;
  // hashed here rather than in the timed read of the file: the same log gives the same records
  const ourHash = createHash('sha1');
  const streamed = await readWithGpuAudit(generatedLog(bytes, counter), classifier(), ourHash);
  const mb = counter.bytes / 2 ** 20;
  const rate = (read: Read): number => mb / read.seconds;
  const peakMb = (): number => process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `gpu-audit: ${mb.toFixed(0)} MiB of audit log generated as it is read, ${counter.lines} events, ${streamed.records} records in ${streamed.seconds.toFixed(1)} s ` +
      `(${rate(streamed).toFixed(0)} MiB/s, generating included); peak RSS ${peakMb().toFixed(0)} MiB (${(baseline / 2 ** 20).toFixed(0)} MiB before reading)\n`,
  );

  const dir = mkdtempSync(join(os.tmpdir(), 'gpu-audit-bench-'));
  try {
    const file = join(dir, 'audit.log');
    await pipeline(generatedLog(bytes, { lines: 0, bytes: 0 }), createWriteStream(file));
    // the median of three reads: one read of a few seconds takes whatever the shared machine gives at that moment
    const reads: Read[] = [];
    for (let i = 0; i < FILE_READS; i++) reads.push(await readWithGpuAudit(openAuditLog(file), classifier()));
    const ours: Read = { seconds: median(reads.map((r) => r.seconds)), records: reads[0]?.records ?? 0 };
    const each = reads.map((r) => `${r.seconds.toFixed(1)} s`).join(', ');
    process.stdout.write(
      `gpu-audit, the same log from a file, median of ${FILE_READS} reads (${each}): ${ours.records} records in ${ours.seconds.toFixed(1)} s (${rate(ours).toFixed(0)} MiB/s); peak RSS ${peakMb().toFixed(0)} MiB, the whole run's\n`,
    );
    const lookups = jqLookups(tiers, logSubjects());
    const jqHash = createHash('sha1');
    const jq = await readWithJq(file, ['--argjson', 'cluster', JSON.stringify(cluster), '--argjson', 'teams', JSON.stringify(lookups.teams), '--argjson', 'tiers', JSON.stringify(lookups.tiers)], jqHash);
    const same = jq.records === streamed.records && jqHash.digest('hex') === ourHash.digest('hex');
    const version = execFileSync(JQ, ['--version'], { encoding: 'utf8' }).trim();
    process.stdout.write(`${version} (${JQ}), the same file, equivalent filter: ${jq.records} records in ${jq.seconds.toFixed(1)} s (${rate(jq).toFixed(0)} MiB/s); its output ${same ? 'is byte for byte ours' : 'DIFFERS from ours'}\n`);
    const met = rate(ours) >= TARGET_MIB_PER_S;
    process.stdout.write(`gpu-audit reads the file ${(rate(ours) / rate(jq)).toFixed(1)}× as fast as jq; target ≥ ${TARGET_MIB_PER_S} MiB/s from the file: ${rate(ours).toFixed(0)} MiB/s, ${met ? 'met' : 'missed'}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

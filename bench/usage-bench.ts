// `node -r tsx/cjs bench/usage-bench.ts [BYTES]` (or `usageBench(bytes)`): write a generated API-server audit log (1 GiB unless BYTES says
// otherwise) to a temporary file, then read that file as the commands do (`usage LOG`, `gpu-audit LOG`) through
// `usage`'s reader and through gpu-audit's; print one line each with MiB/s and peak RSS. Each runs in a child
// process of its own, so that each peak RSS is that reader's. The log is what a cluster with cluster.audit.usage
// writes (mostly Metadata-level reads, with the authorizer's reason naming the binding), for 200 generated teams
// (bench/generate.ts), 1,600 grants.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { objectsOfTexts } from '../lib/access/dist-objects';
import { RbacModel } from '../lib/access/evaluator';
import { SubjectTiers } from '../lib/access/subject-tiers';
import { openAuditLog, streamGpuAudit } from '../lib/audit/gpu-audit-stream';
import { GpuEventClassifier } from '../lib/audit/gpu-event';
import { parseConfig } from '../lib/config/load';
import { buildPlan } from '../lib/plan/build-plan';
import { synthesize } from '../lib/synth/synthesize';
import { GrantAttribution } from '../lib/usage/attribution';
import { GrantIndex } from '../lib/usage/grants';
import { analyseUsage } from '../lib/usage/usage-analysis';
import { readUsageLog } from '../lib/usage/usage-log-reader';
import { UsageTally } from '../lib/usage/usage-tally';
import { usageWindow } from '../lib/usage/usage-window';
import { generateTeams, teamName } from './generate';

export type Reader = 'usage' | 'gpu-audit';

export interface ReaderRun {
  readonly reader: Reader;
  readonly bytes: number;
  readonly events: number;
  readonly seconds: number;
  readonly mibPerSecond: number;
  /** CPU time (user + system) of the process while it read. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  /** RSS before reading: the org, dist/ and the modules. */
  readonly startRssMiB: number;
  /** usage: grants with requests; gpu-audit: GPU records. */
  readonly found: number;
  /** The heap still used at the end of the reading, what it keeps (after a full GC; needs --expose-gc, else undefined). */
  readonly keptHeapMiB: number | undefined;
}

const TEAMS = 200;
const START = Date.parse('2026-11-20T00:00:00Z');
const STEP_MS = 5;
const CHUNK = 256 * 1024;

/** Read the log file through one reader, in this process. */
export async function benchReader(reader: Reader, file: string, events: number): Promise<ReaderRun> {
  const text = generateTeams(TEAMS);
  const outputs = synthesize(text, { now: new Date('2026-11-23T00:00:00Z') });
  const objects = objectsOfTexts(outputs.dist);
  const bytes = statSync(file).size;
  const log = openAuditLog(file);
  const startRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let found = 0;
  let keptHeapMiB: number | undefined;
  const kept = (): void => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) return;
    gc();
    keptHeapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  };
  if (reader === 'gpu-audit') {
    const tiers = SubjectTiers.fromObjects(objects);
    const classifier = new GpuEventClassifier({ cluster: 'bench', teamOf: (ns) => tiers.teamOf(ns), tierOf: (s, ns) => tiers.tierOf(s, ns) });
    // its records go through a real stream with backpressure, as they do to stdout (bench/gpu-audit-memory.ts)
    const sink = new Writable({ highWaterMark: 64 * 1024, write: (_chunk, _enc, done) => setImmediate(done) });
    await streamGpuAudit(log, classifier, {}, async (record) => {
      found += 1;
      if (!sink.write(`${JSON.stringify(record)}\n`)) await once(sink, 'drain');
    }, () => undefined);
    kept();
  } else {
    const index = new GrantIndex(RbacModel.fromObjects(objects), SubjectTiers.fromObjects(objects));
    const window = usageWindow(new Date(START + 86_400_000), 1);
    const tally = new UsageTally(index, new GrantAttribution(index), window);
    await readUsageLog(log, (event) => tally.add(event), () => undefined);
    kept();
    const analysis = analyseUsage({ index, tally, window, plan: buildPlan(parseConfig(text).config), groupPrefix: 'oidc:' });
    found = analysis.grants.filter((g) => (g.use?.requests ?? 0) > 0).length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const mib = bytes / 2 ** 20;
  return { reader, bytes, events, seconds, mibPerSecond: mib / seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024, startRssMiB: startRss / 2 ** 20, found, keptHeapMiB };
}

/** The log, generated in 256 KiB chunks of bytes as the reader pulls. */
function generatedLog(bytes: number, counter: { lines: number; bytes: number }): Readable {
  return Readable.from(
    (function* () {
      while (counter.bytes < bytes) {
        let chunk = '';
        while (chunk.length < CHUNK && counter.bytes + chunk.length < bytes) chunk += `${line(counter.lines++)}\n`;
        counter.bytes += chunk.length;
        yield Buffer.from(chunk);
      }
    })(),
  );
}

let secondOf = -1;
let secondText = '';

/** `2026-11-20T00:00:01.005000Z`, the seconds formatted once per second of log. */
function timestamp(i: number): string {
  const ms = i * STEP_MS;
  const second = Math.floor(ms / 1000);
  if (second !== secondOf) {
    secondOf = second;
    secondText = new Date(START + second * 1000).toISOString().slice(0, 19);
  }
  return `${secondText}.${String((ms % 1000) * 1000).padStart(6, '0')}Z`;
}

const GROUPS = [
  ['leads', 'team-lead', 'coreweave-rbac-team-lead'],
  ['ml', 'ml-engineer', 'coreweave-rbac-ml-engineer'],
  ['interns', 'ml-engineer', 'coreweave-rbac-ml-engineer'],
  ['serving', 'inference-operator', 'coreweave-rbac-inference-operator'],
  ['observers', 'viewer', 'coreweave-rbac-viewer'],
] as const;
const READS = [
  ['list', 'pods', '', ''],
  ['get', 'pods', '', 'train-0'],
  ['watch', 'pods', '', ''],
  ['get', 'pods', '', 'train-0', 'log'],
  ['list', 'jobs', 'batch', ''],
  ['get', 'deployments', 'apps', 'llm'],
  ['list', 'deployments', 'apps', ''],
] as const;

function podJson(name: string, namespace: string): string {
  return `{"kind":"Pod","apiVersion":"v1","metadata":{"name":"${name}","namespace":"${namespace}"},"spec":{"containers":[{"name":"main","image":"nvcr.io/nvidia/pytorch:24.08-py3","resources":{"limits":{"nvidia.com/gpu":"8"},"requests":{"cpu":"8","memory":"64Gi","nvidia.com/gpu":"8"}}}]}}`;
}

/** One line: 80 % reads, writes with and without bodies, refusals and controllers' requests, spread over the teams. */
export function line(i: number): string {
  const t = Math.floor(i / 7) % TEAMS;
  const ns = teamName(t);
  const at = timestamp(i);
  const id = `8c3d0f2e-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const [suffix, binding, role] = GROUPS[i % GROUPS.length]!;
  const group = `oidc:${ns}-${suffix}`;
  // four people per group of each team, each in one group: 4,000 people
  const person = `{"username":"${ns}-${suffix}-${(i >> 3) % 4}@example.com","groups":["${group}","system:authenticated"]}`;
  const viaGroup = `RBAC: allowed by RoleBinding \\"${binding}/${ns}\\" of ClusterRole \\"${role}\\" to Group \\"${group}\\"`;
  const head = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"`;
  const tail = `"requestReceivedTimestamp":"${at}","stageTimestamp":"${at}","annotations":`;
  const client = `"sourceIPs":["10.0.12.7"],"userAgent":"kubectl/v1.34.4 (linux/amd64) kubernetes/5864a46"`;
  const k = i % 100;
  if (k < 5) {
    const name = `train-${i}`;
    const pod = podJson(name, ns);
    const ml = `{"username":"${ns}-ml-${(i >> 3) % 4}@example.com","groups":["oidc:${ns}-ml","system:authenticated"]}`;
    const reason = `RBAC: allowed by RoleBinding \\"ml-engineer/${ns}\\" of ClusterRole \\"coreweave-rbac-ml-engineer\\" to Group \\"oidc:${ns}-ml\\"`;
    return `${head}RequestResponse","auditID":"${id}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/${ns}/pods?fieldManager=kubectl-create","verb":"create","user":${ml},${client},"objectRef":{"resource":"pods","namespace":"${ns}","name":"${name}","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestObject":${pod},"responseObject":${pod},${tail}{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"${reason}"}}`;
  }
  if (k < 8) {
    const who = `${ns}-observers-${(i >> 3) % 4}@example.com`;
    const observer = `{"username":"${who}","groups":["oidc:${ns}-observers","system:authenticated"]}`;
    return `${head}Metadata","auditID":"${id}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/${ns}/pods","verb":"create","user":${observer},${client},"objectRef":{"resource":"pods","namespace":"${ns}","apiVersion":"v1"},"responseStatus":{"metadata":{},"status":"Failure","message":"pods is forbidden: User \\"${who}\\" cannot create resource \\"pods\\" in API group \\"\\" in the namespace \\"${ns}\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403},${tail}{"authorization.k8s.io/decision":"forbid","authorization.k8s.io/reason":""}}`;
  }
  if (k < 16) {
    const token = `cw-token-${t.toString(16).padStart(5, '0')}`;
    const reason = `RBAC: allowed by RoleBinding \\"token-ci-deployer/${ns}\\" of ClusterRole \\"coreweave-rbac-inference-operator\\" to User \\"${token}\\"`;
    return `${head}Metadata","auditID":"${id}","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/${ns}/deployments/llm/scale","verb":"patch","user":{"username":"${token}","uid":"${token}","groups":["system:authenticated"]},${client},"objectRef":{"resource":"deployments","namespace":"${ns}","name":"llm","apiGroup":"apps","apiVersion":"v1","subresource":"scale"},"responseStatus":{"metadata":{},"code":200},${tail}{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"${reason}"}}`;
  }
  if (k < 20) {
    return `${head}Metadata","auditID":"${id}","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/${ns}/pods/train-${i - 20}/status","verb":"patch","user":{"username":"system:node:gpu-${i % 64}","groups":["system:nodes","system:authenticated"]},"sourceIPs":["10.0.3.${i % 64}"],"userAgent":"kubelet/v1.34.4","objectRef":{"resource":"pods","namespace":"${ns}","name":"train-${i - 20}","apiVersion":"v1","subresource":"status"},"responseStatus":{"metadata":{},"code":200},${tail}{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`;
  }
  const [verb, resource, apiGroup, name, subresource] = READS[i % READS.length]!;
  const ref = `{"resource":"${resource}","namespace":"${ns}"${name ? `,"name":"${name}"` : ''}${apiGroup ? `,"apiGroup":"${apiGroup}"` : ''},"apiVersion":"v1"${subresource ? `,"subresource":"${subresource}"` : ''}}`;
  const uri = `/api${apiGroup ? `s/${apiGroup}` : ''}/v1/namespaces/${ns}/${resource}${name ? `/${name}` : '?limit=500'}`;
  return `${head}Metadata","auditID":"${id}","stage":"ResponseComplete","requestURI":"${uri}","verb":"${verb}","user":${person},${client},"objectRef":${ref},"responseStatus":{"metadata":{},"code":200},${tail}{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"${viaGroup}"}}`;
}

function describe(run: ReaderRun): string {
  const what = run.reader === 'usage' ? `${run.found} grants with requests` : `${run.found} GPU records`;
  const keptHeap = run.keptHeapMiB === undefined ? '' : `, ${run.keptHeapMiB.toFixed(0)} MiB of heap in use at the end`;
  return `${run.reader}: ${(run.bytes / 2 ** 20).toFixed(0)} MiB of audit log, ${run.events} events, ${what}, in ${run.seconds.toFixed(1)} s (${run.mibPerSecond.toFixed(0)} MiB/s; ${run.cpuSeconds.toFixed(1)} s of CPU); peak RSS ${run.peakRssMiB.toFixed(0)} MiB (${run.startRssMiB.toFixed(0)} MiB before reading${keptHeap})`;
}

/** Write `bytes` of generated log to `file`; the number of events. */
async function writeLog(file: string, bytes: number): Promise<number> {
  const counter = { lines: 0, bytes: 0 };
  await pipeline(generatedLog(bytes, counter), createWriteStream(file));
  return counter.lines;
}

/**
 * The benchmark: gpu-audit and usage on a file of `bytes` of log, each in a child process of its own (so that
 * each peak RSS is its own), `rounds` times in turn, keeping each one's fastest run (other work on the machine
 * only ever slows a run down); then usage on an eighth of the log, whose memory should be the same. Returns the
 * runs kept, and a line for each and a comparison.
 */
export async function usageBench(bytes: number = 2 ** 30, rounds = 3): Promise<{ readonly runs: readonly ReaderRun[]; readonly text: string }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'usage-bench-'));
  try {
    const file = join(dir, 'audit.log');
    const smallFile = join(dir, 'audit-small.log');
    const events = await writeLog(file, bytes);
    const smallEvents = await writeLog(smallFile, Math.max(1, Math.floor(bytes / 8)));
    const child = (which: Reader, path: string, n: number): ReaderRun =>
      JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-r', 'tsx/cjs', __filename, '--reader', which, path, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ReaderRun;
    const fastest = new Map<Reader, ReaderRun>();
    for (let round = 0; round < rounds; round++) {
      for (const which of ['gpu-audit', 'usage'] as const) {
        const run = child(which, file, events);
        const kept = fastest.get(which);
        if (kept === undefined || run.seconds < kept.seconds) fastest.set(which, run);
      }
    }
    const [gpu, usage] = (['gpu-audit', 'usage'] as const).map((r) => fastest.get(r)!);
    const small = child('usage', smallFile, smallEvents);
    const runs = [gpu!, usage!, small];
    const lines = runs.map(describe);
    lines.push(
      `usage: ${(usage!.mibPerSecond / gpu!.mibPerSecond).toFixed(2)}× gpu-audit's MiB/s on the same log file (fastest of ${rounds} runs each); ` +
        `peak RSS ${usage!.peakRssMiB.toFixed(0)} MiB at ${(usage!.bytes / 2 ** 20).toFixed(0)} MiB of log, ${small.peakRssMiB.toFixed(0)} MiB at ${(small.bytes / 2 ** 20).toFixed(0)} MiB; ` +
        `heap in use at the end ${usage!.keptHeapMiB?.toFixed(0) ?? '?'} MiB and ${small.keptHeapMiB?.toFixed(0) ?? '?'} MiB`,
    );
    return { runs, text: `${lines.join('\n')}\n` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const [first, reader, file, events] = process.argv.slice(2);
  if (first === '--reader') {
    void benchReader(reader as Reader, file as string, Number(events)).then((run) => process.stdout.write(`${JSON.stringify(run)}\n`));
    return;
  }
  void usageBench(first === undefined ? undefined : Number(first)).then((result) => process.stdout.write(result.text));
}

if (require.main === module) main();

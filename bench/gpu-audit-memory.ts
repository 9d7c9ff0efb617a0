// `node -r tsx/cjs bench/gpu-audit-memory.ts [BYTES]` (part of `npm run bench`): stream a generated API-server audit log (1 GiB unless
// BYTES says otherwise) through gpu-audit's reader and print one line: size, events, records, time and peak RSS.
// The log is generated as it is read, never stored, so the RSS is gpu-audit's own.
import { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { SubjectTiers } from '../lib/access/subject-tiers';
import { streamGpuAudit } from '../lib/audit/gpu-audit-stream';
import { GpuEventClassifier } from '../lib/audit/gpu-event';

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

/** The log, generated in 256 KiB chunks as the reader pulls. */
function generatedLog(bytes: number, counter: { lines: number; bytes: number }): Readable {
  return Readable.from(
    (function* () {
      while (counter.bytes < bytes) {
        let chunk = '';
        while (chunk.length < 256 * 1024 && counter.bytes + chunk.length < bytes) chunk += `${line(counter.lines++)}\n`;
        counter.bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
}

async function main(): Promise<void> {
  const bytes = Number(process.argv[2] ?? 2 ** 30);
  const tiers = SubjectTiers.fromDist('dist');
  const classifier = new GpuEventClassifier({ cluster: tiers.clusterName ?? null, teamOf: (ns) => tiers.teamOf(ns), tierOf: (s, ns) => tiers.tierOf(s, ns) });
  // records go through a real stream with backpressure, as they do to stdout
  const sink = new Writable({ highWaterMark: 64 * 1024, write: (_chunk, _enc, done) => setImmediate(done) });
  const counter = { lines: 0, bytes: 0 };
  let records = 0;
  const baseline = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  await streamGpuAudit(generatedLog(bytes, counter), classifier, {}, async (record) => {
    records += 1;
    if (!sink.write(`${JSON.stringify(record)}\n`)) await once(sink, 'drain');
  }, () => undefined);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const mb = counter.bytes / 2 ** 20;
  process.stdout.write(
    `gpu-audit: ${mb.toFixed(0)} MiB of audit log, ${counter.lines} events, ${records} records in ${seconds.toFixed(1)} s (${(mb / seconds).toFixed(0)} MiB/s); ` +
      `peak RSS ${peakMb.toFixed(0)} MiB (${(baseline / 2 ** 20).toFixed(0)} MiB before reading)\n`,
  );
}

void main();

// The byte reader behind streamGpuAudit against the plain readline reader it replaced: for generated logs (GPU
// pod creations, quota denials, other verbs and stages, EventLists, malformed and blank lines, unicode and broken
// UTF-8, every kind of line break, plain or gzip, cut into chunks anywhere) both must hand on the same records and
// malformed lines, in the same order, with the same counts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOfLine } from '../../lib/audit/audit-event';
import { openAuditLog, streamGpuAudit } from '../../lib/audit/gpu-audit-stream';
import type { GpuAuditFilter, OnMalformed, OnRecord, StreamCounts } from '../../lib/audit/gpu-audit-reading';
import { readGpuAuditByReadline } from '../../lib/audit/gpu-audit-reference';
import { GpuEventClassifier } from '../../lib/audit/gpu-event';
import { certainlyYieldsNoRecord } from '../../lib/audit/no-record-line';
import { auditEvent, deployment, job, pod, resourceQuota, scale } from './audit-events';

const classifier = (): GpuEventClassifier =>
  new GpuEventClassifier({
    cluster: 'ord1-test',
    teamOf: (ns) => (ns === 'research' || ns === 'inference' ? ns : undefined),
    tierOf: (subject) => (subject.groups.includes('oidc:research-ml') ? 'mlEngineer' : undefined),
  });

const QUOTA = 'pods "x" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=16, limited: requests.nvidia.com/gpu=16';

/** Events of every shape the classifier tells apart, and many it ignores. */
const event = fc
  .record({
    verb: fc.constantFrom('create', 'create', 'update', 'patch', 'delete', 'deletecollection', 'get', 'list', 'watch'),
    stage: fc.constantFrom('ResponseComplete', 'ResponseComplete', 'RequestReceived', 'ResponseStarted', 'Panic'),
    target: fc.constantFrom('pod', 'pod', 'deployment', 'job', 'scale', 'quota', 'configmap', 'none'),
    gpus: fc.constantFrom(0, 1, 8),
    code: fc.constantFrom(200, 201, 201, 403, 404, 500),
    user: fc.constantFrom('alice@example.com', 'zoë@example.com', '研究者@example.com', 'system:serviceaccount:kube-system:job-controller', 'system:kube-scheduler'),
    groups: fc.constantFrom([], ['oidc:research-ml'], ['oidc:serving-oncall', 'system:serviceaccounts']),
    namespace: fc.constantFrom('research', 'inference', 'default'),
    owned: fc.boolean(),
    body: fc.constantFrom('request', 'response', 'both', 'none', 'none', 'none'),
    dryRun: fc.boolean(),
    at: fc.constantFrom('2026-11-20T09:00:00.000000Z', '2026-11-21T08:00:00.000000Z'),
  })
  .map((e) => {
    const name = `w-${e.gpus}`;
    const [resource, apiGroup, subresource, object] =
      e.target === 'pod'
        ? ['pods', undefined, undefined, pod(name, e.namespace, [e.gpus], e.owned ? { kind: 'Job', name: 'j' } : undefined)]
        : e.target === 'deployment'
          ? ['deployments', 'apps', undefined, deployment(name, e.namespace, 2, e.gpus)]
          : e.target === 'job'
            ? ['jobs', 'batch', undefined, job(name, e.namespace, 2, e.gpus)]
            : e.target === 'scale'
              ? ['deployments', 'apps', 'scale', scale(name, e.namespace, 3)]
              : e.target === 'quota'
                ? ['resourcequotas', undefined, undefined, resourceQuota(e.namespace, e.gpus)]
                : e.target === 'configmap'
                  ? ['configmaps', undefined, undefined, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name } }]
                  : ['pods', undefined, 'log', undefined];
    return auditEvent({
      verb: e.verb,
      stage: e.stage,
      user: e.user,
      groups: e.groups,
      resource,
      apiGroup,
      subresource,
      namespace: e.namespace,
      name: e.verb === 'create' ? undefined : name,
      code: e.code,
      message: e.code === 403 ? QUOTA : e.code >= 400 ? 'something failed' : undefined,
      requestObject: e.body === 'request' || e.body === 'both' ? object : undefined,
      responseObject: e.body === 'response' || e.body === 'both' ? object : undefined,
      query: e.dryRun ? 'dryRun=All' : undefined,
      at: e.at,
    });
  });

/** Bytes that make or break JSON, UTF-8 and lines. */
const NOISE = fc.constantFrom(
  ...['"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', 'x', ' ', '\t', '\n', '\r', '\u00a0', '\u2028'].map((s) => Buffer.from(s)),
  ...[[0x00], [0x1f], [0x7f], [0x80], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xff]].map((b) => Buffer.from(b)),
);

const splice = (text: Buffer, at: number, remove: number, insert: Buffer): Buffer =>
  Buffer.concat([text.subarray(0, Math.min(at, text.length)), insert, text.subarray(Math.min(at + remove, text.length))]);

/** The JSON of an event, as the API server writes it or changed in a way that a pre-filter could get wrong. */
const eventLine = fc.oneof(
  { weight: 6, arbitrary: event.map((e) => Buffer.from(JSON.stringify(e))) },
  { weight: 1, arbitrary: fc.array(event, { maxLength: 3 }).map((items) => Buffer.from(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items }))) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        event.map((e) => JSON.stringify(e)),
        fc.constantFrom(
          (t: string) => `${t.slice(0, -1)},"verb":"create"}`,
          (t: string) => `${t.slice(0, -1)},"stage":"Panic"}`,
          (t: string) => `${t.slice(0, -1)},"kind":"Pod"}`,
          (t: string) => `${t.slice(0, -1)},"verb":7}`,
          (t: string) => t.replace('"verb"', '"v\\u0065rb"'),
          (t: string) => t.replace(/"verb":"(\w)/, (_all, first: string) => `"verb":"\\u${first.charCodeAt(0).toString(16).padStart(4, '0')}`),
          (t: string) => t.replace(/"verb":"create"/, '"verb":"cr\\u0065ate"'),
          (t: string) => t.replace(/"verb":"get"/, '"verb":"create"'),
          (t: string) => t.replace(/,"/g, ', "'),
          (t: string) => t.replace('"kind":"Event",', ''),
          (t: string) => t.replace('"kind":"Event"', '"kind":"EventList"'),
          (t: string) => t.replace(/^\{"kind":"Event",(.*?),("verb":"\w+")/, '{"kind":"Event",$2,$1'),
          (t: string) => `${t}x`,
          (t: string) => `${t}${t}`,
          (t: string) => t.replace(/"code":(\d+)/, '"code":0$1'),
          (t: string) => t.replace(/"code":(\d+)/, '"code":$1.5e+1'),
          (t: string) => t.replace('"sourceIPs":["10.0.12.7"]', '"sourceIPs":[[[[["deep"]]]]]'),
          (t: string) => t.replace('system:authenticated', 'system:authenticated\t'),
          (t: string) => t.slice(0, t.length >> 1),
        ),
      )
      .map(([text, change]) => Buffer.from(change(text))),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        event.map((e) => Buffer.from(JSON.stringify(e))),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), NOISE), { minLength: 1, maxLength: 3 }),
      )
      .map(([text, edits]) => edits.reduce<Buffer>((t, [at, remove, insert]) => splice(t, at % (t.length + 1), remove, insert), text)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t', '\u00a0', '\ufeff', '[1,2]', '42', 'null', '"x"', '{}', 'this is not JSON').map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.array(NOISE, { maxLength: 6 }).map((parts) => Buffer.concat(parts)) },
);

const log = fc
  .tuple(
    fc.array(fc.tuple(eventLine, fc.constantFrom('\n', '\n', '\n', '\r\n', '\r')), { maxLength: 30 }),
    fc.constantFrom('', '\n', '\r\n'),
    fc.constantFrom(Buffer.alloc(0), Buffer.alloc(0), Buffer.from([0xe2, 0x82]), Buffer.from([0xc3])),
  )
  .map(([lines, lastBreak, unfinished]) => {
    const parts = lines.flatMap(([line, lineBreak], i) => (i < lines.length - 1 ? [line, Buffer.from(lineBreak)] : [line]));
    return Buffer.concat([...parts, Buffer.from(lastBreak), unfinished]);
  });

/** `data` cut at random places, with empty chunks here and there. */
const chunked = (data: Buffer) =>
  fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: data.length }), { maxLength: 12 }), fc.array(fc.nat({ max: 12 }), { maxLength: 2 })).map(([cuts, empties]) => {
    const at = [0, ...cuts.sort((a, b) => a - b), data.length];
    const chunks = at.slice(1).map((end, i) => data.subarray(at[i], end));
    for (const i of empties) chunks.splice(Math.min(i, chunks.length), 0, Buffer.alloc(0));
    return chunks;
  });

const filter: fc.Arbitrary<GpuAuditFilter> = fc.constantFrom({}, { deniedOnly: true }, { team: 'research' }, { since: new Date('2026-11-21T00:00:00Z') });

type Read = (input: Readable, classifier: GpuEventClassifier, filter: GpuAuditFilter, onRecord: OnRecord, onMalformed: OnMalformed) => Promise<StreamCounts>;

/** Everything a reader hands on, in order, and what it returns. */
async function transcript(read: Read, chunks: readonly Buffer[], f: GpuAuditFilter): Promise<unknown[]> {
  return transcriptOf((...args) => read(Readable.from(chunks), ...args), f);
}

async function transcriptOf(read: (classifier: GpuEventClassifier, filter: GpuAuditFilter, onRecord: OnRecord, onMalformed: OnMalformed) => Promise<StreamCounts>, f: GpuAuditFilter): Promise<unknown[]> {
  const said: unknown[] = [];
  const counts = await read(classifier(), f, async (record) => void said.push(JSON.stringify(record)), (line, message) => void said.push([line, message]));
  return [...said, counts];
}

/** A line longer than the file reader's 256 KiB reads: a GPU pod creation whose annotation is `size` bytes. */
function longLine(size: number): Buffer {
  const e = auditEvent({ verb: 'create', user: 'alice@example.com', groups: ['oidc:research-ml'], resource: 'pods', namespace: 'research', code: 201, requestObject: pod('long', 'research', [8]) });
  return Buffer.from(JSON.stringify({ ...e, annotations: { note: 'é'.repeat(size >> 1) } }));
}

describe('streamGpuAudit reads every log as the readline reader does', () => {
  it('plain logs, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(log.chain((data) => chunked(data)), filter, async (chunks, f) => {
        expect(await transcript(streamGpuAudit, chunks, f)).toEqual(await transcript(readGpuAuditByReadline, chunks, f));
      }),
      { numRuns: 400 },
    );
  });

  it('gzip logs, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(log.chain((data) => fc.tuple(fc.constant(data), chunked(gzipSync(data)))), filter, async ([data, gzipChunks], f) => {
        expect(await transcript(streamGpuAudit, gzipChunks, f)).toEqual(await transcript(readGpuAuditByReadline, [data], f));
      }),
      { numRuns: 100 },
    );
  });

  it('log files, plain and gzip, with lines across the reads of a reused buffer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-audit-file-'));
    try {
      await fc.assert(
        fc.asyncProperty(log, log, fc.integer({ min: 100_000, max: 700_000 }), fc.boolean(), filter, async (first, second, size, gzip, f) => {
          const data = Buffer.concat([first, Buffer.from('\n'), longLine(size), Buffer.from('\n'), second]);
          const file = join(dir, 'audit.log');
          writeFileSync(file, gzip ? gzipSync(data) : data);
          const read = await transcriptOf((...args) => streamGpuAudit(openAuditLog(file), ...args), f);
          expect(read).toEqual(await transcript(readGpuAuditByReadline, [data], f));
        }),
        { numRuns: 30 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the generated events take both ways: many are skipped unparsed, many are parsed', () => {
    const samples = fc.sample(event, 300).map((e) => JSON.stringify(e));
    const skipped = samples.filter((line) => certainlyYieldsNoRecord(line, 0, line.length));
    expect(skipped.length).toBeGreaterThan(30);
    expect(samples.length - skipped.length).toBeGreaterThan(30);
  });
});

describe('certainlyYieldsNoRecord', () => {
  it('holds only for lines that are well-formed Events of no record', () => {
    fc.assert(
      fc.property(eventLine, (bytes) => {
        const text = bytes.toString('latin1');
        if (!certainlyYieldsNoRecord(text, 0, text.length)) return;
        const events = eventsOfLine(bytes.toString('utf8'));
        expect(events.map((e) => classifier().classify(e))).toEqual(events.map(() => undefined));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips what makes up most of a log: reads of a Metadata-level policy', () => {
    const list = JSON.stringify(auditEvent({ verb: 'list', user: 'alice@example.com', groups: ['oidc:research-ml'], resource: 'pods', namespace: 'research', code: 200, query: 'limit=500' }));
    const watch = JSON.stringify(auditEvent({ verb: 'watch', user: 'system:kube-scheduler', resource: 'nodes', code: 200, stage: 'ResponseStarted' }));
    const started = JSON.stringify(auditEvent({ verb: 'create', user: 'alice@example.com', resource: 'pods', namespace: 'research', code: 201, stage: 'RequestReceived' }));
    for (const line of [list, watch]) expect(certainlyYieldsNoRecord(line, 0, line.length)).toBe(true);
    // a write is parsed whatever its stage; the parser then finds it yields nothing
    expect(certainlyYieldsNoRecord(started, 0, started.length)).toBe(false);
  });

  it('looks at the line between start and end only, and at all of it', () => {
    const line = JSON.stringify(auditEvent({ verb: 'get', user: 'alice@example.com', resource: 'pods', namespace: 'research', code: 200 }));
    const text = `x\n${line}\n${line}`;
    expect(certainlyYieldsNoRecord(text, 2, 2 + line.length)).toBe(true);
    expect(certainlyYieldsNoRecord(text, 2, 1 + line.length)).toBe(false);
    expect(certainlyYieldsNoRecord(text, 2, text.length)).toBe(false);
  });
});

describe('streamGpuAudit hands records on one at a time', () => {
  const created = (i: number): string =>
    JSON.stringify(auditEvent({ verb: 'create', user: 'alice@example.com', groups: ['oidc:research-ml'], resource: 'pods', namespace: 'research', code: 201, requestObject: pod(`p${i}`, 'research', [8]) }));
  const chunks = Array.from({ length: 6 }, (_, c) => Buffer.from(`${Array.from({ length: 5 }, (_, i) => created(c * 5 + i)).join('\n')}\n`));

  it('awaits a consumer that returns a promise before it hands on the next record', async () => {
    const overlapping: string[] = [];
    let waiting = 0;
    await streamGpuAudit(Readable.from(chunks), classifier(), {}, async (record) => {
      if (waiting > 0) overlapping.push(record.resource);
      waiting += 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
      waiting -= 1;
    }, () => undefined);
    expect(overlapping).toEqual([]);
  });

  it('calls a synchronous consumer for every record, in order', async () => {
    const names: string[] = [];
    const counts = await streamGpuAudit(Readable.from(chunks), classifier(), {}, (record) => void names.push(record.resource), () => undefined);
    expect(names).toEqual(Array.from({ length: 30 }, (_, i) => `pods/p${i}`));
    expect(counts).toEqual({ lines: 30, malformed: 0 });
  });
});

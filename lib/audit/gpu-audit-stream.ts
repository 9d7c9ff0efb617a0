import { pipeline, Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { eventsOfLine } from './audit-event';
import type { GpuAuditRecord, GpuEventClassifier } from './gpu-event';

export interface GpuAuditFilter {
  /** Only records of this team. */
  readonly team?: string;
  /** Only records at or after this instant. */
  readonly since?: Date;
  /** Only denied records. */
  readonly deniedOnly?: boolean;
}

export function matchesFilter(record: GpuAuditRecord, filter: GpuAuditFilter): boolean {
  if (filter.team !== undefined && record.team !== filter.team) return false;
  if (filter.deniedOnly && record.result !== 'denied') return false;
  if (filter.since !== undefined) {
    const at = record.timestamp === null ? NaN : Date.parse(record.timestamp);
    if (Number.isNaN(at) || at < filter.since.getTime()) return false;
  }
  return true;
}

export interface StreamCounts {
  readonly lines: number;
  readonly malformed: number;
}

/** A log that starts with the gzip magic bytes but does not decompress: truncated or corrupt. */
export class GzipError extends Error {
  constructor(zlibMessage: string) {
    super(`not a valid gzip stream: ${zlibMessage}`);
  }
}

/**
 * Read one audit log line by line (never whole) and hand every matching GPU record to `onRecord`, awaiting it, so
 * that a slow consumer holds the reader back instead of filling memory. A malformed line goes to `onMalformed`
 * with its 1-based number, and reading goes on. A gzip log is decompressed as it is read; one that does not
 * decompress rejects with a GzipError after the records before the damage.
 */
export async function streamGpuAudit(
  input: Readable,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: (record: GpuAuditRecord) => void | Promise<void>,
  onMalformed: (line: number, message: string) => void,
): Promise<StreamCounts> {
  const { text, gzip } = await decompressed(input);
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let n = 0;
  let malformed = 0;
  try {
    for await (const line of lines) {
      n += 1;
      if (line.trim() === '') continue;
      let events;
      try {
        events = eventsOfLine(line);
      } catch (e) {
        malformed += 1;
        onMalformed(n, (e as Error).message);
        continue;
      }
      for (const event of events) {
        const record = classifier.classify(event);
        if (record && matchesFilter(record, filter)) await onRecord(record);
      }
    }
  } catch (e) {
    throw gzip && isZlibError(e) ? new GzipError((e as Error).message) : e;
  }
  return { lines: n, malformed };
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The text of a log, gunzipped as it streams when it starts with the gzip magic bytes: by content, not by name,
 * since stdin has none and a rotated log (kube-apiserver --audit-log-compress) need not keep its .gz.
 */
async function decompressed(input: Readable): Promise<{ text: Readable; gzip: boolean }> {
  const { head, stream } = await peek(input, GZIP_MAGIC.length);
  if (!GZIP_MAGIC.every((byte, i) => head[i] === byte)) return { text: stream, gzip: false };
  // pipeline, not pipe: a read error of the file then reaches the line reader instead of hanging it
  return { text: pipeline(stream, createGunzip(), () => undefined), gzip: true };
}

/**
 * The first `n` bytes of `input` (fewer when it is shorter), and a stream that still yields them: `input` with
 * them put back, or a new stream when `input` ended while we looked (unshift after 'end' is an error).
 */
async function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: (Buffer | string)[] = [];
  let length = 0;
  while (length < n && !input.readableEnded && !input.destroyed) {
    const chunk = input.read() as Buffer | string | null;
    if (chunk === null) await readableOrEnd(input);
    else {
      chunks.push(chunk);
      length += chunk.length;
    }
  }
  if (input.errored) throw input.errored;
  const head = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  if (input.readableEnded || input.destroyed) return { head, stream: Readable.from(chunks) };
  // in the same tick as the last read(), before the stream can emit 'end'
  for (const chunk of chunks.reverse()) input.unshift(chunk);
  return { head, stream: input };
}

function readableOrEnd(input: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const events = ['readable', 'end', 'close', 'error'] as const;
    const settle = (error?: Error): void => {
      for (const event of events) input.off(event, settle);
      if (error) reject(error);
      else resolve();
    };
    for (const event of events) input.on(event, settle);
  });
}

/** zlib's errors carry its return code: Z_DATA_ERROR for a corrupt stream, Z_BUF_ERROR for a truncated one. */
function isZlibError(e: unknown): boolean {
  return typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('Z_');
}

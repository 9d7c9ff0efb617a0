import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AuditLogFile } from './audit-log-file';
import type { GpuEventClassifier } from './gpu-event';
import { readGpuAuditBytes } from './gpu-audit-bytes';
import type { GpuAuditFilter, OnMalformed, OnRecord, StreamCounts } from './gpu-audit-reading';
import { readGpuAuditByReadline } from './gpu-audit-reference';

export { matchesFilter } from './gpu-audit-reading';
export type { GpuAuditFilter, StreamCounts } from './gpu-audit-reading';

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
  input: Readable | AuditLogFile,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: OnRecord,
  onMalformed: OnMalformed,
): Promise<StreamCounts> {
  if (input instanceof AuditLogFile && !input.isGzip()) return readGpuAuditBytes(input.chunks(), classifier, filter, onRecord, onMalformed);
  const { text, gzip, strings } = await decompressed(input instanceof AuditLogFile ? input.stream() : input);
  // a stream of strings has been decoded already, and only readline splits it exactly as it always has
  const read = strings ? readGpuAuditByReadline : readGpuAuditBytes;
  try {
    return await read(text, classifier, filter, onRecord, onMalformed);
  } catch (e) {
    throw gzip && isZlibError(e) ? new GzipError((e as Error).message) : e;
  }
}

/** An audit log file, for streamGpuAudit. */
export function openAuditLog(path: string): AuditLogFile {
  return new AuditLogFile(path);
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The text of a log, gunzipped as it streams when it starts with the gzip magic bytes: by content, not by name,
 * since stdin has none and a rotated log (kube-apiserver --audit-log-compress) need not keep its .gz.
 */
async function decompressed(input: Readable): Promise<{ text: Readable; gzip: boolean; strings: boolean }> {
  const { head, stream, strings } = await peek(input, GZIP_MAGIC.length);
  if (!GZIP_MAGIC.every((byte, i) => head[i] === byte)) return { text: stream, gzip: false, strings };
  // pipeline, not pipe: a read error of the file then reaches the line reader instead of hanging it
  return { text: pipeline(stream, createGunzip(), () => undefined), gzip: true, strings: false };
}

/**
 * The first `n` bytes of `input` (fewer when it is shorter), and a stream that still yields them: `input` with
 * them put back, or a new stream when `input` ended while we looked (unshift after 'end' is an error). `strings`
 * when its first chunk is a string rather than bytes.
 */
async function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable; strings: boolean }> {
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
  const strings = typeof chunks[0] === 'string';
  if (input.readableEnded || input.destroyed) return { head, stream: Readable.from(chunks), strings };
  // in the same tick as the last read(), before the stream can emit 'end'
  for (const chunk of chunks.reverse()) input.unshift(chunk);
  return { head, stream: input, strings };
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

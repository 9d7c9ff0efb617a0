import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AuditLogFile } from '../audit/audit-log-file';
import { GzipError } from '../audit/gpu-audit-stream';
import { LineSplitter } from '../audit/line-splitter';
import type { UsageEvent } from './usage-event';
import { usageEventsOfLine } from './usage-line';

export interface UsageLogCounts {
  readonly lines: number;
  readonly malformed: number;
}

/**
 * Read one audit log line by line, never whole, and hand the usage of every Event to `onEvent` (synchronously:
 * what it keeps is the caller's to bound). A malformed line goes to `onMalformed` with its 1-based number and
 * reading goes on. Lines are split as gpu-audit splits them (lib/audit/line-splitter.ts). A gzip log, told by its
 * first bytes, is decompressed as it is read; one that does not decompress rejects with gpu-audit's GzipError.
 */
export async function readUsageLog(input: Readable | AuditLogFile, onEvent: (event: UsageEvent) => void, onMalformed: (line: number, message: string) => void): Promise<UsageLogCounts> {
  const splitter = new LineSplitter();
  let lines = 0;
  let malformed = 0;
  const readLine = (bytes: Buffer, start: number, end: number): void => {
    lines += 1;
    if (end === start) return;
    const line = bytes.toString('utf8', start, end);
    let events: UsageEvent[];
    try {
      events = usageEventsOfLine(line);
    } catch (e) {
      if (line.trim() === '') return;
      malformed += 1;
      onMalformed(lines, (e as Error).message);
      return;
    }
    for (const event of events) onEvent(event);
  };
  const chunks = input instanceof AuditLogFile ? (input.isGzip() ? decompressed(input.stream()) : input.chunks()) : decompressed(input);
  for await (const chunk of chunks) splitter.push(chunk, readLine);
  splitter.end(readLine);
  return { lines, malformed };
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** The bytes of a log, gunzipped as they stream when they start with the gzip magic bytes (by content, not by name: stdin has none). */
async function* decompressed(input: Readable): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let head: Buffer = Buffer.alloc(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await source.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = head.length === 0 ? asBuffer(next.value) : Buffer.concat([head, asBuffer(next.value)]);
  }
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  };
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    yield* rest();
    return;
  }
  // pipeline, not pipe: a read error of the file then ends the iteration instead of hanging it
  const text = pipeline(Readable.from(rest()), createGunzip(), () => undefined);
  try {
    for await (const chunk of text) yield chunk as Buffer;
  } catch (e) {
    throw isZlibError(e) ? new GzipError((e as Error).message) : e;
  }
}

function asBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** zlib's errors carry its return code: Z_DATA_ERROR for a corrupt stream, Z_BUF_ERROR for a truncated one. */
function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

import type { Readable } from 'node:stream';
import { AuditLogFile } from '../audit/audit-log-file';
import { GzipError, isZlibError, logText } from '../audit/audit-log-text';
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
  const chunks = input instanceof AuditLogFile ? (input.isGzip() ? bytesOf(input.stream()) : input.chunks()) : bytesOf(input);
  for await (const chunk of chunks) splitter.push(chunk, readLine);
  splitter.end(readLine);
  return { lines, malformed };
}

/** The bytes of a log stream, gunzipped when it is gzip (logText), a damaged gzip rejecting with a GzipError. */
async function* bytesOf(input: Readable): AsyncGenerator<Buffer> {
  const { text, gzip } = await logText(input);
  try {
    for await (const chunk of text) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (e) {
    throw gzip && isZlibError(e) ? new GzipError((e as Error).message) : e;
  }
}

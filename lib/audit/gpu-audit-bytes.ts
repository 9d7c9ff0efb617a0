import { isAscii } from 'node:buffer';
import { on } from 'node:events';
import { Readable } from 'node:stream';
import { eventsOfLine } from './audit-event';
import type { GpuAuditRecord, GpuEventClassifier } from './gpu-event';
import { GpuAuditFilter, matchesFilter, OnMalformed, OnRecord, StreamCounts } from './gpu-audit-reading';
import { LineSplitter } from './line-splitter';
import { certainlyYieldsNoRecord } from './no-record-line';

/** Chunks read ahead while records are being handed on; the input is paused beyond that. */
const CHUNKS_AHEAD = 4;
/**
 * The most bytes taken as text at once. V8 allocates a string over 128 KiB in its old generation, where
 * collecting it takes a full garbage collection: taking a large chunk as one string would cost more than
 * splitting it.
 */
const MAX_PIECE = 64 * 1024;

class MalformedLine {
  constructor(
    readonly line: number,
    readonly message: string,
  ) {}
}

/**
 * Reads a log that arrives as bytes: splits it into lines itself, skips unparsed the lines that certainly yield
 * no record (no-record-line.ts), and decodes and parses the others as the readline reader does
 * (gpu-audit-reference.ts): the same line numbers, records and malformed lines, in the same order. A chunk's lines
 * are all read before its records and malformed lines are handed on; the promise a record's consumer returns (see
 * OnRecord) is awaited before the next record, and the next chunk is read after the last. Chunks that arrived
 * before a read error are still read, then it rejects.
 */
export async function readGpuAuditBytes(
  input: Readable | Iterable<Buffer>,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: OnRecord,
  onMalformed: OnMalformed,
): Promise<StreamCounts> {
  const splitter = new LineSplitter();
  const found: (GpuAuditRecord | MalformedLine)[] = [];
  let lines = 0;
  let malformed = 0;
  // each chunk's bytes as text once, rather than each line's
  let textOf: Buffer | undefined;
  let text = '';
  let ascii = false;
  const readLine = (bytes: Buffer, start: number, end: number): void => {
    lines += 1;
    if (bytes !== textOf) {
      textOf = bytes;
      text = bytes.toString('latin1');
      ascii = isAscii(bytes);
    }
    if (certainlyYieldsNoRecord(text, start, end)) return;
    // ASCII reads the same as Latin-1 and UTF-8
    const line = ascii ? text.slice(start, end) : bytes.toString('utf8', start, end);
    if (line.trim() === '') return;
    let events;
    try {
      events = eventsOfLine(line);
    } catch (e) {
      malformed += 1;
      found.push(new MalformedLine(lines, (e as Error).message));
      return;
    }
    for (const event of events) {
      const record = classifier.classify(event);
      if (record && matchesFilter(record, filter)) found.push(record);
    }
  };
  const handOn = async (): Promise<void> => {
    for (const item of found) {
      if (item instanceof MalformedLine) onMalformed(item.line, item.message);
      else {
        const wait = onRecord(item);
        if (wait !== undefined) await wait;
      }
    }
    found.length = 0;
  };
  for await (const buffer of input instanceof Readable ? dataChunks(input) : input) {
    for (let at = 0; at < buffer.length; at += MAX_PIECE) splitter.push(buffer.subarray(at, at + MAX_PIECE), readLine);
    // an empty chunk counts too: between "\r" and "\n" it makes them two line breaks
    if (buffer.length === 0) splitter.push(buffer, readLine);
    await handOn();
  }
  splitter.end(readLine);
  await handOn();
  return { lines, malformed };
}

/** The chunks of a stream: 'data' events, unlike the stream's own async iterator, keep the chunks that came before an error. */
async function* dataChunks(input: Readable): AsyncGenerator<Buffer> {
  for await (const [chunk] of on(input, 'data', { close: ['end', 'close'], highWaterMark: CHUNKS_AHEAD })) {
    // strings come only from a caller's Readable.from or setEncoding; streamGpuAudit reads those with readline
    yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** One line: `bytes[start, end)`, without its line break. The bytes are only valid during the call. */
export type LineHandler = (bytes: Buffer, start: number, end: number) => void;

/**
 * Splits a byte stream into lines exactly where readline (`crlfDelay: Infinity`) splits its decoded text, so that
 * line numbers stay what they were: at "\n", "\r\n" and a lone "\r", also when a "\r\n" is split between chunks.
 * Splitting the bytes is safe for UTF-8: no multi-byte sequence contains 0x0A or 0x0D, and decoding each line
 * alone gives what decoding the whole stream gives. Two readline quirks are kept: an empty chunk between "\r"
 * and "\n" makes them two line breaks, and an unfinished UTF-8 character at the very end of the stream is
 * dropped (readline never flushes its decoder), with the last line if nothing else is left of it.
 */
export class LineSplitter {
  /** The start of a line that the chunks so far have not ended. */
  private pending: Buffer[] = [];
  private lastChunkEndedInCr = false;

  push(chunk: Buffer, onLine: LineHandler): void {
    if (chunk.length === 0) {
      this.lastChunkEndedInCr = false;
      return;
    }
    let start = this.lastChunkEndedInCr && chunk[0] === LF ? 1 : 0;
    this.lastChunkEndedInCr = chunk[chunk.length - 1] === CR;
    let nextLf = chunk.indexOf(LF, start);
    let nextCr = chunk.indexOf(CR, start);
    for (;;) {
      let end: number;
      if (nextCr < 0 || (nextLf >= 0 && nextLf < nextCr)) {
        if (nextLf < 0) break;
        end = nextLf;
        this.emit(chunk, start, end, onLine);
        start = end + 1;
        nextLf = chunk.indexOf(LF, start);
      } else {
        end = nextCr;
        this.emit(chunk, start, end, onLine);
        const crLf = chunk[end + 1] === LF;
        start = crLf ? end + 2 : end + 1;
        if (crLf) nextLf = chunk.indexOf(LF, start);
        nextCr = chunk.indexOf(CR, start);
      }
    }
    // copied: a reader may reuse the chunk's memory for the next one
    if (start < chunk.length) this.pending.push(Buffer.from(chunk.subarray(start)));
  }

  /** The last line, when the stream does not end with a line break. */
  end(onLine: LineHandler): void {
    if (this.pending.length === 0) return;
    const line = Buffer.concat(this.pending);
    this.pending = [];
    const end = line.length - unfinishedUtf8Tail(line);
    if (end > 0) onLine(line, 0, end);
  }

  private emit(chunk: Buffer, start: number, end: number, onLine: LineHandler): void {
    if (this.pending.length === 0) return onLine(chunk, start, end);
    const line = Buffer.concat([...this.pending, chunk.subarray(start, end)]);
    this.pending = [];
    onLine(line, 0, line.length);
  }
}

/**
 * How many bytes at the end of `bytes` Node's StringDecoder holds back as the start of a UTF-8 character still
 * to come: a lead byte within the last four, with fewer bytes after it than it announces.
 */
function unfinishedUtf8Tail(bytes: Buffer): number {
  const last = bytes.length - 1;
  for (let i = last; i >= 0 && last - i < 4; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue;
    const announced = (byte & 0xe0) === 0xc0 ? 2 : (byte & 0xf0) === 0xe0 ? 3 : (byte & 0xf8) === 0xf0 ? 4 : 0;
    const present = last - i + 1;
    return present < announced ? present : 0;
  }
  return 0;
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Pieces of at most about this many characters go to the stream. */
const PIECE = 64 * 1024;

/**
 * Text for stdout, written in pieces of 64 KiB: stdout is synchronous on a file or a pipe, and a write per record
 * costs more than finding the record. `write` returns a promise only when the stream asks to wait for 'drain', so
 * that a reader handing on a record at a time awaits nothing otherwise.
 */
export class BufferedOutput {
  private pending = '';

  constructor(private readonly stream: Writable) {}

  write(text: string): Promise<void> | undefined {
    this.pending += text;
    return this.pending.length >= PIECE ? this.flush() : undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.pending === '') return undefined;
    const text = this.pending;
    this.pending = '';
    return this.stream.write(text) ? undefined : once(this.stream, 'drain').then(() => undefined);
  }
}

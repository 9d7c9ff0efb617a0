import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BufferedOutput } from '../../lib/cli/buffered-output';

/**
 * A stream that records each write; with `hold`, a write is done only at `release`, so that the stream asks to
 * wait once `highWaterMark` bytes are under way.
 */
function recordingStream(highWaterMark: number, hold = false): { stream: Writable; writes: string[]; release: () => void } {
  const writes: string[] = [];
  let pending: (() => void) | undefined;
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write: (chunk: string, _enc, done) => {
      writes.push(chunk);
      if (hold) pending = done;
      else done();
    },
  });
  return { stream, writes, release: () => pending?.() };
}

describe('BufferedOutput', () => {
  it('holds text until 64 KiB, then writes it as one piece, without a promise when the stream takes it', () => {
    const { stream, writes } = recordingStream(1 << 20);
    const out = new BufferedOutput(stream);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 63; i++) expect(out.write(line)).toBeUndefined();
    expect(writes).toEqual([]);
    expect(out.write(line)).toBeUndefined();
    expect(writes).toEqual([line.repeat(64)]);
    expect(out.write('tail\n')).toBeUndefined();
    expect(out.flush()).toBeUndefined();
    expect(writes).toEqual([line.repeat(64), 'tail\n']);
    expect(out.flush()).toBeUndefined();
  });

  it('returns a promise that settles on drain when the stream asks to wait', async () => {
    const { stream, writes, release } = recordingStream(16, true);
    const out = new BufferedOutput(stream);
    const wait = out.write('x'.repeat(64 * 1024));
    expect(wait).toBeInstanceOf(Promise);
    let drained = false;
    void wait?.then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    release();
    await wait;
    expect(drained).toBe(true);
    expect(writes).toHaveLength(1);
  });
});

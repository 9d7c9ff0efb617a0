import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../lib/audit/line-splitter';

async function readlineLines(chunks: readonly Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

function splitterLines(chunks: readonly Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter();
  const onLine = (bytes: Buffer, start: number, end: number): void => void lines.push(bytes.toString('utf8', start, end));
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return lines;
}

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Line breaks, UTF-8 sequences whole, cut short and invalid, and plain text. */
const INTERESTING_BYTES = [0x61, 0x7b, 0x20, 0x0a, 0x0a, 0x0d, 0x0d, 0x80, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0xff, 0xc0, 0xf8];

/** `data` cut at random places, with empty chunks here and there. */
const chunked = (data: Buffer) =>
  fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: data.length }), { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 2 })).map(([cuts, empties]) => {
    const at = [0, ...cuts.sort((a, b) => a - b), data.length];
    const chunks = at.slice(1).map((end, i) => data.subarray(at[i], end));
    for (const i of empties) chunks.splice(Math.min(i, chunks.length), 0, Buffer.alloc(0));
    return chunks;
  });

describe('LineSplitter splits bytes where readline splits the decoded text', () => {
  it.each([
    ['\\n, \\r\\n and a lone \\r', [bytes('a\rb\r\nc\n\rd')], ['a', 'b', 'c', '', 'd']],
    ['a \\r\\n split between chunks', [bytes('a\r'), bytes('\nb')], ['a', 'b']],
    ['an empty chunk between \\r and \\n: two breaks, as readline has it', [bytes('a\r'), Buffer.alloc(0), bytes('\nb')], ['a', '', 'b']],
    ['a character split between chunks', [bytes('x', [0xe2, 0x82]), bytes([0xac], '\n')], ['x€']],
    ['an unfinished character at the very end is dropped', [bytes('{"a":1}', [0xe2])], ['{"a":1}']],
    ['and with it a last line of nothing else', [bytes('x\n', [0xf0, 0x9f])], ['x']],
    ['an unfinished character before a line break is one U+FFFD', [bytes('x\n', [0xe2, 0x82]), bytes('\n')], ['x', '\uFFFD']],
    ['no line after a final line break', [bytes('a\n')], ['a']],
    ['a blank line is a line', [bytes('\n\n')], ['', '']],
  ])('%s', async (_name, chunks, expected) => {
    expect(await readlineLines(chunks)).toEqual(expected);
    expect(splitterLines(chunks)).toEqual(expected);
  });

  it('for any bytes, cut anywhere', async () => {
    const data = fc.array(fc.constantFrom(...INTERESTING_BYTES), { maxLength: 60 }).map((b) => Buffer.from(b));
    await fc.assert(
      fc.asyncProperty(
        data.chain((d) => chunked(d)),
        async (chunks) => {
          expect(splitterLines(chunks)).toEqual(await readlineLines(chunks));
        },
      ),
      { numRuns: 500 },
    );
  });
});

import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A log that starts with the gzip magic bytes but does not decompress: truncated or corrupt. */
export class GzipError extends Error {
  constructor(zlibMessage: string) {
    super(`not a valid gzip stream: ${zlibMessage}`);
  }
}

export const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * The text of a log, gunzipped as it streams when it starts with the gzip magic bytes: by content, not by name,
 * since stdin has none and a rotated log (kube-apiserver --audit-log-compress) need not keep its .gz.
 */
export async function logText(input: Readable): Promise<{ text: Readable; gzip: boolean; strings: boolean }> {
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
export function isZlibError(e: unknown): boolean {
  return typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('Z_');
}

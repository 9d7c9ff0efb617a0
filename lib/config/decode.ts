import { isUtf8 } from 'node:buffer';

/** Why bytes are not UTF-8 text, at the line and column (in characters, as editors count) of the first bad byte. */
export interface DecodeFailure {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The text of a UTF-8 file (a byte order mark dropped), or where and why it is not one. */
export function decodeUtf8(bytes: Uint8Array): { readonly text: string } | { readonly failure: DecodeFailure } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { failure: { line: 1, col: 1, message: 'UTF-16 text (a UTF-16 byte order mark), expected UTF-8 YAML text: save the file as UTF-8' } };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { failure: { ...position(bytes, nul), message: 'binary content (a NUL byte), expected UTF-8 YAML text' } };
  // isUtf8 (native) accepts only what firstInvalidUtf8 accepts too: the loop runs just to locate a bad byte
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const byte = `0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}`;
    return { failure: { ...position(bytes, bad), message: `not valid UTF-8 (byte ${byte}), expected UTF-8 YAML text` } };
  }
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

/** Line and column of a byte offset; the column counts UTF-16 code units like the YAML parser's positions. */
function position(bytes: Uint8Array, offset: number): { line: number; col: number } {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  // TextDecoder drops a leading byte order mark, as it does when the whole file is decoded
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, col: before.length + 1 };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const trail = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (trail < 0) return i;
    for (let k = 1; k <= trail; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // overlong forms, UTF-16 surrogates and code points above U+10FFFF
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += trail + 1;
  }
  return -1;
}

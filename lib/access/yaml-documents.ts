/** One document of a YAML file, found without parsing: where it is, and its kind when its first lines say it plainly. */
export interface DocumentSpan {
  /** Offset of its `---` line (0 for the text before the first marker). */
  readonly start: number;
  readonly end: number;
  /** Offset of its content, after the `---` line. */
  readonly body: number;
  /**
   * Its top-level `kind`, read from the lines `apiVersion: …` and `kind: …` that open it; `''` for a document
   * of only comments and blank lines (no object); undefined when it cannot be told without parsing.
   */
  readonly kind: string | undefined;
}

const enum C {
  Tab = 9, Newline = 10, Return = 13, Space = 32, Hash = 35, Dash = 45, Dot = 46,
}

/**
 * The documents of a YAML stream, split at the lines that start with `---` (YAML forbids such lines inside
 * content, so each marks a document), each with its kind when it opens as dist/'s documents (and kubectl's) do:
 * `apiVersion: VALUE`, then `kind: KIND`, then a line starting with a letter (a key: so neither value continues),
 * all at column 0. Undefined for a stream whose documents may not stand alone: one with a directive (`%…`) or a
 * document end marker (`...`), after which directives and bare documents may follow.
 */
export function splitDocuments(text: string): DocumentSpan[] | undefined {
  if (text.startsWith('%') || text.includes('\n%') || markerAt(text, 0, C.Dot) || nextMarker(text, 0, '\n...') >= 0) return undefined;
  const spans: DocumentSpan[] = [];
  let start = 0;
  let body = 0;
  for (;;) {
    const marker = start === 0 && body === 0 && markerAt(text, 0, C.Dash) ? 0 : nextMarker(text, body, '\n---');
    const end = marker < 0 ? text.length : marker;
    spans.push({ start, end, body, kind: start === body ? leadingKind(text, end) : kindAfterMarker(text, start, body, end) });
    if (marker < 0) return spans;
    start = marker;
    const lineEnd = text.indexOf('\n', marker);
    body = lineEnd < 0 ? text.length : lineEnd + 1;
  }
}

/** The offset of the next line at or after `from` that is a marker (`\n---` or `\n...` given as `pattern`), or -1. */
function nextMarker(text: string, from: number, pattern: string): number {
  for (let i = text.indexOf(pattern, Math.max(from - 1, 0)); i >= 0; i = text.indexOf(pattern, i + 1)) {
    if (i + 1 >= from && markerAt(text, i + 1, text.charCodeAt(i + 1))) return i + 1;
  }
  return -1;
}

/** Three `c` at `at` (`---` or `...`), followed by white space or the end: a document marker. */
function markerAt(text: string, at: number, c: number): boolean {
  if (text.charCodeAt(at) !== c || text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === C.Newline || next === C.Return || next === C.Space || next === C.Tab;
}

/** The kind of a document after its `---` line: `''` when nothing but comments follows. */
function kindAfterMarker(text: string, start: number, body: number, end: number): string | undefined {
  // `--- !tag`, `--- {…}`, `--- |`: content on the marker line
  if (body - start !== 4 || text.charCodeAt(start + 3) !== C.Newline) return undefined;
  return openingKind(text, body, end) ?? (onlyComments(text, body, end) ? '' : undefined);
}

/** The kind of the text before the first marker: a header of comments (`''`), or a document of its own. */
function leadingKind(text: string, end: number): string | undefined {
  return onlyComments(text, 0, end) ? '' : openingKind(text, 0, end);
}

const OPENING = /apiVersion: [A-Za-z0-9._/-]+\nkind: ([A-Za-z][A-Za-z0-9]*)\n[A-Za-z]/y;

/** `KIND` of `apiVersion: VALUE\nkind: KIND\n` followed by a letter, at `at` and ending before `end`; else undefined. */
function openingKind(text: string, at: number, end: number): string | undefined {
  OPENING.lastIndex = at;
  const found = OPENING.exec(text);
  return found && OPENING.lastIndex <= end ? (found[1] as string) : undefined;
}

/** Whether the lines from `start` to `end` are all blank or comments (`#`, after spaces or none). */
function onlyComments(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === C.Space) i++;
    if (i < end && text.charCodeAt(i) !== C.Newline && text.charCodeAt(i) !== C.Hash) return false;
    const next = text.indexOf('\n', i);
    if (next < 0 || next >= end) return true;
    i = next + 1;
  }
  return true;
}

import type { Node } from 'yaml';

/** One replacement of the original text: [start, end) becomes `text`. */
interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Edits of a YAML text addressed by the offsets of its parsed nodes, applied all at once. Everything outside the
 * spliced ranges stays byte for byte (the `yaml` package's own printer re-aligns comments and re-pads flow
 * collections, which would turn a one-group grant into a diff of every aligned comment in teams.yaml).
 */
export class TextSplicer {
  private readonly splices: Splice[] = [];
  /** The file's line break: new lines match it. */
  readonly eol: string;

  constructor(readonly source: string) {
    this.eol = source.includes('\r\n') ? '\r\n' : '\n';
  }

  replace(start: number, end: number, text: string): void {
    if (this.splices.some((s) => start < s.end && s.start < end)) throw new Error(`overlapping edits of teams.yaml at offset ${start}`);
    this.splices.push({ start, end, text });
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  /** Insert whole lines (each without its line break) at the start of a line (`at` from lineStart or lineEnd). */
  insertLines(at: number, lines: readonly string[]): void {
    const atEndWithoutBreak = at === this.source.length && at > 0 && !this.source.endsWith('\n');
    const block = lines.map((l) => l + this.eol).join('');
    this.insert(at, atEndWithoutBreak ? this.eol + block.slice(0, -this.eol.length) : block);
  }

  /** The edited text. */
  apply(): string {
    let out = this.source;
    for (const s of [...this.splices].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
    return out;
  }

  /** Offset of the first character of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.source.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just after the line break of the line holding `offset` (the text's end on its last line). */
  lineEnd(offset: number): number {
    const nl = this.source.indexOf('\n', offset);
    return nl < 0 ? this.source.length : nl + 1;
  }

  /** The start of the line after the last line of a node (its trailing comment included). */
  afterNode(node: Node): number {
    return this.lineEnd(Math.max(range(node)[1] - 1, range(node)[0]));
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The `-` of a block sequence item, or undefined in a flow sequence. */
  entryIndicator(item: Node): number | undefined {
    let i = range(item)[0] - 1;
    while (i >= 0 && this.source[i] === ' ') i--;
    return this.source[i] === '-' ? i : undefined;
  }

  /**
   * Start of the run of whole-line comments directly above the line starting at `lineStart` that are indented no
   * deeper than `maxIndent` (deeper ones belong to the node above).
   */
  commentsAbove(lineStart: number, maxIndent: number): number {
    let start = lineStart;
    while (start > 0) {
      const previous = this.lineStart(start - 1);
      const line = this.source.slice(previous, start);
      const indent = line.length - line.trimStart().length;
      if (!line.trimStart().startsWith('#') || indent > maxIndent) break;
      start = previous;
    }
    return start;
  }

  isBlankLine(lineStart: number): boolean {
    return lineStart < this.source.length && this.source.slice(lineStart, this.lineEnd(lineStart)).trim() === '';
  }
}

/** A parsed node's [start, valueEnd, nodeEnd]; nodes created by an edit have none, and are never spliced against. */
export function range(node: Node): [number, number, number] {
  if (!node.range) throw new Error('an edited node has no position in teams.yaml');
  return node.range;
}

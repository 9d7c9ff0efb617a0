import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { Problem, ProblemCode, Severity } from './problem';

export type Path = readonly (string | number)[];

/** The parsed teams.yaml and what is needed to point at any place in it. */
export class Source {
  private constructor(readonly doc: Document.Parsed, private readonly lines: LineCounter) {}

  /** Decode and parse; returns the problems instead when the text is not a single YAML mapping. */
  static parse(bytes: Uint8Array): Source | Problem[] {
    const lines = new LineCounter();
    if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
      return [at('empty-file', [], 1, 1, 'the file is empty, expected a mapping with cluster and teams')];
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) return [atOffset(bytes, nul, 'encoding', 'binary content (a NUL byte), expected UTF-8 YAML text')];
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return [atOffset(bytes, firstInvalidUtf8(bytes), 'encoding', 'not valid UTF-8, expected UTF-8 YAML text')];
    }
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const source = new Source(doc, lines);
    if (doc.errors.length > 0) {
      return doc.errors.map((e) => {
        const code: ProblemCode = e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax';
        const message = e.code === 'DUPLICATE_KEY' ? `duplicate key ${describeKeyAt(doc, e.pos[0])}` : yamlMessage(e.message);
        return source.problemAtOffset(e.pos[0], code, message);
      });
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
      return [at('empty-file', [], 1, 1, 'the file has no content, expected a mapping with cluster and teams')];
    }
    if (!isMap(doc.contents)) {
      const kind = isSeq(doc.contents) ? 'a list' : 'a scalar';
      return [source.problemAt([], 'not-a-mapping', `the document is ${kind}, expected a mapping with cluster and teams`)];
    }
    return source;
  }

  /** The plain value, or a problem when aliases expand beyond a sane size (a "billion laughs" document). */
  toJS(): { readonly value: unknown } | { readonly problem: Problem } {
    try {
      return { value: this.doc.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      const alias = findFirstAlias(this.doc.contents);
      const msg = `aliases expand too far (${(e as Error).message.toLowerCase()}), expected a document without alias bombs`;
      return { problem: alias?.range ? this.problemAtOffset(alias.range[0], 'yaml-alias', msg) : at('yaml-alias', [], 1, 1, msg) };
    }
  }

  /** A problem at the value of `path` (or its key with `target: 'key'`); the nearest existing ancestor when it is absent. */
  problemAt(path: Path, code: ProblemCode, message: string, target: 'value' | 'key' = 'value', severity: Severity = 'error'): Problem {
    const node = this.find(path, target);
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { code, severity, path, line: pos.line, col: pos.col, message };
  }

  private problemAtOffset(offset: number, code: ProblemCode, message: string): Problem {
    const pos = this.lines.linePos(offset);
    return { code, severity: 'error', path: [], line: pos.line, col: pos.col, message };
  }

  private find(path: Path, target: 'value' | 'key'): Node | undefined {
    let node: unknown = this.doc.contents;
    let found = node as Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) return found;
        if (last && target === 'key') return pair.key as Node;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof key === 'number' && key < node.items.length) {
        node = node.items[key];
      } else {
        return found;
      }
      if (isAlias(node)) node = node.resolve(this.doc) ?? node;
      found = node as Node;
    }
    return found;
  }
}

function at(code: ProblemCode, path: Path, line: number, col: number, message: string): Problem {
  return { code, severity: 'error', path, line, col, message };
}

function atOffset(bytes: Uint8Array, offset: number, code: ProblemCode, message: string): Problem {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) { line++; lineStart = i + 1; }
  return at(code, [], line, offset - lineStart + 1, message);
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // the longest valid prefix ends at the first bad byte (give or take a partial sequence of up to 3 bytes)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try { decoder.decode(bytes.subarray(0, mid)); lo = mid; } catch { hi = mid - 1; }
  }
  return lo;
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0].replace(/\.$/, '');
  return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function describeKeyAt(doc: Document.Parsed, offset: number): string {
  let name = '';
  const visit = (node: unknown): void => {
    if (isMap(node)) for (const p of node.items) {
      if (isScalar(p.key) && p.key.range?.[0] === offset) name = String(p.key.value);
      visit(p.value);
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(doc.contents);
  return name ? `"${name}", expected each key once per mapping` : 'in a mapping, expected each key once';
}

function findFirstAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node;
  if (isMap(node)) for (const p of node.items) {
    const hit = findFirstAlias(p.key) ?? findFirstAlias(p.value);
    if (hit) return hit;
  }
  if (isSeq(node)) for (const item of node.items) {
    const hit = findFirstAlias(item);
    if (hit) return hit;
  }
  return undefined;
}

import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLError } from 'yaml';
import { decodeUtf8 } from './decode';
import { Problem, ProblemCode, Severity } from './problem';
import { structureIssue, TOO_DEEP, tooDeepOffset } from './structure';

export type Path = readonly (string | number)[];
/** Which place of a node a problem points at: its value, its key, or (for a list item) the list entry. */
export type Target = 'value' | 'key' | 'entry';

/** Where problems point: a parsed Source, or on the quick path (load.ts) one that sends the caller back to a full parse. */
export type Locator = Pick<Source, 'problemAt' | 'plainText'>;

/** The parsed teams.yaml and what is needed to point at any place in it. */
export class Source {
  private constructor(readonly doc: Document.Parsed, private readonly lines: LineCounter, private readonly text: string) {}

  /** Decode and parse; returns the problems instead when the text is not a single YAML mapping. */
  static parse(bytes: Uint8Array): Source | Problem[] {
    if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
      return [at('empty-file', [], 1, 1, 'the file is empty, expected a mapping with cluster and teams')];
    }
    const decoded = decodeUtf8(bytes);
    if ('failure' in decoded) return [at('encoding', [], decoded.failure.line, decoded.failure.col, decoded.failure.message)];
    const { text } = decoded;
    const lines = new LineCounter();
    let doc: Document.Parsed;
    try {
      doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    } catch (e) {
      if (e instanceof RangeError) return [tooDeep(text)];
      throw e;
    }
    const source = new Source(doc, lines, text);
    // composing a document nested thousands of levels deep overflows the stack; the parser records that as an error
    if (doc.errors.some((e) => /call stack/i.test(e.message))) return [tooDeep(text)];
    // unknown tags are only warnings to `yaml`, but their values would pass as plain strings
    const yamlErrors = [...doc.errors, ...doc.warnings];
    if (yamlErrors.length > 0) {
      const lineWithError = new Set<number>();
      return yamlErrors.map((e) => source.yamlProblem(e)).filter((p) => {
        // a syntax error usually confuses the parser for the rest of its line: report the first only
        if (p.code !== 'yaml-syntax') return true;
        if (lineWithError.has(p.line)) return false;
        lineWithError.add(p.line);
        return true;
      });
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
      return [at('empty-file', [], 1, 1, 'the file has no content (only comments), expected a mapping with cluster and teams')];
    }
    if (!isMap(doc.contents)) {
      const kind = isSeq(doc.contents) ? 'a list' : `a scalar (${JSON.stringify(doc.contents.toJSON())})`;
      return [source.problemAt([], 'not-a-mapping', `the document is ${kind}, expected a mapping with cluster and teams`)];
    }
    const issue = structureIssue(doc);
    if (issue) return [source.problemAtOffset(issue.offset, issue.code, issue.message)];
    return source;
  }

  /** The plain value. Safe: `parse` has bounded how far aliases expand and how deep values nest. */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: -1 });
  }

  private yamlProblem(e: YAMLError): Problem {
    if (e.code === 'DUPLICATE_KEY') {
      const path = keyPathAt(this.doc.contents, e.pos[0], []);
      const key = path?.[path.length - 1];
      const problem = this.problemAtOffset(e.pos[0], 'yaml-duplicate-key', `duplicate key ${key === undefined ? '' : `${JSON.stringify(String(key))} `}in a mapping, expected each key once`);
      return { ...problem, path: path ?? [] };
    }
    if (e.code === 'MULTIPLE_DOCS') return this.problemAtOffset(e.pos[0], 'yaml-syntax', 'a second YAML document (after "---"), expected a single document');
    const tag = /^Unresolved tag: (\S+)/.exec(e.message);
    if (tag) return this.problemAtOffset(e.pos[0], 'yaml-syntax', `unknown tag ${tag[1]}, expected plain YAML values without tags`);
    return this.problemAtOffset(e.pos[0], 'yaml-syntax', yamlMessage(e.message));
  }

  /** The scalar at `path` exactly as written, when it is written without quotes ("0755", "no", "" for an empty value). */
  plainText(path: Path): string | undefined {
    const node = this.find(path, 'value');
    if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /**
   * A problem at the value of `path` (or its key with `target: 'key'`); the nearest existing ancestor when it is absent.
   * `target: 'entry'` points at the `-` of a block list entry (where an editor's cursor lands on "this item"),
   * and at the value itself in a flow list.
   */
  problemAt(path: Path, code: ProblemCode, message: string, target: Target = 'value', severity: Severity = 'error'): Problem {
    const node = this.find(path, target === 'key' ? 'key' : 'value');
    let offset = node?.range?.[0] ?? 0;
    if (target === 'entry' && typeof path[path.length - 1] === 'number') offset = this.entryIndicator(offset);
    const pos = this.lines.linePos(offset);
    return { code, severity, path, line: pos.line, col: pos.col, message };
  }

  /** The offset of the `- ` before a block sequence item that starts at `offset`, or `offset` when there is none. */
  private entryIndicator(offset: number): number {
    let i = offset - 1;
    while (i >= 0 && this.text[i] === ' ') i--;
    return this.text[i] === '-' ? i : offset;
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

/** The nesting problem of a document too deep to compose, at the first collection deeper than the limit. */
function tooDeep(text: string): Problem {
  const offset = tooDeepOffset(text) ?? 0;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  return at('yaml-nesting', [], line, offset - lineStart + 1, TOO_DEEP);
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0].replace(/\.$/, '');
  return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/** The path of the mapping key that starts at `offset`. */
function keyPathAt(node: unknown, offset: number, path: Path): Path | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) return [...path, key];
      const hit = keyPathAt(pair.value, offset, [...path, key]);
      if (hit) return hit;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const hit = keyPathAt(item, offset, [...path, i]);
      if (hit) return hit;
    }
  }
  return undefined;
}

import { Document, isMap, Node, Pair, parse, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { range, TextSplicer } from './text-splicer';

/** A value the editor writes: scalars, lists of scalars or of mappings, and mappings of those (new teams, new group lists, a new token list). */
export type EditValue = string | number | readonly string[] | readonly { readonly [key: string]: EditValue }[] | { readonly [key: string]: EditValue };

/**
 * Edits a YAML document through the `yaml` package's Document API and writes each edit as a splice of the original
 * text, so comments, key order, flow/block style, blank lines and even comment alignment stay as they were.
 * `result()` holds the splices to the Document: the edited text must parse to exactly the edited Document's value.
 */
export class YamlEditor {
  readonly doc: Document.Parsed;
  private readonly text: TextSplicer;
  private readonly indentStep: number;

  constructor(source: string) {
    this.doc = parseDocument(source, { uniqueKeys: true });
    if (this.doc.errors.length > 0) throw new Error(`teams.yaml does not parse: ${this.doc.errors[0].message}`);
    this.text = new TextSplicer(source);
    this.indentStep = this.detectIndentStep();
  }

  /** Append a scalar to a list: `[a]` → `[a, b]`; a block list gets a `- b` line under its last item. */
  appendScalar(seq: YAMLSeq, value: string): void {
    const items = seq.items as Node[];
    seq.add(this.doc.createNode(value));
    const last = items[items.length - 2];
    if (seq.flow) {
      const close = range(seq)[1] - 1;
      if (last === undefined) this.text.insert(close, scalarText(value, true));
      else this.text.insert(range(last)[1], `, ${scalarText(value, true)}`);
      return;
    }
    const dash = this.text.entryIndicator(last);
    if (dash === undefined) throw new Error('a block list item without "-"');
    this.text.insertLines(this.text.afterNode(last), [`${' '.repeat(this.text.column(dash))}- ${scalarText(value, false)}`]);
  }

  /**
   * Remove a list item. `withComments`: also the whole-line comments just above it and one blank line (a team and
   * its description). Otherwise comments stay, even one that shared the item's line (kept on a line of its own).
   */
  removeItem(seq: YAMLSeq, index: number, withComments: boolean): void {
    const items = seq.items as Node[];
    const item = items[index];
    items.splice(index, 1);
    if (seq.flow) {
      if (items.length === 0) this.text.replace(range(item)[0], range(item)[1], '');
      else if (index < items.length) this.text.replace(range(item)[0], range(items[index])[0], '');
      else this.text.replace(range(items[index - 1])[1], range(item)[1], '');
      return;
    }
    const dash = this.text.entryIndicator(item);
    if (dash === undefined) throw new Error('a block list item without "-"');
    const indent = ' '.repeat(this.text.column(dash));
    let start = this.text.lineStart(dash);
    let end = this.text.afterNode(item);
    if (withComments) {
      start = this.text.commentsAbove(start, this.text.column(dash));
      if (start > 0 && this.text.isBlankLine(this.text.lineStart(start - 1))) start = this.text.lineStart(start - 1);
      else if (this.text.isBlankLine(end)) end = this.text.lineEnd(end);
    }
    const trailing = this.text.source.slice(range(item)[1], end).trim();
    const kept = !withComments && trailing.startsWith('#') ? trailing : '';
    // a block list cannot be empty: the last item gives way to [] (a flow list on the next line is still its value)
    const lines = items.length === 0 ? [`${indent}[]${kept ? ` ${kept}` : ''}`] : kept ? [`${indent}${kept}`] : [];
    this.text.replace(start, end, '');
    if (lines.length > 0) this.text.insertLines(end, lines);
  }

  /**
   * Add `key: value` to a mapping after the last existing key that precedes it in `order` (the schema's order),
   * so new keys land where a person would put them. Lists are written in flow style (`[a]`), mappings in the
   * style of their parent.
   */
  addPair(map: YAMLMap, key: string, value: EditValue, order: readonly string[], lines: BlockLines = blockLines): void {
    const pairs = map.items as Pair<Scalar, Node>[];
    const rank = (k: unknown): number => order.indexOf(String(k));
    let index = 0;
    pairs.forEach((p, i) => {
      if (rank(p.key.value) < rank(key)) index = i + 1;
    });
    const before = pairs[index - 1];
    const after = pairs[index];
    pairs.splice(index, 0, this.doc.createPair(key, value) as Pair<Scalar, Node>);
    if (map.flow) {
      const pair = `${scalarText(key, true)}: ${flowText(value)}`;
      if (before) this.text.insert(range(before.value ?? before.key)[1], `, ${pair}`);
      else if (after) this.text.insert(range(after.key)[0], `${pair}, `);
      else this.text.replace(range(map)[0], range(map)[1], `{ ${pair} }`);
      return;
    }
    const anchor = (before ?? after)?.key;
    if (!anchor) throw new Error('an empty block mapping');
    const indent = ' '.repeat(this.text.column(range(anchor)[0]));
    const added = lines(key, value, this.indentStep).map((l) => indent + l);
    if (before) this.text.insertLines(this.text.afterNode(before.value ?? before.key), added);
    else this.text.insertLines(this.text.commentsAbove(this.text.lineStart(range(after.key)[0]), indent.length), added);
  }

  /** Replace a scalar's value, keeping its quoting. */
  setScalar(scalar: Scalar, value: string): void {
    const [start, end] = range(scalar);
    scalar.value = value;
    const quoted = scalar.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : scalar.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : scalarText(value, false);
    this.text.replace(start, end, quoted);
  }

  /** Append a mapping to a list of mappings: a block `- key: ...` entry (after a blank line when `spaced`). */
  appendMapping(seq: YAMLSeq, value: { readonly [key: string]: EditValue }, spaced: boolean, blockLinesOf: BlockLines = blockLines): void {
    const items = seq.items as Node[];
    const last = items[items.length - 1];
    seq.add(this.doc.createNode(value));
    if (seq.flow) {
      if (last) this.text.insert(range(last)[1], `, ${flowText(value)}`);
      else this.text.replace(range(seq)[0], range(seq)[1], `[${flowText(value)}]`);
      return;
    }
    const dash = last === undefined ? undefined : this.text.entryIndicator(last);
    if (last === undefined || dash === undefined) throw new Error('a block list without items');
    const indent = ' '.repeat(this.text.column(dash));
    const lines = Object.entries(value).flatMap(([k, v]) => blockLinesOf(k, v, this.indentStep));
    const entry = lines.map((l, i) => (i === 0 ? `${indent}- ${l}` : `${indent}  ${l}`));
    this.text.insertLines(this.text.afterNode(last), spaced ? ['', ...entry] : entry);
  }

  /** The edited text; throws when it does not parse back to the edited Document (a bug, never a user error). */
  result(): string {
    const edited = this.text.apply();
    const expected = JSON.stringify(this.doc.toJS());
    const reparsed = parseDocument(edited, { uniqueKeys: true });
    if (reparsed.errors.length > 0 || JSON.stringify(reparsed.toJS()) !== expected) {
      throw new Error(`the edited teams.yaml does not read back as the edit intended:\n${edited}`);
    }
    return edited;
  }

  /** Columns between a mapping key and the keys of its block mapping value, as the file writes them (2 by default). */
  private detectIndentStep(): number {
    const root = this.doc.contents;
    if (!isMap(root)) return 2;
    for (const pair of root.items as Pair<Scalar, Node>[]) {
      if (isMap(pair.value) && !pair.value.flow && pair.value.items.length > 0) {
        const child = (pair.value.items[0] as Pair<Scalar, Node>).key;
        const step = this.text.column(range(child)[0]) - this.text.column(range(pair.key)[0]);
        if (step > 0) return step;
      }
    }
    return 2;
  }
}

/** A string as a plain scalar when YAML 1.2 and 1.1 readers both read it back as a string (not `yes`, `007`), else double-quoted. */
export function scalarText(value: string, inFlow: boolean): string {
  const plain = /^[A-Za-z0-9][A-Za-z0-9._/@+-]*$/.test(value) && (!inFlow || !/[,[\]{}]/.test(value));
  const yaml11 = plain ? (parse(value, { version: '1.1' }) as unknown) : undefined;
  // a 1.1 timestamp is fine: teams.yaml writes its dates plain, and they are strings to this project
  return plain && parse(value) === value && (yaml11 === value || yaml11 instanceof Date) ? value : JSON.stringify(value);
}

/** A value in flow style: `[a, b]`, `{ gpu: 8 }`, `[{ name: a }]`. */
export function flowText(value: EditValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return scalarText(value, true);
  if (isList(value)) return `[${value.map((v: EditValue) => flowText(v)).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${scalarText(k, true)}: ${flowText(v)}`).join(', ')} }`;
}

/** How a new `key: value` is written in block style, as lines without the base indent. */
export type BlockLines = (key: string, value: EditValue, step: number) => string[];

/** `key: value` as block lines without the base indent: lists and scalars inline, mappings as indented blocks. */
export function blockLines(key: string, value: EditValue, step: number): string[] {
  const head = `${scalarText(key, false)}:`;
  if (typeof value === 'number' || typeof value === 'string' || isList(value)) return [`${head} ${flowText(value)}`];
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${head} {}`];
  return [head, ...entries.flatMap(([k, v]) => blockLines(k, v, step).map((l) => ' '.repeat(step) + l))];
}

function isList(value: EditValue): value is readonly string[] | readonly { readonly [key: string]: EditValue }[] {
  return Array.isArray(value);
}

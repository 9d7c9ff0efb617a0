import { Schema } from 'yaml';

/**
 * The value of one YAML document written the way synth writes dist/ (block mappings and sequences, one scalar per
 * line, plain, "double-" or 'single-quoted' strings, whole-line comments), several times faster than a general
 * parser. Undefined for anything else, or anything whose value could be other than what `yaml` gives: a plain
 * scalar that `yaml`'s core schema reads as null, a boolean or a number, a flow collection other than [] or {},
 * anchors, aliases, tags, block scalars, escapes, a scalar continued on the next line, a duplicate key.
 */
export function parseBlockYaml(document: string): unknown {
  const lines: Lines = { indents: [], texts: [] };
  let at = 0;
  while (at < document.length) {
    let end = document.indexOf('\n', at);
    if (end < 0) end = document.length;
    let indent = at;
    while (indent < end && document.charCodeAt(indent) === SPACE) indent++;
    let last = end;
    if (last > indent && document.charCodeAt(last - 1) === CR) last--;
    if (indent < last && document.charCodeAt(indent) !== HASH) {
      const lastChar = document.charCodeAt(last - 1);
      if (document.charCodeAt(indent) === TAB || lastChar === SPACE || lastChar === TAB) return undefined;
      lines.indents.push(indent - at);
      lines.texts.push(document.slice(indent, last));
    }
    at = end + 1;
  }
  if (lines.texts.length === 0 || lines.indents[0] !== 0) return undefined;
  try {
    const [value, next] = mapping(lines, 0, 0);
    return next === lines.texts.length ? value : undefined;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;

/** The document's lines that hold content: their indentation and their text without it. */
interface Lines {
  readonly indents: number[];
  readonly texts: string[];
}

/** Thrown (and caught in parseBlockYaml) when the text leaves the subset. */
const OUTSIDE = Symbol('outside the block YAML subset');
const outside = (): never => {
  throw OUTSIDE;
};

const isEntry = (text: string): boolean => text === '-' || text.startsWith('- ');

/** Plain scalars `yaml`'s core schema reads as something other than a string: null, booleans, numbers. */
const CORE_TESTS = new Schema({ schema: 'core' }).tags.flatMap((t) => (t.default && t.test ? [t.test] : []));
const MAYBE_NOT_STRING = /^[-+.0-9~nNtTfF]/;
/** Characters a plain scalar of this subset does not start with: YAML's indicators, quotes, and `-` `?` `:`. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Plain scalars known to be strings: dist/ repeats the same few verbs, groups and names thousands of times. */
const PLAIN_STRINGS = new Set<string>();

function plain(text: string): string {
  if (PLAIN_STRINGS.has(text)) return text;
  if (INDICATOR.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':') || text.includes('\t')) outside();
  if (MAYBE_NOT_STRING.test(text) && CORE_TESTS.some((test) => test.test(text))) outside();
  if (PLAIN_STRINGS.size < 100_000) PLAIN_STRINGS.add(text);
  return text;
}

function scalar(text: string): unknown {
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (text.startsWith('"')) {
    const inner = text.slice(1, -1);
    if (text.length < 2 || !text.endsWith('"') || inner.includes('"') || inner.includes('\\')) outside();
    return inner;
  }
  if (text.startsWith("'")) {
    const inner = text.slice(1, -1);
    if (text.length < 2 || !text.endsWith("'") || inner.replace(/''/g, '').includes("'")) outside();
    return inner.replace(/''/g, "'");
  }
  return plain(text);
}

/** `key: rest` or `key:` (rest ''), else undefined. */
function keyLine(text: string): { key: string; rest: string } | undefined {
  let key: string;
  let after: string;
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    if (end < 0) return undefined;
    key = text.slice(1, end);
    if (key.includes('\\')) outside();
    after = text.slice(end + 1);
  } else {
    const colon = text.indexOf(':');
    if (colon <= 0 || text[colon - 1] === ' ') return undefined;
    key = plain(text.slice(0, colon));
    after = text.slice(colon);
  }
  if (after === ':') return { key, rest: '' };
  return after.startsWith(': ') ? { key, rest: after.slice(2).replace(/^ +/, '') } : undefined;
}

function block(lines: Lines, at: number, indent: number): [unknown, number] {
  return isEntry(lines.texts[at] as string) ? sequence(lines, at, indent) : mapping(lines, at, indent);
}

function mapping(lines: Lines, at: number, indent: number): [Record<string, unknown>, number] {
  const { indents, texts } = lines;
  const out: Record<string, unknown> = {};
  while (at < texts.length && indents[at] === indent && !isEntry(texts[at] as string)) {
    const entry = keyLine(texts[at] as string) ?? outside();
    if (entry.key === '__proto__' || Object.prototype.hasOwnProperty.call(out, entry.key)) outside();
    at++;
    let value: unknown;
    if (entry.rest !== '') value = scalar(entry.rest);
    else if (at < texts.length && (indents[at] as number) > indent) [value, at] = block(lines, at, indents[at] as number);
    else if (at < texts.length && indents[at] === indent && isEntry(texts[at] as string)) [value, at] = sequence(lines, at, indent);
    else outside();
    out[entry.key] = value;
  }
  if (at < texts.length && (indents[at] as number) > indent) outside();
  return [out, at];
}

function sequence(lines: Lines, at: number, indent: number): [unknown[], number] {
  const { indents, texts } = lines;
  const out: unknown[] = [];
  while (at < texts.length && indents[at] === indent && isEntry(texts[at] as string)) {
    const text = texts[at] as string;
    if (text === '-') {
      at++;
      if (at >= texts.length || (indents[at] as number) <= indent) outside();
      const [value, next] = block(lines, at, indents[at] as number);
      out.push(value);
      at = next;
      continue;
    }
    let start = 2;
    while (text.charCodeAt(start) === SPACE) start++;
    const content = text.slice(start);
    if (isEntry(content)) outside();
    if (keyLine(content) !== undefined) {
      // a mapping whose first key is on the entry's line: read it as if that key stood on a line of its own
      indents[at] = indent + start;
      texts[at] = content;
      const [value, next] = mapping(lines, at, indent + start);
      out.push(value);
      at = next;
    } else {
      out.push(scalar(content));
      at++;
    }
  }
  if (at < texts.length && (indents[at] as number) > indent) outside();
  return [out, at];
}

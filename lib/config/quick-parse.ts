import * as jsyaml from 'js-yaml';
import { isScalar, Schema } from 'yaml';
import { MAX_DEPTH } from './structure';

/**
 * Plain scalars resolved by `yaml`'s own YAML 1.2 core-schema tags, in its order (null, bool, int, float; the first
 * whose test matches wins, else a string), so that `123`, `0o17`, `.inf`, `True` or `no` get the value `yaml` gives
 * them. One js-yaml type stands for them all (js-yaml would ask one type per tag about every plain scalar); the tag
 * it gives a node only matters to js-yaml for merge keys (`<<`), which `yaml`'s core schema does not resolve either.
 */
const CORE_SCALAR = (() => {
  const tags = new Schema({ schema: 'core' }).tags.flatMap(({ tag, default: implicit, test, resolve }) =>
    implicit && test && resolve ? [{ tag, test, resolve: (text: string) => resolve(text, () => undefined, { intAsBigInt: false } as never) }] : [],
  );
  // construct follows the resolve that matched the same text
  let matched: (typeof tags)[number] | undefined;
  return new jsyaml.Type('tag:yaml.org,2002:core-scalar', {
    kind: 'scalar',
    resolve: (text: string | null) => {
      const plain = text ?? '';
      matched = MAYBE_NOT_STRING.test(plain) ? tags.find((t) => t.test.test(plain)) : undefined;
      return matched !== undefined;
    },
    construct: (text: string | null) => {
      const value = matched?.resolve(text ?? '');
      return isScalar(value) ? value.value : value;
    },
  });
})();
/**
 * How every core-schema null, boolean and number starts (`~`, n/N, t/T, f/F, a sign, a digit or a dot), or the
 * empty null: the test that spares the tags' own tests for the names that make up most of teams.yaml.
 */
const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNtTfF])/;
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [CORE_SCALAR] });

/**
 * The value of teams.yaml text in a tenth of the time `yaml.parseDocument` takes, or undefined whenever it might
 * differ from what `Source.parse` gives or `Source.parse` might report a problem: then the caller parses with `yaml`.
 * The text must be a single mapping of plain YAML (see `plainEnough`), keys none of which `yaml` would read as null,
 * nested at most MAX_DEPTH levels, and without duplicate keys (anchors and aliases are declined before parsing).
 * test/config/quick-parse.test.ts holds it to `yaml` on the example, the fixtures and random mutations of them.
 */
export function quickParse(text: string): Record<string, unknown> | undefined {
  if (!plainEnough(text)) return undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: SCHEMA, json: false });
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return plainWithin(value, 1) ? (value as Record<string, unknown>) : undefined;
}

const enum C {
  Tab = 9, Newline = 10, Space = 32, Quote = 34, Hash = 35, Apostrophe = 39, Comma = 44, Dash = 45, Colon = 58, Question = 63,
  BracketOpen = 91, Backslash = 92, BracketClose = 93, BraceOpen = 123, BraceClose = 125,
}
/** Anchors, aliases, tags, directives and reserved indicators: `& * ! % @ \``. */
const NODE_PROPERTY = new Set([38, 42, 33, 37, 64, 96]);
const TOKEN_BEFORE = new Set([C.Space, C.Newline, C.BracketOpen, C.BraceOpen, C.Comma, C.Colon]);
const TOKEN_END = new Set([C.BracketOpen, C.BraceOpen, C.BracketClose, C.BraceClose, C.Comma, C.Colon, C.Quote, C.Apostrophe]);
/** The characters plainEnough looks at (line breaks, and each it has a rule for): it passes over every other one. */
const LOOKED_AT = /[\n\t#"'?[\]{}&*!%@`]/g;
/** The index of the first character at or after `from` that plainEnough looks at, or the text's length. */
function nextLookedAt(text: string, from: number): number {
  LOOKED_AT.lastIndex = from;
  // test, not exec: no match object for each of tens of thousands of characters; a match is one character long
  return LOOKED_AT.test(text) ? LOOKED_AT.lastIndex - 1 : text.length;
}

/**
 * Nothing that could make js-yaml and `yaml` disagree, or `yaml` refuse what js-yaml takes: no anchor, alias, tag,
 * directive or reserved indicator starting a node; no explicit `?` key; no flow collection as a key; no tab; no
 * line of 1,000 characters or more (`yaml` limits implicit keys to 1,024); no quoted scalar over several lines; no
 * comment glued to a token; no collection as a key of a flow mapping; no empty list entry (`-` alone);
 * and every line that continues a flow collection indented past the start of the line that opened it (`yaml`
 * refuses less, js-yaml does not). Comments and quoted scalars are skipped; a bracket inside a block plain scalar
 * (`a [b`) may count as one that opens a collection, which only sends more files to `yaml`.
 */
function plainEnough(text: string): boolean {
  /** The flow collections open here, innermost last. */
  const open: number[] = [];
  let openIndent = 0;
  let lineStart = 0;
  let content = contentStart(text, 0);
  if (content < 0) return false;
  for (let i = nextLookedAt(text, 0); i < text.length; i = nextLookedAt(text, i + 1)) {
    const c = text.charCodeAt(i);
    if (c === C.Newline) {
      if (i - lineStart >= 1000) return false;
      lineStart = i + 1;
      let j = lineStart;
      while (text.charCodeAt(j) === C.Space) j++;
      if (open.length > 0 && j < text.length && text.charCodeAt(j) !== C.Newline && j - lineStart <= openIndent) return false;
      content = contentStart(text, j);
      if (content < 0) return false;
      i = j - 1;
      continue;
    }
    if (c === C.Tab) return false;
    const tokenStart = i === lineStart || TOKEN_BEFORE.has(text.charCodeAt(i - 1));
    // `yaml` wants white space before a comment after a flow indicator or a quoted scalar; js-yaml does not
    if (c === C.Hash && i > lineStart && TOKEN_END.has(text.charCodeAt(i - 1))) return false;
    if (c === C.Hash && (i === lineStart || text.charCodeAt(i - 1) === C.Space)) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if ((c === C.Quote || c === C.Apostrophe) && tokenStart) {
      i = quotedEnd(text, i);
      if (i < 0) return false;
    } else if (tokenStart && NODE_PROPERTY.has(c)) {
      return false;
    } else if (c === C.Question && tokenStart && (i + 1 === text.length || text.charCodeAt(i + 1) === C.Space || text.charCodeAt(i + 1) === C.Newline)) {
      return false;
    } else if (c === C.BracketOpen || c === C.BraceOpen) {
      if (open.length > 0 || tokenStart) {
        // in a flow mapping, a collection that does not follow a `:` is a key
        if (open[open.length - 1] === C.BraceOpen && previousToken(text, i) !== C.Colon) return false;
        if (open.length === 0) openIndent = content - lineStart;
        open.push(c);
      }
    } else if (c === C.BracketClose || c === C.BraceClose) {
      open.pop();
      let j = i + 1;
      while (text.charCodeAt(j) === C.Space) j++;
      const after = text.charCodeAt(j + 1);
      if (text.charCodeAt(j) === C.Colon && (j + 1 === text.length || after === C.Space || after === C.Newline)) return false;
    }
  }
  return open.length === 0 && text.length - lineStart < 1000;
}

/**
 * Where a line's content starts after its indentation (ending at `at`) and any `- ` entries; -1 for an empty
 * entry (`-` then nothing or a comment), after which js-yaml may take less indented entries into the same list.
 */
function contentStart(text: string, at: number): number {
  let i = at;
  let entries = 0;
  for (;;) {
    while (text.charCodeAt(i) === C.Space) i++;
    const next = text.charCodeAt(i + 1);
    if (text.charCodeAt(i) !== C.Dash || !(next === C.Space || next === C.Newline || next === 13 || i + 1 >= text.length)) break;
    entries++;
    i++;
  }
  const c = text.charCodeAt(i);
  return entries > 0 && (i >= text.length || c === C.Newline || c === 13 || c === C.Hash) ? -1 : i;
}

/** The last character before `at` that is not white space. */
function previousToken(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === C.Space || text.charCodeAt(i) === C.Newline || text.charCodeAt(i) === 13)) i--;
  return text.charCodeAt(i);
}

/** The index of the quote that closes the quoted scalar opening at `start`, or -1 when it does not close on its line. */
function quotedEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Newline) return -1;
    if (quote === C.Quote && c === C.Backslash) i++;
    else if (c === quote) {
      if (quote === C.Apostrophe && text.charCodeAt(i + 1) === C.Apostrophe) i++;
      else return i;
    }
  }
  return -1;
}

/** No collection deeper than MAX_DEPTH, and no key js-yaml spells `null` (`yaml` spells a null key ""). */
function plainWithin(value: object, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((v) => typeof v !== 'object' || v === null || plainWithin(v, depth + 1));
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (key === 'null' || (typeof v === 'object' && v !== null && !plainWithin(v, depth + 1))) return false;
  }
  return true;
}

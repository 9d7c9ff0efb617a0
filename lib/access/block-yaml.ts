import { isScalar, Schema } from 'yaml';

/**
 * The value of a YAML document written in the plain block style of dist/ (what lib/synth/yaml.ts writes), several
 * times faster than js-yaml and ten times faster than `yaml`, or undefined whenever the text holds anything else:
 * then the caller parses it with a full parser. Accepted: a mapping at column 0; block mappings and sequences
 * indented by exactly their own column (sequences two columns under their key, mappings compact after `- `);
 * keys of letters, digits and `_./-` that `yaml`'s core schema reads as strings, each once per mapping; values on
 * the line of their key or dash: plain scalars on one line, quoted strings without escapes, `[]` and `{}`. Plain
 * scalars resolve by `yaml`'s own YAML 1.2 core-schema tags, so every value is the one `yaml.parse` gives
 * (test/access/block-yaml.test.ts holds the two together on random documents). Refused: comments, blank lines,
 * tabs, carriage returns, anchors, aliases, tags, flow collections with content, multi-line scalars.
 */
export function parseBlockYaml(text: string): Record<string, unknown> | undefined {
  if (text.length === 0 || text.charCodeAt(0) === C.Space || UNPRINTABLE.test(text)) return undefined;
  // a final line break ends the last line; an empty line anywhere is refused
  const end = text.charCodeAt(text.length - 1) === C.Newline ? text.length - 1 : text.length;
  const reader = new LineReader(text, end);
  const value = reader.mapping(0, false);
  return value === REFUSED || reader.at < end ? undefined : (value as Record<string, unknown>);
}

const REFUSED = Symbol('refused');

/** Tabs, carriage returns and other control characters, and what `yaml` may read as a line break or a byte order mark. */
const UNPRINTABLE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/** Deeper than this, a document is not one of ours: refused rather than recursed into. */
const MAX_INDENT = 256;

const enum C {
  Newline = 10, Space = 32, Quote = 34, Apostrophe = 39, Dash = 45, Colon = 58,
}

/** Characters of a key after its first (a letter, a digit or `_`): letters, digits, `_`, `.`, `/`, `-`. */
const KEY_CHAR = (() => {
  const ok = new Uint8Array(128);
  for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-') ok[c.charCodeAt(0)] = 2;
  for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_') ok[c.charCodeAt(0)] = 1;
  return ok;
})();

/** What may not start a plain scalar here: YAML's indicators, and white space. */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@` '.split('').map((c) => c.charCodeAt(0)));

/** Whether `yaml` reads a key as a string (not null, a boolean or a number): the same few keys recur in every document. */
const STRING_KEYS = new Map<string, boolean>();
function isStringKey(key: string): boolean {
  let known = STRING_KEYS.get(key);
  if (known === undefined) {
    known = key !== '__proto__' && typeof resolvePlain(key) === 'string';
    if (STRING_KEYS.size < 10_000) STRING_KEYS.set(key, known);
  }
  return known;
}

/** The lines of `text` up to `end`, read by offsets: `at` is where the current line starts. */
class LineReader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly end: number,
  ) {}

  /** A mapping whose keys stand at column `indent`; with `afterDash`, its first entry follows the `- ` of a sequence item. */
  mapping(indent: number, afterDash: boolean): unknown {
    if (indent > MAX_INDENT) return REFUSED;
    const out: Record<string, unknown> = {};
    let first = true;
    while (this.at < this.end) {
      const at = this.at;
      if (!(first && afterDash) && (this.indentAt(at) !== indent || this.text.charCodeAt(at + indent) === C.Dash)) break;
      first = false;
      const lineEnd = this.lineEnd(at);
      const colon = keyEnd(this.text, at + indent, lineEnd);
      if (colon < 0) return REFUSED;
      const key = this.text.slice(at + indent, colon);
      if (Object.prototype.hasOwnProperty.call(out, key) || !isStringKey(key)) return REFUSED;
      let value: unknown;
      if (colon + 1 === lineEnd) {
        this.next(lineEnd);
        value = this.nested(indent);
      } else {
        value = scalar(this.text, colon + 2, lineEnd);
        this.next(lineEnd);
      }
      if (value === REFUSED) return REFUSED;
      out[key] = value;
    }
    return this.endsBefore(indent) ? out : REFUSED;
  }

  /** The value of a `key:` with nothing after it: the block indented under it, or null. */
  private nested(indent: number): unknown {
    if (this.at >= this.end) return null;
    const inner = this.indentAt(this.at);
    if (inner <= indent) return null;
    return this.text.charCodeAt(this.at + inner) === C.Dash ? this.sequence(inner) : this.mapping(inner, false);
  }

  /** A sequence whose dashes stand at column `indent`. */
  private sequence(indent: number): unknown {
    if (indent > MAX_INDENT) return REFUSED;
    const out: unknown[] = [];
    while (this.at < this.end) {
      const at = this.at;
      if (this.indentAt(at) !== indent) break;
      if (this.text.charCodeAt(at + indent) !== C.Dash || this.text.charCodeAt(at + indent + 1) !== C.Space) return REFUSED;
      const lineEnd = this.lineEnd(at);
      let item: unknown;
      if (keyEnd(this.text, at + indent + 2, lineEnd) >= 0) {
        item = this.mapping(indent + 2, true);
      } else {
        item = scalar(this.text, at + indent + 2, lineEnd);
        this.next(lineEnd);
      }
      if (item === REFUSED) return REFUSED;
      out.push(item);
    }
    return this.endsBefore(indent) ? out : REFUSED;
  }

  /** Whether the block at column `indent` ends here: at the end, or at a line indented less (one indented more would continue a scalar). */
  private endsBefore(indent: number): boolean {
    return this.at >= this.end || this.indentAt(this.at) < indent;
  }

  private indentAt(at: number): number {
    let i = at;
    while (this.text.charCodeAt(i) === C.Space) i++;
    return i - at;
  }

  private lineEnd(at: number): number {
    const i = this.text.indexOf('\n', at);
    return i < 0 || i > this.end ? this.end : i;
  }

  private next(lineEnd: number): void {
    this.at = lineEnd >= this.end ? this.end : lineEnd + 1;
  }
}

/** Where the `:` of a `key:` or `key: value` entry starting at `start` is, or -1 when the line holds no such entry. */
function keyEnd(text: string, start: number, lineEnd: number): number {
  const first = text.charCodeAt(start);
  if (!(first < 128 && KEY_CHAR[first] === 1)) return -1;
  let i = start + 1;
  for (; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || KEY_CHAR[c] === 0) break;
  }
  if (i - start > 1000 || i >= lineEnd || text.charCodeAt(i) !== C.Colon) return -1;
  return i + 1 === lineEnd || text.charCodeAt(i + 1) === C.Space ? i : -1;
}

/** The scalar that fills the line from `start` to `lineEnd`. */
function scalar(text: string, start: number, lineEnd: number): unknown {
  if (start >= lineEnd) return REFUSED;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(lineEnd - 1);
  if (first === C.Quote || first === C.Apostrophe) {
    if (lineEnd - start < 2 || last !== first) return REFUSED;
    const inner = text.slice(start + 1, lineEnd - 1);
    return inner.includes(first === C.Quote ? '"' : "'") || (first === C.Quote && inner.includes('\\')) ? REFUSED : detached(inner);
  }
  const value = detached(text.slice(start, lineEnd));
  if (value === '[]') return [];
  if (value === '{}') return {};
  if (NOT_PLAIN_START.has(first) || last === C.Space || last === C.Colon || value.includes(': ') || value.includes(' #')) return REFUSED;
  return resolvePlain(value);
}

/** Values seen before (names, API groups, kinds recur in every document): one string each, up to a bound. */
const VALUES = new Map<string, string>();
const MAX_VALUES = 200_000;

/**
 * A slice of the text as a string that does not hold on to the text: the one seen before, or a copy. V8 makes a
 * slice of 13 characters or more a view of the whole text, so values kept from a thousand files would keep all
 * their text alive; joining a character before it makes V8 copy the characters, and the slice of that holds only
 * the copy.
 */
function detached(slice: string): string {
  const known = VALUES.get(slice);
  if (known !== undefined) return known;
  const copy = slice.length < 13 ? slice : (' ' + slice).slice(1);
  if (VALUES.size < MAX_VALUES) VALUES.set(copy, copy);
  return copy;
}

/** How every core-schema null, boolean and number starts, or the empty null: other plain scalars are strings. */
const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNtTfF])/;

const CORE_TAGS = new Schema({ schema: 'core' }).tags.flatMap(({ default: implicit, test, resolve }) =>
  implicit && test && resolve ? [{ test, resolve: (text: string) => resolve(text, () => undefined, { intAsBigInt: false } as never) }] : [],
);

/** A plain scalar's value as `yaml`'s core schema resolves it: the first implicit tag whose test matches, else a string. */
function resolvePlain(text: string): unknown {
  if (!MAYBE_NOT_STRING.test(text)) return text;
  const tag = CORE_TAGS.find((t) => t.test.test(text));
  if (!tag) return text;
  const value = tag.resolve(text);
  return isScalar(value) ? value.value : value;
}

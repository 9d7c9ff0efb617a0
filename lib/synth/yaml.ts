import { sortKeys } from '../core/compare';
import { DocumentOptions, Schema, ScalarTag, SchemaOptions, stringify, ToStringOptions } from 'yaml';

/**
 * The one YAML style of dist/: what `yaml` writes with these options. YAML 1.1 so that strings a 1.1 reader
 * (kubectl, kustomize, go-yaml) would take for booleans, numbers or null (`no`, `on`, `0755`, `1e3`) are quoted.
 */
export const YAML_OPTIONS: DocumentOptions & SchemaOptions & ToStringOptions = {
  version: '1.1',
  lineWidth: 0,
  blockQuote: false,
  // a string with line breaks stays on one line ("a\nb"): toYaml places scalars without knowing their indentation
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  customTags: [yaml12Octal()],
};

/**
 * YAML 1.2 readers (go-yaml v3, so kustomize and Flux) take `0o17` for the number 15; YAML 1.1 does not know that
 * form and would leave the string plain. Declaring it as an implicit tag makes `yaml` quote such strings.
 */
function yaml12Octal(): ScalarTag {
  return { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0o[0-7]+$/, identify: () => false, resolve: (s) => parseInt(s.replace('0o', ''), 8) };
}

type Scalar = string | number | boolean | null;

const MEMO_LIMIT = 100_000;
const strings = new Map<string, string>();
const others = new Map<Scalar, string>();

/**
 * Strings that `yaml` writes plain in any place, as key or value: words of letters, digits and `-._/:` joined by
 * single spaces, the first starting with a letter, none ending in `:` nor any but the first starting with `:`, that
 * no implicit tag of YAML_OPTIONS' schema (YAML 1.1 booleans, nulls, numbers…) would read as another type. Names,
 * namespaces, groups, label keys and descriptions are such strings, and most scalars of dist/ are names.
 * The property test in test/synth/yaml.test.ts holds this to `yaml`.
 */
export function surelyPlain(s: string): boolean {
  return SURELY_PLAIN.test(s) && !IMPLICIT_TESTS.some((test) => test.test(s));
}
const SURELY_PLAIN = /^[A-Za-z](?:[-A-Za-z0-9._/:]*[-A-Za-z0-9._/])?(?: [-A-Za-z0-9._/](?:[-A-Za-z0-9._/:]*[-A-Za-z0-9._/])?)*$/;
const IMPLICIT_TESTS: readonly RegExp[] = new Schema({ schema: 'yaml-1.1', customTags: YAML_OPTIONS.customTags }).tags.flatMap((tag) => (tag.default && tag.test ? [tag.test] : []));

/**
 * A scalar exactly as `yaml` writes it as a collection's item or value, and the line break after it (memoized: the
 * same few keys and values recur in every object). Not as a document of its own, where `---` and `...` would be quoted.
 */
function scalarLine(value: Scalar): string {
  if (typeof value === 'string') {
    let out = strings.get(value);
    if (out === undefined) {
      out = `${surelyPlain(value) ? value : stringify([value], YAML_OPTIONS).slice(2, -1)}\n`;
      if (strings.size < MEMO_LIMIT) strings.set(value, out);
    }
    return out;
  }
  // a Map holds 0 and -0 as one key, and yaml writes them differently
  if (Object.is(value, -0)) return '-0\n';
  let out = others.get(value);
  if (out === undefined) {
    out = stringify([value], YAML_OPTIONS).slice(2);
    if (others.size < MEMO_LIMIT) others.set(value, out);
  }
  return out;
}

/**
 * A mapping key exactly as `yaml` writes it, with what follows it on its line (`: ` before a value, `:` and the line
 * break before a collection) and, when it starts its line, the indentation before it: one piece of text for most
 * lines. Keys are quoted by other rules than values, and at the start of a line (column 0) `---` and `...` would
 * mark a document, so there they are quoted too.
 */
function keyHead(name: string, depth: number, startsLine: boolean, beforeCollection: boolean): string {
  const slot = depth * 4 + (startsLine ? 2 : 0) + (beforeCollection ? 1 : 0);
  const memo = (KEY_HEADS[slot] ??= new Map<string, string>());
  let out = memo.get(name);
  if (out === undefined) {
    const key = surelyPlain(name)
      ? name
      : startsLine && depth === 0
      ? stringify({ [name]: null }, YAML_OPTIONS).slice(0, -': null\n'.length)
      : stringify({ k: { [name]: null } }, YAML_OPTIONS).slice('k:\n  '.length, -': null\n'.length);
    out = `${startsLine ? indentOf(depth) : ''}${key}${beforeCollection ? ':\n' : ': '}`;
    if (memo.size < MEMO_LIMIT) memo.set(name, out);
  }
  return out;
}
const KEY_HEADS: (Map<string, string> | undefined)[] = [];

/**
 * Block-style YAML of a JSON value, byte-identical to `stringify(value, YAML_OPTIONS)` (a property test holds
 * it to that) and an order of magnitude faster, since `yaml` builds a document tree per object.
 */
export function toYaml(value: unknown): string {
  if (!isCollection(value)) return Array.isArray(value) ? '[]\n' : typeof value === 'object' && value !== null ? '{}\n' : `${stringify(value, YAML_OPTIONS)}`;
  const out = new Pieces();
  block(value, 0, null, out);
  return out.text();
}

/**
 * How cdk8s makes Kubernetes JSON of typed props (lib/synth/manifest.ts), done while writing instead of on a
 * copy: keys sorted and spelled as `names` says, null and undefined left out, a Quantity or IntOrString as its value.
 */
export interface PropsStyle {
  readonly names: ReadonlyMap<string, string>;
}

/**
 * Appends to `out` the pieces of `toYaml` of what `style` makes of the values of `top`, whose own keys keep their
 * order: pieces rather than one string, so that a whole file is joined once instead of built a line at a time.
 */
export function propsToYaml(top: Record<string, unknown>, style: PropsStyle, out: Pieces): void {
  block(top as Collection, 0, null, out, style, false);
}

type Json = Scalar | Json[] | { [key: string]: Json };
type Collection = Json[] | { [key: string]: Json };

function isCollection(v: unknown, style?: PropsStyle): v is Collection {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const k in v) if (!style || ((v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined)) return true;
  return false;
}

/** A plain value, a Quantity or IntOrString as its number or string; anything else is a mistake. */
export function unwrap(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) return v;
  const union = (v as { value?: unknown }).value;
  if (typeof union === 'number' || typeof union === 'string') return union;
  throw new Error(`cannot render a non-plain object of type ${v.constructor.name}`);
}

/** An empty collection or a scalar, ending the line of its key or dash. */
function inlineLine(v: unknown): string {
  if (Array.isArray(v)) return '[]\n';
  if (typeof v === 'object' && v !== null) return '{}\n';
  return scalarLine(v as Scalar);
}

/**
 * The lines of a non-empty collection; `lead` is the text already on its first line (`- ` or a key), null at the
 * top. With a style, values are taken as that style makes them, and keys sorted unless `sort` is false.
 */
function block(value: Collection, depth: number, lead: string | null, out: Pieces, style?: PropsStyle, sort = true): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = style ? unwrap(value[i]) : value[i];
      const prefix = i === 0 && lead !== null ? `${lead}- ` : dashOf(depth);
      if (isCollection(item, style)) block(item, depth + 1, prefix, out, style);
      else out.add2(prefix, inlineLine(item));
    }
    return;
  }
  const names = Object.keys(value);
  if (style && sort) sortKeys(names);
  let first = true;
  // indexed loops: until V8 optimizes it, a for-of allocates an iterator result per step
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    const item = style ? unwrap(value[name]) : value[name];
    if (style && (item === null || item === undefined)) continue;
    const startsLine = !(first && lead !== null);
    const opens = isCollection(item, style);
    const head = keyHead(style?.names.get(name) ?? name, depth, startsLine, opens);
    if (!startsLine) out.add(lead as string);
    first = false;
    if (opens) {
      out.add(head);
      block(item, depth + 1, null, out, style);
    } else {
      out.add2(head, inlineLine(item));
    }
  }
}

/** Two spaces per level, and the same followed by a list item's dash: made once per depth, not once per line. */
const INDENTS: string[] = [''];
const DASHES: string[] = ['- '];
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth] as string;
}
function dashOf(depth: number): string {
  while (DASHES.length <= depth) DASHES.push(`${indentOf(DASHES.length)}- `);
  return DASHES[depth] as string;
}

/**
 * The pieces of a text, joined once at the end: one array kept from text to text (cleared, never shrunk), since a
 * new array per file would grow to each file's thousands of pieces by copying itself again and again.
 */
export class Pieces {
  private readonly parts: string[] = [];
  private count = 0;
  /** How many pieces the text before had: those past this text's own are emptied before the join. */
  private before = 0;

  add(piece: string): void {
    this.parts[this.count++] = piece;
  }

  add2(a: string, b: string): void {
    this.parts[this.count++] = a;
    this.parts[this.count++] = b;
  }

  /** The text of the pieces added since the last call. */
  text(): string {
    const parts = this.parts;
    for (let i = this.count; i < this.before; i++) parts[i] = '';
    this.before = this.count;
    this.count = 0;
    return parts.join('');
  }
}

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
const keys = new Map<string, string>();
const topKeys = new Map<string, string>();

/**
 * Strings that `yaml` writes plain in any place, as key or value: a letter, then letters, digits and `-._/:`, not
 * ending in `:`, that no implicit tag of YAML_OPTIONS' schema (YAML 1.1 booleans, nulls, numbers…) would read as
 * another type. Names, namespaces, groups and label keys are such strings, and most scalars of dist/ are names.
 * The property test in test/synth/yaml.test.ts holds this to `yaml`.
 */
export function surelyPlain(s: string): boolean {
  return SURELY_PLAIN.test(s) && !IMPLICIT_TESTS.some((test) => test.test(s));
}
const SURELY_PLAIN = /^[A-Za-z](?:[-A-Za-z0-9._/:]*[-A-Za-z0-9._/])?$/;
const IMPLICIT_TESTS: readonly RegExp[] = new Schema({ schema: 'yaml-1.1', customTags: YAML_OPTIONS.customTags }).tags.flatMap((tag) => (tag.default && tag.test ? [tag.test] : []));

/**
 * A scalar exactly as `yaml` writes it as a collection's item or value (memoized: the same few keys and values recur
 * in every object). Not as a document of its own, where `---` and `...` would be quoted.
 */
function scalar(value: Scalar): string {
  if (typeof value === 'string') {
    let out = strings.get(value);
    if (out === undefined) {
      out = surelyPlain(value) ? value : stringify([value], YAML_OPTIONS).slice(2, -1);
      if (strings.size < MEMO_LIMIT) strings.set(value, out);
    }
    return out;
  }
  // a Map holds 0 and -0 as one key, and yaml writes them differently
  if (Object.is(value, -0)) return '-0';
  let out = others.get(value);
  if (out === undefined) {
    out = stringify([value], YAML_OPTIONS).slice(2, -1);
    if (others.size < MEMO_LIMIT) others.set(value, out);
  }
  return out;
}

/**
 * A mapping key exactly as `yaml` writes it: keys are quoted by other rules than values, and at the start of a line
 * (column 0) `---` and `...` would mark a document, so there they are quoted too.
 */
function key(name: string, atColumnZero: boolean): string {
  const memo = atColumnZero ? topKeys : keys;
  let out = memo.get(name);
  if (out === undefined) {
    out = surelyPlain(name)
      ? name
      : atColumnZero
      ? stringify({ [name]: null }, YAML_OPTIONS).slice(0, -': null\n'.length)
      : stringify({ k: { [name]: null } }, YAML_OPTIONS).slice('k:\n  '.length, -': null\n'.length);
    if (memo.size < MEMO_LIMIT) memo.set(name, out);
  }
  return out;
}

/**
 * Block-style YAML of a JSON value, byte-identical to `stringify(value, YAML_OPTIONS)` (a property test holds
 * it to that) and an order of magnitude faster, since `yaml` builds a document tree per object.
 */
export function toYaml(value: unknown): string {
  if (isCollection(value)) return block(value, '', null);
  return Array.isArray(value) ? '[]\n' : typeof value === 'object' && value !== null ? '{}\n' : `${stringify(value, YAML_OPTIONS)}`;
}

/**
 * How cdk8s makes Kubernetes JSON of typed props (lib/synth/manifest.ts), done while writing instead of on a
 * copy: keys sorted and spelled as `names` says, null and undefined left out, a Quantity or IntOrString as its value.
 */
export interface PropsStyle {
  readonly names: ReadonlyMap<string, string>;
}

/** `toYaml` of what `style` makes of the values of `top`, whose own keys keep their order. */
export function propsToYaml(top: Record<string, unknown>, style: PropsStyle): string {
  return block(top as Collection, '', null, style, false);
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

/** An empty collection or a scalar, on the line of its key or dash. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v as Scalar);
}

/**
 * The lines of a non-empty collection; `lead` is the text already on its first line (`- ` or a key), null at the
 * top. With a style, values are taken as that style makes them, and keys sorted unless `sort` is false.
 */
function block(value: Collection, indent: string, lead: string | null, style?: PropsStyle, sort = true): string {
  const inner = indent + '  ';
  let out = '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = style ? unwrap(value[i]) : value[i];
      const prefix = (i === 0 && lead !== null ? lead : indent) + '- ';
      out += isCollection(item, style) ? block(item, inner, prefix, style) : prefix + inline(item) + '\n';
    }
    return out;
  }
  const names = Object.keys(value);
  if (style && sort && names.length > 1) names.sort();
  let first = true;
  for (const name of names) {
    const item = style ? unwrap(value[name]) : value[name];
    if (style && (item === null || item === undefined)) continue;
    const startsLine = !(first && lead !== null);
    const head = (startsLine ? indent : lead) + key(style?.names.get(name) ?? name, startsLine && indent === '') + ':';
    first = false;
    out += isCollection(item, style) ? head + '\n' + block(item, inner, null, style) : head + ' ' + inline(item) + '\n';
  }
  return out;
}

import { DocumentOptions, ScalarTag, SchemaOptions, stringify, ToStringOptions } from 'yaml';

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
const values = new Map<Scalar, string>();
const keys = new Map<string, string>();
const topKeys = new Map<string, string>();

/**
 * A scalar exactly as `yaml` writes it as a collection's item or value (memoized: the same few keys and values recur
 * in every object). Not as a document of its own, where `---` and `...` would be quoted.
 */
function scalar(value: Scalar): string {
  // a Map holds 0 and -0 as one key, and yaml writes them differently
  if (Object.is(value, -0)) return '-0';
  let out = values.get(value);
  if (out === undefined) {
    out = stringify([value], YAML_OPTIONS).slice(2, -1);
    if (values.size < MEMO_LIMIT) values.set(value, out);
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
    out = atColumnZero
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

type Json = Scalar | Json[] | { [key: string]: Json };

function isCollection(v: unknown): v is Json[] | { [key: string]: Json } {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const _ in v) return true;
  return false;
}

/** An empty collection or a scalar, on the line of its key or dash. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v as Scalar);
}

/** The lines of a non-empty collection; `lead` is the text already on its first line (`- ` or a key), null at the top. */
function block(value: Json[] | { [key: string]: Json }, indent: string, lead: string | null): string {
  const inner = indent + '  ';
  let out = '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const prefix = (i === 0 && lead !== null ? lead : indent) + '- ';
      out += isCollection(item) ? block(item, inner, prefix) : prefix + inline(item) + '\n';
    }
    return out;
  }
  let first = true;
  for (const name of Object.keys(value)) {
    const item = value[name];
    const startsLine = !(first && lead !== null);
    const head = (startsLine ? indent : lead) + key(name, startsLine && indent === '') + ':';
    first = false;
    out += isCollection(item) ? head + '\n' + block(item, inner, null) : head + ' ' + inline(item) + '\n';
  }
  return out;
}

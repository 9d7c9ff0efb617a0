import { stringify } from 'yaml';

/**
 * The one YAML style of dist/: what `yaml` writes with these options. YAML 1.1 so that strings a 1.1 reader
 * (kubectl, kustomize, go-yaml) would take for booleans, numbers or null (`no`, `on`, `0755`, `1e3`) are quoted.
 */
export const YAML_OPTIONS = { version: '1.1', lineWidth: 0, blockQuote: false } as const;

const scalars = new Map<unknown, string>();

/** A scalar exactly as `yaml` would write it (memoized: the same few keys and values recur in every object). */
function scalar(value: string | number | boolean | null): string {
  let out = scalars.get(value);
  if (out === undefined) {
    out = stringify(value, YAML_OPTIONS).slice(0, -1);
    if (scalars.size < 100_000) scalars.set(value, out);
  }
  return out;
}

/**
 * Block-style YAML of a JSON value, byte-identical to `stringify(value, YAML_OPTIONS)` (a property test holds
 * it to that) and an order of magnitude faster, since `yaml` builds a document tree per object.
 */
export function toYaml(value: unknown): string {
  const lines: string[] = [];
  emit(value, '', lines, null);
  return lines.join('\n') + '\n';
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isCollection(v: unknown): v is Json[] | Record<string, Json> {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v as string);
}

/** `lead` is the text already on the current line for the first entry (`- ` or a key), null at the top. */
function emit(value: unknown, indent: string, lines: string[], lead: string | null): void {
  if (!isCollection(value)) {
    lines.push((lead === null ? indent : lead) + flow(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const prefix = (i === 0 && lead !== null ? lead : indent) + '- ';
      if (isCollection(item)) emit(item, indent + '  ', lines, prefix);
      else lines.push(prefix + flow(item));
    });
    return;
  }
  Object.entries(value).forEach(([key, item], i) => {
    const head = (i === 0 && lead !== null ? lead : indent) + scalar(key) + ':';
    if (!isCollection(item)) lines.push(`${head} ${flow(item)}`);
    else {
      lines.push(head);
      emit(item, indent + '  ', lines, null);
    }
  });
}

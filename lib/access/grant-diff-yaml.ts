import { parseDocument } from 'yaml';
import { quickParse } from '../config/quick-parse';
import { parseBlockYaml } from './block-yaml';
import { AccessInputError, objectsOfTexts } from './dist-objects';
import { splitDocuments } from './yaml-documents';

/** The kinds readRbacObjects reads (a List may hold any of them); every other document is skipped unparsed. */
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List']);

/** One YAML document of a dist/ file, not parsed yet. */
export interface RbacDocument {
  readonly text: string;
  /** Its top-level kind as written, when it could be read without parsing. */
  readonly kind: string | undefined;
}

/**
 * The documents of a file that may hold RBAC objects, cut at its `---` lines (splitDocuments); undefined when it
 * must be parsed whole: a directive, a document end, or content on a `---` line.
 */
export function rbacDocuments(text: string): RbacDocument[] | undefined {
  const spans = splitDocuments(text);
  if (!spans) return undefined;
  const out: RbacDocument[] = [];
  for (const { start, body, end, kind } of spans) {
    if (start !== body && !/^---[ \t]*\r?\n?$/.test(text.slice(start, body))) return undefined;
    if (kind === '' || (kind !== undefined && !RBAC_KINDS.has(kind))) continue;
    out.push({ text: text.slice(body, end), kind });
  }
  return out;
}

/**
 * Parses dist/ documents as `objectsOfTexts` parses them, each distinct text once (a binding the two versions of a
 * file share is parsed once), through the first parser sure to give what `yaml` gives: parseBlockYaml
 * (synth's own style), quickParse (js-yaml), `yaml` itself.
 */
export class RbacDocumentReader {
  private readonly parsed = new Map<string, unknown[]>();

  /** The objects of one document (none for an empty one). `label` names its file in messages. */
  objects(label: string, document: string): unknown[] {
    let objects = this.parsed.get(document);
    if (objects) return objects;
    let value: unknown = parseBlockYaml(document) ?? quickParse(document);
    if (value === undefined) {
      const doc = parseDocument(document);
      if (doc.errors.length > 0) throw new AccessInputError(`${label}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
      value = doc.toJS();
    }
    this.parsed.set(document, (objects = value === null || value === undefined ? [] : [value]));
    return objects;
  }

  /** The objects of every RBAC document of a file, in file order. */
  fileObjects(label: string, text: string): unknown[] {
    const documents = rbacDocuments(text);
    return documents ? documents.flatMap((d) => this.objects(label, d.text)) : objectsOfTexts(new Map([[label, text]]));
  }
}

import { parseDocument } from 'yaml';
import { quickParse } from '../config/quick-parse';
import { parseBlockYaml } from './grant-diff-block-yaml';
import { AccessInputError, objectsOfTexts } from './dist-objects';

/** The kinds readRbacObjects reads (a List may hold any of them); every other document is skipped unparsed. */
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List']);

/** A `kind:` key at the start of a line is a key of the document's top-level mapping. */
const TOP_LEVEL_KIND = /^kind:[ \t]*(["']?)([A-Za-z0-9]+)\1[ \t]*(?:#.*)?\r?$/m;
const DOCUMENT_MARKER = /^---[ \t]*\r?$/m;
const HAS_CONTENT = /^[ \t]*[^#\s]/m;

/** One YAML document of a dist/ file, not parsed yet. */
export interface RbacDocument {
  readonly text: string;
  /** Its top-level kind as written, when it could be read without parsing. */
  readonly kind: string | undefined;
}

/** Document markers with content after them, document ends and directives: a file that has any is parsed whole. */
function unusualStructure(text: string): boolean {
  if (/^(?:\.\.\.|%|---[ \t]*[^ \t\r\n])/.test(text) || text.includes('\n...') || text.includes('\n%')) return true;
  for (let at = text.indexOf('\n---'); at >= 0; at = text.indexOf('\n---', at + 4)) {
    let end = at + 4;
    while (text[end] === ' ' || text[end] === '\t') end++;
    if (end < text.length && text[end] !== '\n' && text[end] !== '\r') return true;
  }
  return false;
}

/** The documents of a file that may hold RBAC objects, cut at its `---` lines; undefined when it must be parsed whole. */
export function rbacDocuments(text: string): RbacDocument[] | undefined {
  if (unusualStructure(text)) return undefined;
  const out: RbacDocument[] = [];
  for (const document of text.split(DOCUMENT_MARKER)) {
    const kind = TOP_LEVEL_KIND.exec(document)?.[2];
    if ((kind === undefined || RBAC_KINDS.has(kind)) && HAS_CONTENT.test(document)) out.push({ text: document, kind });
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

import { parseAllDocuments } from 'yaml';
import { quickParse } from '../config/quick-parse';
import { parseBlockYaml } from './block-yaml';
import { AccessInputError } from './input-error';
import { splitDocuments, type DocumentSpan } from './yaml-documents';

/** What a selection may ask of a document before it is parsed. */
export interface DocumentFacts {
  /** Its top-level kind when read without parsing (see splitDocuments), else undefined. */
  readonly kind: string | undefined;
  /**
   * Whether its value may hold the string `needle` (no white space, quote or backslash in it): it holds it
   * literally, or holds a backslash, the one way (escapes in double quotes) to write it otherwise.
   */
  mentions(needle: string): boolean;
}

export type DocumentSelection = (document: DocumentFacts) => boolean;

/** The objects of one selected document, and where it is: its file's index (in path order) and its own in the file. */
export interface PlacedObjects {
  readonly file: number;
  readonly document: number;
  readonly objects: readonly unknown[];
}

/** The YAML files to read: their paths, and how to read one. */
export interface YamlFiles {
  readonly paths: readonly string[];
  read(path: string): string;
}

/** YamlFiles of texts in memory (path → text). */
export function filesOfTexts(texts: ReadonlyMap<string, string>): YamlFiles {
  return { paths: [...texts.keys()], read: (path) => texts.get(path) ?? '' };
}

/**
 * The objects of the documents of YAML files that a selection picks, so that a question parses only what can matter
 * to it. Each file is read, split into documents without parsing (splitDocuments), and let go before the next: a
 * dist/ of thousands of files costs its reading, not thousands of retained texts. Parsing gives what `yaml`'s
 * parseAllDocuments gives: dist/'s own block style through parseBlockYaml, anything else through js-yaml
 * (quickParse) when it is sure to agree, else through `yaml` itself, whose first error in the file is reported.
 */
export class DistDocuments {
  private readonly paths: readonly string[];

  constructor(private readonly files: YamlFiles) {
    this.paths = [...files.paths].sort();
  }

  /** The objects of the selected documents, file by file in path order, as `objectsOfTexts` would list them. */
  objects(select: DocumentSelection): unknown[] {
    return this.place(select).flatMap((p) => p.objects);
  }

  /**
   * The selected documents' objects with their places. `mayHold(text)` lets a file be skipped before it is split:
   * when it is false, the file has no document the selection would pick.
   */
  place(select: DocumentSelection, mayHold: (text: string) => boolean = () => true): PlacedObjects[] {
    const out: PlacedObjects[] = [];
    this.paths.forEach((path, file) => {
      const text = this.files.read(path);
      if (!mayHold(text)) return;
      const spans = splitDocuments(text);
      if (!spans) {
        out.push({ file, document: 0, objects: parseWhole(path, text) });
        return;
      }
      const facts = new SpanFacts(text, spans);
      spans.forEach((span, index) => {
        if (span.kind === '') return;
        facts.at(index);
        if (select(facts)) out.push({ file, document: index, objects: parseSpan(path, text, span) });
      });
    });
    return out;
  }
}

/** The facts of one document after another of a file: one object per file rather than one per document. */
class SpanFacts implements DocumentFacts {
  kind: string | undefined;
  private index = 0;
  /** Each needle's documents: a flag per span, worked out for the whole file at the first question. */
  private readonly hits = new Map<string, Uint8Array>();

  constructor(
    private readonly text: string,
    private readonly spans: readonly DocumentSpan[],
  ) {}

  at(index: number): void {
    this.index = index;
    this.kind = this.spans[index]?.kind;
  }

  mentions(needle: string): boolean {
    return this.hitsOf(needle)[this.index] === 1 || this.hitsOf('\\')[this.index] === 1;
  }

  private hitsOf(needle: string): Uint8Array {
    let flags = this.hits.get(needle);
    if (flags) return flags;
    flags = new Uint8Array(this.spans.length);
    let span = 0;
    for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + 1)) {
      while (span < this.spans.length - 1 && (this.spans[span] as DocumentSpan).end <= at) span++;
      flags[span] = 1;
    }
    this.hits.set(needle, flags);
    return flags;
  }
}

function parseSpan(path: string, text: string, span: DocumentSpan): unknown[] {
  const bareMarker = span.body - span.start === 4 || (span.start === 0 && span.body === 0);
  if (bareMarker) {
    const body = text.slice(span.body, span.end);
    const value = (span.kind !== undefined ? parseBlockYaml(body) : undefined) ?? quickParse(body);
    if (value !== undefined) return [value];
  }
  const documents = parseAllDocuments(text.slice(span.start, span.end));
  if (documents.some((d) => d.errors.length > 0)) {
    parseWhole(path, text);
    throw new AccessInputError(`${path}: not valid YAML: ${documents.find((d) => d.errors.length > 0)?.errors[0]?.message.split('\n')[0]}`);
  }
  return documents.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
}

/** The objects of a whole file through `yaml`, the reference: the first document with errors is reported. */
function parseWhole(path: string, text: string): unknown[] {
  const objects: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new AccessInputError(`${path}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

import { CST, Document, isAlias, isMap, isPair, isSeq, LineCounter, Parser } from 'yaml';

/** teams.yaml needs 7 levels (teams[].roles[].rules[].verbs[]); far deeper is a mistake or an attack. */
export const MAX_DEPTH = 64;
/** Values that aliases may add to the document when expanded; a few shared group lists add dozens. */
export const MAX_ALIAS_EXPANSION = 100_000;

export const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep, expected at most ${MAX_DEPTH} levels of lists and mappings`;

export interface StructureIssue {
  readonly code: 'yaml-alias' | 'yaml-nesting';
  readonly offset: number;
  readonly message: string;
}

class Found extends Error {
  constructor(readonly issue: StructureIssue) {
    super(issue.message);
  }
}

/**
 * The first alias that is unresolved, refers to a collection containing it, or makes the aliases of the document
 * expand past MAX_ALIAS_EXPANSION values (a "billion laughs" document), or the first collection nested deeper than
 * MAX_DEPTH. Sizes are counted per anchor, so nothing is ever expanded: a billion laughs costs a few microseconds.
 */
export function structureIssue(doc: Document.Parsed): StructureIssue | undefined {
  // an alias refers to the most recent anchor of that name before it, in document order (as `yaml` resolves it)
  const anchors = new Map<string, object>();
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let added = 0;
  const cap = (n: number): number => Math.min(n, MAX_ALIAS_EXPANSION + 1);

  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      const target = anchors.get(node.source);
      if (target === undefined) throw new Found({ code: 'yaml-alias', offset, message: `unknown alias *${node.source}, expected an anchor &${node.source} earlier in the file` });
      if (open.has(target)) throw new Found({ code: 'yaml-alias', offset, message: `alias *${node.source} refers to a list or mapping that contains it, expected an alias of a finished value` });
      const expanded = sizes.get(target) ?? 1;
      added = cap(added + expanded);
      if (added > MAX_ALIAS_EXPANSION) {
        const what = expanded > MAX_ALIAS_EXPANSION ? `alias *${node.source} alone expands to more than ${MAX_ALIAS_EXPANSION} values` : `aliases expand to more than ${MAX_ALIAS_EXPANSION} values here`;
        throw new Found({ code: 'yaml-alias', offset, message: `${what} (an alias bomb), expected aliases of a few small lists or mappings` });
      }
      return expanded;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) anchors.set(anchor, node as object);
    if (!isMap(node) && !isSeq(node)) {
      sizes.set(node as object, 1);
      return 1;
    }
    if (depth > MAX_DEPTH) throw new Found({ code: 'yaml-nesting', offset: node.range?.[0] ?? 0, message: TOO_DEEP });
    open.add(node);
    let total = 1;
    for (const item of node.items as unknown[]) {
      total += isPair(item) ? size(item.key, depth + 1) + size(item.value, depth + 1) : size(item, depth + 1);
      total = cap(total);
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };

  try {
    size(doc.contents, 1);
    return undefined;
  } catch (e) {
    if (e instanceof Found) return e.issue;
    throw e;
  }
}

/**
 * The first collection nested deeper than MAX_DEPTH, found in the concrete syntax tree (whose parser needs no
 * recursion): for documents so deep that composing them overflows the stack before `structureIssue` can run.
 */
export function tooDeepOffset(text: string): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = [];
  for (const token of new Parser(new LineCounter().addNewLine).parse(text)) {
    if (token.type === 'document') stack.push([token.value, 1]);
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (!node || (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection')) continue;
      if (depth > MAX_DEPTH) return node.offset;
      // reversed, so that the stack pops them in document order and the first too-deep collection is found first
      for (const item of [...node.items].reverse()) {
        stack.push(['value' in item ? item.value : undefined, depth + 1]);
        if ('key' in item) stack.push([item.key, depth + 1]);
      }
    }
  }
  return undefined;
}

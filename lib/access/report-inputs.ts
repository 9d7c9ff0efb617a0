import { CAPABILITIES } from './capabilities';
import { readRbacObjects, type RbacObjects } from './rbac-objects';
import { tokenOf } from './subjects';
import { LABEL } from '../core/object-names';

/**
 * Bump when what ACCESS.md says about the same objects changes (its rendering, the capabilities' requests, the
 * built-in roles): reports and sections written before no longer count as up to date.
 */
export const REPORT_FORMAT = 'access-report/1';


/** What ACCESS.md is evaluated from, read out of Kubernetes objects once. */
export interface AccessInputs {
  readonly rbac: RbacObjects;
  /** The names of the Namespace objects, as the RbacModel takes them. */
  readonly namespaceNames: readonly string[];
  /** Each Namespace object's name → its team label (the last object of a name winning; undefined when not a string). */
  readonly teams: ReadonlyMap<string, string | undefined>;
  /**
   * Everything the report is evaluated from, as one string: every Role and ClusterRole (labels, rules, aggregation),
   * every binding (what it binds to which role, and the token it stands for, which names its subjects), and every
   * Namespace with its team, in the order read (the same dist/ is read in the same order, and objects of the same
   * name count in that order). The same string means the same report; other fields (annotations
   * such as rotation dates, labels of bindings and namespaces) are left out, so that they change nothing.
   */
  readonly digestSource: string;
}

export function readAccessInputs(objects: readonly unknown[]): AccessInputs {
  const rbac = readRbacObjects(objects);
  const { namespaceNames, teams, namespaces } = readNamespaces(objects);
  return { rbac, namespaceNames, teams, digestSource: digestSourceOf([pieceOf(rbac, namespaces)]) };
}

/**
 * What one part of the objects (a dist/ file) adds to `digestSource`: the digest source of several parts is that of
 * all their objects, in the same order. Synth keeps these instead of the objects while it decides whether ACCESS.md
 * is current.
 */
export interface DigestPiece {
  /** The JSON of each entry of the digest's three lists, without the brackets: `""` for none. */
  readonly roles: string;
  readonly bindings: string;
  readonly namespaces: string;
}

export function accessDigestPiece(objects: readonly unknown[]): DigestPiece {
  return pieceOf(readRbacObjects(objects), readNamespaces(objects).namespaces);
}

/** `digestSource` of the objects of all the pieces, in their order. */
export function digestSourceOf(pieces: readonly DigestPiece[]): string {
  const list = (key: keyof DigestPiece): string => `[${pieces.map((p) => p[key]).filter((p) => p !== '').join(',')}]`;
  // JSON.stringify([REPORT_FORMAT, capabilities, roles, bindings, namespaces]), put together from the pieces
  return `[${JSON.stringify(REPORT_FORMAT)},${CAPABILITY_DIGEST},${list('roles')},${list('bindings')},${list('namespaces')}]`;
}

const CAPABILITY_DIGEST = JSON.stringify(CAPABILITIES.map((c) => [c.name, c.requests('\0')]));

function pieceOf(rbac: RbacObjects, namespaces: readonly [unknown, unknown][]): DigestPiece {
  // one stringify per list, its brackets cut off: the JSON of each entry, joined by commas
  const entries = (values: readonly unknown[]): string => JSON.stringify(values).slice(1, -1);
  return {
    roles: entries(rbac.roles.map((r) => [r.kind, r.namespace ?? null, r.name, r.labels, r.rules, r.aggregationSelectors ?? null])),
    bindings: entries(rbac.bindings.map((b) => [b.kind, b.namespace ?? null, b.name, b.roleRef.kind, b.roleRef.name, b.subjects, tokenOf(b) ?? null])),
    namespaces: entries(namespaces),
  };
}

function readNamespaces(objects: readonly unknown[]): { namespaceNames: string[]; teams: Map<string, string | undefined>; namespaces: [unknown, unknown][] } {
  const namespaceNames: string[] = [];
  const teams = new Map<string, string | undefined>();
  const namespaces: [unknown, unknown][] = [];
  for (const o of objects as { kind?: unknown; metadata?: { name?: unknown; labels?: Record<string, unknown> } }[]) {
    if (o?.kind !== 'Namespace') continue;
    const name = o.metadata?.name;
    const team = o.metadata?.labels?.[LABEL.team];
    namespaceNames.push(String(name));
    namespaces.push([name ?? null, team ?? null]);
    if (typeof name === 'string') teams.set(name, typeof team === 'string' ? team : undefined);
  }
  return { namespaceNames, teams, namespaces };
}

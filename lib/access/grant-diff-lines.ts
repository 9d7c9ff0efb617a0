import { describeTarget } from './access-diff';
import type { GrantChange, RoleChange, RoleReach } from './grant-diff-report';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `+ oidc:team-0003-interns: mlEngineer in team-0003 (like oidc:team-0003-ml)`. */
export function grantLine(g: GrantChange): string {
  const scope = g.namespace === undefined ? 'cluster-wide' : `in ${g.namespace}`;
  return `${g.sign}${g.widens ? '!' : ''} ${g.subject}: ${g.grant} ${scope}${g.like !== undefined ? ` (like ${g.like})` : ''}`;
}

/** `+! tier mlEngineer (ClusterRole coreweave-rbac-ml-engineer) may now get secrets: 12 subjects in 5 namespaces`. */
export function roleLine(r: RoleChange): string {
  const verbs = r.verbs.length > 0 ? `${r.verbs.join(', ')} ` : '';
  return `${r.sign}${r.widens ? '!' : ''} ${r.role} may ${r.sign === '+' ? 'now' : 'no longer'} ${verbs}${describeTarget(r)}: ${describeReach(r.reaches)}`;
}

/** `12 subjects in 5 namespaces`, `2 subjects cluster-wide`, `3 subjects in 1 namespace and cluster-wide`. */
export function describeReach(reaches: readonly RoleReach[]): string {
  if (reaches.length === 0) return 'bound to no subject';
  const subjects = new Set(reaches.map((r) => r.subject)).size;
  const namespaces = new Set(reaches.flatMap((r) => (r.namespace !== undefined ? [r.namespace] : []))).size;
  const clusterWide = reaches.some((r) => r.namespace === undefined);
  const where = [...(namespaces > 0 ? [`in ${plural(namespaces, 'namespace')}`] : []), ...(clusterWide ? ['cluster-wide'] : [])].join(' and ');
  return `${plural(subjects, 'subject')} ${where}`;
}

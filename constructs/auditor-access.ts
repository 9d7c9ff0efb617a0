import { Construct } from 'constructs';
import { auditorRules } from '../lib/core/audited-kinds';
import { AUDITOR_ROLE, AUDITORS_BINDING } from '../lib/core/object-names';
import { addObjects, ObjectSpec } from './api-objects';
import { toKubeRules } from './kube-rules';
import { groupsClusterRoleBinding } from './subjects';

export interface AuditorAccessProps {
  /**
   * Groups bound to the auditor ClusterRole (cluster.auditors, prefixed).
   * @default - the ClusterRole only, for a CI identity bound to it by hand
   */
  readonly auditorGroups?: readonly string[];
  /**
   * Also read Kueue's LocalQueues, ClusterQueues and ResourceFlavors.
   * @default false
   */
  readonly kueue?: boolean;
}

/**
 * The read-only identity of `drift` and `verify`: a ClusterRole with get and list of exactly the kinds they read and
 * create on subjectaccessreviews, never secrets; bound to the auditor groups when there are any.
 */
export class AuditorAccess extends Construct {
  constructor(scope: Construct, id: string, props: AuditorAccessProps = {}) {
    super(scope, id);
    addObjects(this, auditorAccessObjects(props));
  }
}

/** The objects of an AuditorAccess: the ClusterRole always, its ClusterRoleBinding with auditor groups. */
export function auditorAccessObjects(props: AuditorAccessProps = {}): ObjectSpec[] {
  const role: ObjectSpec = { id: 'role', kind: 'ClusterRole', props: { metadata: { name: AUDITOR_ROLE }, rules: toKubeRules(auditorRules({ kueue: props.kueue ?? false })) } };
  const groups = props.auditorGroups ?? [];
  if (groups.length === 0) return [role];
  return [role, groupsClusterRoleBinding('binding', AUDITORS_BINDING, AUDITOR_ROLE, groups)];
}

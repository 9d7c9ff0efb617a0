/**
 * The binding the RBAC authorizer names in an allowed request's `authorization.k8s.io/reason` annotation. The
 * text is made by plugin/pkg/auth/authorizer/rbac/rbac.go (`RBAC: allowed by %s`) and the binding describers of
 * pkg/registry/rbac/validation/rule.go, with Go's %q quoting:
 *
 *   RBAC: allowed by RoleBinding "ml-engineer/research" of ClusterRole "coreweave-rbac-ml-engineer" to Group "oidc:research-ml"
 *   RBAC: allowed by RoleBinding "token-pipeline/research" of ClusterRole "coreweave-rbac-ml-engineer" to ServiceAccount "pipeline/research"
 *   RBAC: allowed by ClusterRoleBinding "coreweave-rbac-cluster-admins" of ClusterRole "cluster-admin" to Group "oidc:platform-admins"
 *
 * A RoleBinding is written NAME/NAMESPACE, and so is a ServiceAccount.
 */
export interface AuthorizerReason {
  readonly binding: { readonly kind: 'RoleBinding' | 'ClusterRoleBinding'; readonly name: string; readonly namespace?: string };
  readonly roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly subject: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string; readonly namespace?: string };
}

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const REASON = new RegExp(String.raw`^RBAC: allowed by (RoleBinding|ClusterRoleBinding) ${QUOTED} of (Role|ClusterRole) ${QUOTED} to (User|Group|ServiceAccount) ${QUOTED}$`);

/** The binding, role and subject a reason names; undefined for any other text (another authorizer, none). */
export function parseAuthorizerReason(reason: string | undefined): AuthorizerReason | undefined {
  if (!reason?.startsWith('RBAC: allowed by ')) return undefined;
  const m = REASON.exec(reason);
  if (m === null) return undefined;
  const [, bindingKind, bindingText, roleKind, roleText, subjectKind, subjectText] = m as unknown as [string, AuthorizerReason['binding']['kind'], string, AuthorizerReason['roleRef']['kind'], string, AuthorizerReason['subject']['kind'], string];
  const bindingName = unquote(bindingText);
  const subjectName = unquote(subjectText);
  if (bindingName === undefined || subjectName === undefined || unquote(roleText) === undefined) return undefined;
  const binding = bindingKind === 'RoleBinding' ? splitNamespaced(bindingName) : { name: bindingName };
  if (binding === undefined) return undefined;
  const subject = subjectKind === 'ServiceAccount' ? splitNamespaced(subjectName) : { name: subjectName };
  if (subject === undefined) return undefined;
  return { binding: { kind: bindingKind, ...binding }, roleRef: { kind: roleKind, name: unquote(roleText)! }, subject: { kind: subjectKind, ...subject } };
}

/** `NAME/NAMESPACE`: neither a binding's name nor a namespace can hold a "/". */
function splitNamespaced(text: string): { name: string; namespace: string } | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash !== text.lastIndexOf('/') || slash === text.length - 1) return undefined;
  return { name: text.slice(0, slash), namespace: text.slice(slash + 1) };
}

/** The text between Go's %q quotes: JSON reads the escapes %q writes for printable ASCII (\" and \\). */
function unquote(text: string): string | undefined {
  if (!text.includes('\\')) return text;
  try {
    const value: unknown = JSON.parse(`"${text}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

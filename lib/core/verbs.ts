/** The verbs Kubernetes RBAC knows: a custom role may use only these, and can-i warns about any other, as kubectl does. */
export const KNOWN_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'proxy', '*'];

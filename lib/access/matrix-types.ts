export type Level = 'yes' | 'partly' | 'unknown';

export interface MatrixSubject {
  readonly subject: string;
  readonly kind: string;
  /** The bindings that bind it here (RoleBindings of the namespace, ClusterRoleBindings), described. */
  readonly via: readonly string[];
  /** Capability name → level; capabilities it lacks are absent. */
  readonly capabilities: Readonly<Record<string, Level>>;
}

export interface MatrixNamespace {
  readonly namespace: string;
  readonly team?: string;
  readonly subjects: readonly MatrixSubject[];
}

export interface CrossNamespaceGrant {
  readonly subject: string;
  readonly bindings: readonly { readonly namespace: string; readonly via: string }[];
}

export interface ClusterWideGrant {
  readonly binding: string;
  readonly role: string;
  readonly subjects: readonly string[];
  readonly grants: readonly string[];
}

export interface AccessMatrix {
  readonly capabilities: readonly { readonly name: string; readonly requests: readonly string[] }[];
  readonly namespaces: readonly MatrixNamespace[];
  /** Subjects bound by RoleBindings in more than one namespace, or ServiceAccounts bound outside their own. */
  readonly crossNamespace: readonly CrossNamespaceGrant[];
  readonly clusterWide: readonly ClusterWideGrant[];
}

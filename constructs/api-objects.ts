import { ApiObject, ApiObjectProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** The typed props of each built-in kind this project writes. */
export interface KubeProps {
  readonly Namespace: k8s.KubeNamespaceProps;
  readonly ResourceQuota: k8s.KubeResourceQuotaProps;
  readonly LimitRange: k8s.KubeLimitRangeProps;
  readonly NetworkPolicy: k8s.KubeNetworkPolicyProps;
  readonly ServiceAccount: k8s.KubeServiceAccountProps;
  readonly Role: k8s.KubeRoleProps;
  readonly RoleBinding: k8s.KubeRoleBindingProps;
  readonly ClusterRole: k8s.KubeClusterRoleProps;
  readonly ClusterRoleBinding: k8s.KubeClusterRoleBindingProps;
}
export type KubeKind = keyof KubeProps;

/**
 * One Kubernetes object as data: the construct id it gets, its kind and its props. Each construct adds the objects
 * of a pure function of its props (`teamQuotaObjects`, …), so synth can render the same objects without building
 * constructs (lib/synth/manifest.ts); a test holds both paths to the same bytes.
 */
export type ObjectSpec =
  | { readonly [K in KubeKind]: { readonly id: string; readonly kind: K; readonly props: KubeProps[K] } }[KubeKind]
  /** An object of a kind cdk8s-plus has no class for (Kueue's), as plain ApiObject props. */
  | { readonly id: string; readonly kind: 'Custom'; readonly props: ApiObjectProps };

interface KubeClass<P> {
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
  new (scope: Construct, id: string, props: P): ApiObject;
}

/** Each built-in kind's cdk8s-plus class (its GVK) and its props → Kubernetes JSON conversion. */
export const KUBE_KINDS: { readonly [K in KubeKind]: { readonly type: KubeClass<KubeProps[K]>; readonly toJson: (props: KubeProps[K]) => Record<string, unknown> | undefined } } = {
  Namespace: { type: k8s.KubeNamespace, toJson: k8s.toJson_KubeNamespaceProps },
  ResourceQuota: { type: k8s.KubeResourceQuota, toJson: k8s.toJson_KubeResourceQuotaProps },
  LimitRange: { type: k8s.KubeLimitRange, toJson: k8s.toJson_KubeLimitRangeProps },
  NetworkPolicy: { type: k8s.KubeNetworkPolicy, toJson: k8s.toJson_KubeNetworkPolicyProps },
  ServiceAccount: { type: k8s.KubeServiceAccount, toJson: k8s.toJson_KubeServiceAccountProps },
  Role: { type: k8s.KubeRole, toJson: k8s.toJson_KubeRoleProps },
  RoleBinding: { type: k8s.KubeRoleBinding, toJson: k8s.toJson_KubeRoleBindingProps },
  ClusterRole: { type: k8s.KubeClusterRole, toJson: k8s.toJson_KubeClusterRoleProps },
  ClusterRoleBinding: { type: k8s.KubeClusterRoleBinding, toJson: k8s.toJson_KubeClusterRoleBindingProps },
};

/** Add each object to `scope` as its cdk8s-plus class (or a plain ApiObject for Custom), in order. */
export function addObjects(scope: Construct, objects: readonly ObjectSpec[]): void {
  for (const object of objects) {
    if (object.kind === 'Custom') new ApiObject(scope, object.id, object.props);
    else new (KUBE_KINDS[object.kind].type as KubeClass<typeof object.props>)(scope, object.id, object.props);
  }
}

/** The same objects with `prefix-` before each id, for a function that composes several constructs' objects. */
export function withIdPrefix(prefix: string, objects: readonly ObjectSpec[]): ObjectSpec[] {
  return objects.map((o) => ({ ...o, id: `${prefix}-${o.id}` }));
}

import { k8s } from 'cdk8s-plus-28';
import type { PolicyRule } from '../lib/core/policy-rule';

/** PolicyRules without empty lists (no `resourceNames: []` noise). */
export function toKubeRules(rules: readonly PolicyRule[]): k8s.PolicyRule[] {
  return rules.map((r) => {
    const out: { -readonly [K in keyof k8s.PolicyRule]: k8s.PolicyRule[K] } = { verbs: [...r.verbs] };
    if (r.apiGroups?.length) out.apiGroups = [...r.apiGroups];
    if (r.resources?.length) out.resources = [...r.resources];
    if (r.resourceNames?.length) out.resourceNames = [...r.resourceNames];
    if (r.nonResourceURLs?.length) out.nonResourceUrLs = [...r.nonResourceURLs];
    return out;
  });
}

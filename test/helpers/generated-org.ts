/** Custom roles that stay within teamLead, with resourceNames and subresources, cycled over the generated teams. */
const ROLES = [
  ['pod-reader', '{ apiGroups: [""], resources: [pods], verbs: [get, list, watch] }, { apiGroups: [""], resources: [pods/log], verbs: [get] }'],
  ['config-editor', '{ apiGroups: [""], resources: [configmaps], resourceNames: [app-config], verbs: [get, update, patch] }'],
  ['scaler', '{ apiGroups: [apps], resources: [deployments/scale], verbs: [get, update, patch] }'],
  ['registry-reader', '{ apiGroups: [""], resources: [secrets], resourceNames: [registry-creds], verbs: [get] }'],
  ['job-runner', '{ apiGroups: [batch], resources: [jobs], verbs: [create, delete, get, list] }'],
] as const;

/**
 * A teams.yaml of n teams for differential tests: every tier group, a user token and a ServiceAccount token per team
 * (some bound to a custom role), a custom role with a group per team, cluster viewers and admins, and Kueue.
 */
export function generateOrgWithRoles(n: number): string {
  const lines = [
    'cluster:',
    '  name: generated',
    '  oidcGroupPrefix: "oidc:"',
    '  admins: [platform-admins, sre]',
    '  viewers: [finance, auditors]',
    `  gpuCapacity: { H100_NVLINK_80GB: ${n * 8} }`,
    '  kueue: { cohort: gpu }',
    'teams:',
  ];
  for (let i = 0; i < n; i++) {
    const name = `gen-${String(i).padStart(3, '0')}`;
    const [role, rule] = ROLES[i % ROLES.length] as readonly [string, string];
    const tokenBinding = i % 3 === 0 ? `role: ${role}` : `tier: ${['mlEngineer', 'inferenceOperator', 'viewer', 'teamLead'][i % 4]}`;
    lines.push(
      `  - name: ${name}`,
      `    quota: { gpu: 8, gpuByClass: { H100_NVLINK_80GB: 8 } }`,
      '    groups:',
      `      teamLead: [${name}-leads]`,
      `      mlEngineer: [${name}-ml${i % 2 === 0 ? `, shared-ml` : ''}]`,
      `      inferenceOperator: [${name}-serving]`,
      `      viewer: [${name}-observers${i > 0 ? `, gen-${String(i - 1).padStart(3, '0')}-ml` : ''}]`,
      '    roles:',
      `      - { name: ${role}, rules: [${rule}], groups: [${name}-${role}] }`,
      '    tokens:',
      `      - { name: ci, ${tokenBinding}, user: cw-token-gen${i}, rotatedAt: 2026-11-01 }`,
      `      - { name: pipeline, tier: ${i % 2 === 0 ? 'mlEngineer' : 'inferenceOperator'}, serviceAccount: pipeline, rotatedAt: 2026-11-01 }`,
    );
  }
  return lines.join('\n') + '\n';
}

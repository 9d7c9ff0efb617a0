/**
 * A teams.yaml of N teams for the benchmark and the large-org tests: every team has groups in all four tiers,
 * a user token and a serviceAccount token, quota (GPUs by class, storage classes), limits, and network
 * policies (every fifth team restricted egress, every team but the first allows the one before it).
 */
export function generateTeams(count: number): string {
  const lines = [
    '# yaml-language-server: $schema=../teams.schema.json',
    `# ${count} generated teams (bench/generate.ts)`,
    'cluster:',
    '  name: bench',
    '  oidcGroupPrefix: "oidc:"',
    '  admins: [platform-admins]',
    '  viewers: [finance]',
    `  gpuCapacity: { H100_NVLINK_80GB: ${count * 8}, A100_NVLINK_80GB: ${count * 4} }`,
    '  network: { ingressNamespaces: [ingress-nginx], monitoringNamespaces: [monitoring] }',
    'defaults:',
    '  quota: { cpu: "256", memory: 2Ti, storage: 20Ti, persistentVolumeClaims: 50, loadBalancers: 0 }',
    '  limits: { maxGpuPerPod: 8, defaultCpu: "1", defaultMemory: 4Gi }',
    'teams:',
  ];
  for (let i = 0; i < count; i++) lines.push(...team(i));
  return lines.join('\n') + '\n';
}

export const teamName = (i: number): string => `team-${String(i).padStart(5, '0')}`;

function team(i: number): string[] {
  const name = teamName(i);
  const restricted = i % 5 === 4;
  return [
    `  - name: ${name}`,
    `    description: Generated team ${i}`,
    `    costCenter: CC-${1000 + (i % 97)}`,
    `    quota: { gpu: 12, gpuByClass: { H100_NVLINK_80GB: 8, A100_NVLINK_80GB: 4 }, cpu: "512", memory: 4Ti,`,
    `             storageClasses: { shared-vast: 10Ti } }`,
    '    limits: { maxGpuPerPod: 8 }',
    '    groups:',
    `      teamLead: [${name}-leads]`,
    `      mlEngineer: [${name}-ml, ${name}-interns]`,
    `      inferenceOperator: [${name}-serving]`,
    `      viewer: [${name}-observers]`,
    '    tokens:',
    `      - { name: ci-deployer, tier: inferenceOperator, user: cw-token-${i.toString(16).padStart(5, '0')}, rotatedAt: 2026-10-01 }`,
    `      - { name: pipeline, tier: mlEngineer, serviceAccount: pipeline, rotatedAt: 2026-10-15 }`,
    '    network:',
    ...(i > 0 ? [`      allowFrom: [${teamName(i - 1)}]`] : []),
    `      egress: ${restricted ? 'restricted' : 'open'}`,
    ...(restricted ? ['      egressCidrs: [10.40.0.0/16]'] : []),
  ];
}

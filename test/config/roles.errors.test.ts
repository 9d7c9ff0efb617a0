import { describe, expect, it } from 'vitest';
import { problems } from '../helpers/problems';

/**
 * A team laid out as in README, "Custom roles", padded so that its first role's second rule starts on line 31:
 * `rules` is replaced by the given rule lines, `tokens` by the given token lines.
 */
function org(rules: string, tokens = '      - { name: dashboard, role: pod-reader, user: cw-token-9a1b, rotatedAt: 2026-10-01 }', extraRoles = ''): string {
  return `# yaml-language-server: $schema=./teams.schema.json
cluster:
  name: ord1-prod
  oidcGroupPrefix: "oidc:"
  admins: [platform-admins]
  viewers: [finance]
defaults:
  quota: { cpu: "256", memory: 2Ti }
teams:
  - name: research
    description: Foundation model pre-training
    costCenter: CC-1042
    quota:
      gpu: 128
      cpu: "1024"
      memory: 8Ti
    groups:
      teamLead: [research-leads]
      mlEngineer: [research-ml]
      viewer: [research-observers]
    tokens:
${tokens}
    network:
      allowFrom: []
      egress: open
    # the guide's pod-reader, and a role that asks for too much
    roles:
      - name: pod-reader
        rules:
          - { apiGroups: [""], resources: [pods], verbs: [get, list, watch] }
${rules}
        groups: [research-dashboards]
${extraRoles}`;
}

describe('custom roles (README, "Custom roles")', () => {
  it('accepts the guide\'s pod-reader role and a token bound to it', () => {
    expect(problems(org(''))).toEqual([]);
  });

  it.each([
    [
      'a rule beyond the teamLead tier, located at its list entry',
      '          - { apiGroups: [""], resources: [secrets, resourcequotas], verbs: [list, update] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "update resourcequotas", beyond the teamLead tier'],
    ],
    [
      'a block-style rule: the entry is its "-"',
      '          - apiGroups: [networking.k8s.io]\n            resources: [networkpolicies]\n            verbs: [create]',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "create networkpolicies.networking.k8s.io", beyond the teamLead tier'],
    ],
    [
      'every uncovered verb and resource, each once, named as kubectl does (get pods/exec is covered)',
      '          - { apiGroups: ["", apps], resources: [pods/exec, deployments/scale], verbs: [get, escalate] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "escalate pods/exec", "get deployments/scale", "escalate deployments/scale", "get pods.apps/exec", "escalate pods.apps/exec" and 1 more, beyond the teamLead tier'],
    ],
    [
      'resourceNames narrow a rule but do not make an uncovered verb covered, and are not repeated per name',
      '          - { apiGroups: [""], resources: [resourcequotas], resourceNames: [team-quota, other], verbs: [delete] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "delete resourcequotas", beyond the teamLead tier'],
    ],
    [
      'the wildcard verb',
      '          - { apiGroups: [""], resources: [pods], verbs: ["*"] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "* pods", beyond the teamLead tier'],
    ],
    [
      'the wildcard resource',
      '          - { apiGroups: [""], resources: ["*"], verbs: [get] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "get *", beyond the teamLead tier'],
    ],
    [
      'the wildcard API group',
      '          - { apiGroups: ["*"], resources: [secrets], verbs: [list] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "list secrets.*", beyond the teamLead tier'],
    ],
    [
      'a wildcard subresource (*/scale is a wildcard, pods/* is not)',
      '          - { apiGroups: [apps], resources: ["*/scale"], verbs: [update] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: grants "update *.apps/scale", beyond the teamLead tier'],
    ],
    [
      'an unknown verb',
      '          - { apiGroups: [""], resources: [pods], verbs: [get, read] }',
      ['teams.yaml:31:58: teams[0].roles[0].rules[1].verbs: unknown verb "read", expected Kubernetes verbs such as get, list, watch, create, update, patch, delete'],
    ],
    [
      'nonResourceURLs in a namespaced Role',
      '          - { nonResourceURLs: [/metrics], verbs: [get] }',
      ['teams.yaml:31:32: teams[0].roles[0].rules[1].nonResourceURLs: a namespaced Role cannot grant nonResourceURLs, expected apiGroups and resources'],
    ],
    [
      'a rule without apiGroups',
      '          - { resources: [pods], verbs: [get] }',
      ['teams.yaml:31:11: teams[0].roles[0].rules[1]: missing required key "apiGroups" (use [""] for the core group)'],
    ],
    [
      'a rule with an empty resources list',
      '          - { apiGroups: [""], resources: [], verbs: [get] }',
      ['teams.yaml:31:43: teams[0].roles[0].rules[1].resources: lists no resource, expected at least one'],
    ],
  ])('refuses %s', (_what, rule, expected) => {
    expect(problems(org(rule))).toEqual(expected);
  });

  it.each([
    [
      'a token with both tier and role',
      '      - { name: dashboard, tier: viewer, role: pod-reader, user: cw-token-9a1b, rotatedAt: 2026-10-01 }',
      ['teams.yaml:22:9: teams[0].tokens[0]: has both "tier" and "role", expected exactly one of them'],
    ],
    [
      'a token with neither tier nor role',
      '      - { name: dashboard, user: cw-token-9a1b, rotatedAt: 2026-10-01 }',
      ['teams.yaml:22:9: teams[0].tokens[0]: missing key "tier" (or "role"), expected exactly one of tier / role'],
    ],
    [
      'a token bound to a role the team does not declare',
      '      - { name: dashboard, role: pod-viewer, user: cw-token-9a1b, rotatedAt: 2026-10-01 }',
      ['teams.yaml:22:34: teams[0].tokens[0].role: unknown role "pod-viewer", expected one of this team\'s roles: pod-reader'],
    ],
  ])('refuses %s', (_what, token, expected) => {
    expect(problems(org('', token))).toEqual(expected);
  });

  it.each([
    [
      'a duplicate role name',
      '      - name: pod-reader\n        rules: [{ apiGroups: [""], resources: [events], verbs: [get] }]',
      ['teams.yaml:33:15: teams[0].roles[1].name: duplicate role name "pod-reader" in this team'],
    ],
    [
      'a role name that is not a DNS-1123 subdomain',
      '      - name: Pod_Reader\n        rules: [{ apiGroups: [""], resources: [events], verbs: [get] }]',
      ['teams.yaml:33:15: teams[0].roles[1].name: must be a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), got "Pod_Reader"'],
    ],
    [
      'a role name too long for its RoleBinding "role-<name>"',
      `      - name: ${'a'.repeat(250)}\n        rules: [{ apiGroups: [""], resources: [events], verbs: [get] }]`,
      ['teams.yaml:33:15: teams[0].roles[1].name: must be at most 248 characters (its RoleBinding is named "role-" + name), got 250 characters'],
    ],
    [
      'a role group starting with system:',
      '      - name: event-reader\n        rules: [{ apiGroups: [""], resources: [events], verbs: [get] }]\n        groups: ["system:masters"]',
      ['teams.yaml:35:18: teams[0].roles[1].groups[0]: must not start with "system:" (reserved for Kubernetes), got "system:masters"'],
    ],
    [
      'a rule in a flow list, located at the rule itself',
      '      - name: event-reader\n        rules: [{ apiGroups: [""], resources: [events], verbs: [get] }, { apiGroups: [""], resources: [nodes], verbs: [get] }]',
      ['teams.yaml:34:73: teams[0].roles[1].rules[1]: grants "get nodes", beyond the teamLead tier'],
    ],
  ])('refuses %s', (_what, role, expected) => {
    expect(problems(org('', undefined, `${role}\n`))).toEqual(expected);
  });
});

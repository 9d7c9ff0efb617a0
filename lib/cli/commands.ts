// Every command of `coreweave-rbac`, with what --help and completion say of it. Commands load lazily, so each
// pays only for what it uses.
export type Command = (argv: readonly string[]) => number | Promise<number>;

export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Command;
  /** The actions it takes as its first argument (team add, sandbox up), for completion. @default - none */
  readonly actions?: readonly string[];
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  synth: { summary: 'validate teams.yaml, write dist/, the audit policy and ACCESS.md', load: () => require('./synth').synth },
  check: { summary: 'validate strictly and fail when dist/, the audit policy or ACCESS.md are stale', load: () => require('./check').check },
  team: { summary: 'add or remove a team in teams.yaml, then synth', load: () => require('./edit/team').team, actions: ['add', 'remove'] },
  grant: { summary: 'bind an IdP group to a tier or custom role of a team', load: () => require('./edit/grant').grant },
  revoke: { summary: 'remove a group from every tier and custom role of a team', load: () => require('./edit/revoke').revoke },
  rotate: { summary: "record a token's rotation (default today)", load: () => require('./edit/rotate').rotate },
  token: { summary: 'add or remove an API token of a team', load: () => require('./edit/token').token, actions: ['add', 'remove'] },
  'can-i': { summary: 'may a user or group do VERB on RESOURCE, offline, like kubectl auth can-i', load: () => require('./can-i').canI },
  'who-can': { summary: 'every subject that may do VERB on RESOURCE, with the binding', load: () => require('./who-can').whoCan },
  'access-matrix': { summary: 'write ACCESS.md: who may do what in each namespace', load: () => require('./access-matrix').accessMatrix },
  'access-diff': { summary: 'what a change does to who may do what, for pull requests', load: () => require('./access-diff').accessDiff },
  verify: { summary: 'ask a live cluster, with SubjectAccessReviews, whether it grants what the tiers promise', load: () => require('./verify').verify },
  drift: { summary: 'what the live cluster has that dist/ does not, or lacks, or changed by hand', load: () => require('./drift').drift },
  'gpu-audit': { summary: 'GPU allocation records from API-server audit logs', load: () => require('./gpu-audit').gpuAudit },
  usage: { summary: 'which grants the audit log shows unused or wider than their use; --apply narrows them', load: () => require('./usage').usage },
  tokens: { summary: 'every API token with its age, next rotation date and status', load: () => require('./tokens').tokens },
  sandbox: { summary: 'a local Kubernetes control plane with dist/ applied (up, apply, down, build)', load: () => require('./sandbox').sandbox, actions: ['up', 'apply', 'down', 'build'] },
  completion: { summary: 'print a bash or zsh completion script', load: () => require('./completion').completion, actions: ['bash', 'zsh'] },
};


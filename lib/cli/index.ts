// `coreweave-rbac COMMAND ARGS...` (bin/coreweave-rbac.js, and every npm script): one entry point for every command.
// Commands load lazily, so each pays only for what it uses.
import { suggestion } from '../core/suggestion';

type Command = (argv: readonly string[]) => number | Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Command;
}

const COMMANDS: Record<string, CommandEntry> = {
  synth: { summary: 'validate teams.yaml, write dist/ and the audit policy', load: () => require('./synth').synth },
  check: { summary: 'validate strictly and fail when dist/, the audit policy or ACCESS.md are stale', load: () => require('./check').check },
  team: { summary: 'add or remove a team in teams.yaml, then synth', load: () => require('./edit/team').team },
  grant: { summary: 'bind an IdP group to a tier or custom role of a team', load: () => require('./edit/grant').grant },
  revoke: { summary: 'remove a group from every tier and custom role of a team', load: () => require('./edit/revoke').revoke },
  rotate: { summary: "record a token's rotation (default today)", load: () => require('./edit/rotate').rotate },
  token: { summary: 'add or remove an API token of a team', load: () => require('./edit/token').token },
  'can-i': { summary: 'may a user or group do VERB on RESOURCE, offline, like kubectl auth can-i', load: () => require('./can-i').canI },
  'who-can': { summary: 'every subject that may do VERB on RESOURCE, with the binding', load: () => require('./who-can').whoCan },
  'access-matrix': { summary: 'write ACCESS.md: who may do what in each namespace', load: () => require('./access-matrix').accessMatrix },
  'access-diff': { summary: 'what a change does to who may do what, for pull requests', load: () => require('./access-diff').accessDiff },
  verify: { summary: 'ask a live cluster, with SubjectAccessReviews, whether it grants what the tiers promise', load: () => require('./verify').verify },
  'gpu-audit': { summary: 'GPU allocation records from API-server audit logs', load: () => require('./gpu-audit').gpuAudit },
  tokens: { summary: 'every API token with its age, next rotation date and status', load: () => require('./tokens').tokens },
  sandbox: { summary: 'a local Kubernetes control plane with dist/ applied (up, apply, down, build)', load: () => require('./sandbox').sandbox },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: coreweave-rbac COMMAND [ARGS...]   (or npm run COMMAND -- ARGS...)\n\ncommands:\n${lines.join('\n')}\n\nEach command has --help. Exit codes: 0 success, 1 invalid input, a "no" or drift, 2 bad command line.\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const meant = suggestion(name, Object.keys(COMMANDS), 2);
    process.stderr.write(`coreweave-rbac: unknown command ${JSON.stringify(name)}${meant ? `, did you mean ${JSON.stringify(meant)}?` : ''}\n\n${help()}`);
    return 2;
  }
  return command.load()(rest);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

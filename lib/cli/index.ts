// One entry point for every npm script: `node -r tsx/cjs lib/cli/index.ts COMMAND ARGS...`.
// Commands load lazily, so each pays only for what it uses.
type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, () => Command> = {
  synth: () => require('./synth').synth,
  check: () => require('./check').check,
  team: () => require('./edit/team').team,
  grant: () => require('./edit/grant').grant,
  revoke: () => require('./edit/revoke').revoke,
  rotate: () => require('./edit/rotate').rotate,
  token: () => require('./edit/token').token,
  'gpu-audit': () => require('./gpu-audit').gpuAudit,
  tokens: () => require('./tokens').tokens,
  'can-i': () => require('./can-i').canI,
  'who-can': () => require('./who-can').whoCan,
  'access-matrix': () => require('./access-matrix').accessMatrix,
  'access-diff': () => require('./access-diff').accessDiff,
  verify: () => require('./verify').verify,
  sandbox: () => require('./sandbox').sandbox,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`usage: coreweave-rbac COMMAND [ARGS]\ncommands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  return command()(rest);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

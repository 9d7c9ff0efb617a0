// One entry point for every npm script: `node -r tsx/cjs lib/cli/index.ts COMMAND ARGS...`.
// Commands load lazily, so each pays only for what it uses.
type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, () => Command> = {
  synth: () => require('./synth').synth,
  check: () => require('./check').check,
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

// `coreweave-rbac COMMAND ARGS...` (bin/coreweave-rbac.js, and every npm script): one entry point for every command.
// Commands load lazily, so each pays only for what it uses.
import { suggestion } from '../core/suggestion';
import { COMMANDS } from './commands';
import { FlagList } from './common';

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
  try {
    return await command.load()(rest);
  } catch (e) {
    if (!(e instanceof FlagList)) throw e;
    process.stdout.write(`${e.flags.join('\n')}\n`); // asked by a completion script
    return 0;
  }
}

// `coreweave-rbac … | head`: the reader has all it wanted, and closing the pipe ends the command quietly, as it
// ends cat or grep; any other failure to write stdout is still an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

import { COMMANDS } from './commands';
import { defineCommand, runCli } from './command-spec';
import { EXIT, FlagList, LIST_FLAGS, UsageError } from './common';

const COMPLETION = defineCommand({
  name: 'completion',
  usage: ['bash|zsh'],
  description: `Print a shell completion script for coreweave-rbac: its commands, their actions and each command's flags, read
from the same definitions its parsers use.

  bash   source <(npx coreweave-rbac completion bash)       (e.g. in ~/.bashrc)
  zsh    source <(npx coreweave-rbac completion zsh)        (e.g. in ~/.zshrc, after compinit)`,
  options: {},
});

export function completion(argv: readonly string[]): Promise<number> {
  return runCli(COMPLETION, argv, async ({ positionals }) => {
    const [shell, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`expected bash or zsh, got ${shell === undefined ? 'nothing' : JSON.stringify(shell)}`);
    const commands = await completionData();
    process.stdout.write(shell === 'bash' ? bashScript(commands) : zshScript(commands));
    return EXIT.ok;
  });
}

export interface CommandWords {
  readonly name: string;
  readonly summary: string;
  readonly actions: readonly string[];
  readonly flags: readonly string[];
}

/** Each command's actions and flags: the flags from its own parser definition (LIST_FLAGS). */
export async function completionData(): Promise<CommandWords[]> {
  const out: CommandWords[] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    let flags: readonly string[] = [];
    try {
      await entry.load()([LIST_FLAGS]);
    } catch (e) {
      if (!(e instanceof FlagList)) throw e;
      flags = e.flags;
    }
    out.push({ name, summary: entry.summary, actions: entry.actions ?? [], flags });
  }
  return out;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function bashScript(commands: readonly CommandWords[]): string {
  const cases = commands.map((c) => `    ${c.name}) words=${quote([...c.flags].join(' '))}; actions=${quote(c.actions.join(' '))} ;;`);
  return `# bash completion for coreweave-rbac (coreweave-rbac completion bash)
_coreweave_rbac() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words="" actions=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote(commands.map((c) => c.name).join(' '))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
  if [ "$COMP_CWORD" -eq 2 ]; then words="$actions $words"; fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _coreweave_rbac coreweave-rbac
`;
}

export function zshScript(commands: readonly CommandWords[]): string {
  const described = commands.map((c) => `    ${quote(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`);
  // zsh's own $words is the command line, so the lists are flags and acts
  const cases = commands.map((c) => `    ${c.name}) flags=(${[...c.flags].map(quote).join(' ')}); acts=(${c.actions.map(quote).join(' ')}) ;;`);
  return `#compdef coreweave-rbac
# zsh completion for coreweave-rbac (coreweave-rbac completion zsh)
_coreweave_rbac() {
  local -a commands flags acts
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case \${words[2]} in
${cases.join('\n')}
  esac
  (( CURRENT == 3 )) && compadd -- $acts
  compadd -- $flags
  _files
}
compdef _coreweave_rbac coreweave-rbac
`;
}

import type { parseArgs } from 'node:util';
import { EXIT, failure, type Output, parseCommandLine, UsageError } from './common';

/** One flag of a command: what util.parseArgs needs, and what --help and completion say of it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** @default - no short form */
  readonly short?: string;
  /** @default false */
  readonly multiple?: boolean;
  /** @default - none */
  readonly default?: string | boolean;
  /** One line for --help. */
  readonly description: string;
  /** The value's name in --help (`-n, --namespace NS`). @default the flag's name in capitals */
  readonly value?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command of `coreweave-rbac`: its parser, its --help and its usage errors come from this one definition. */
export interface CommandSpec<O extends OptionSpecs> {
  readonly name: string;
  /** What follows `coreweave-rbac NAME` in each usage line (`VERB RESOURCE [flags]`). */
  readonly usage: readonly string[];
  /** What the command does, for --help: paragraphs, exit codes. */
  readonly description: string;
  readonly options: O;
  /** Text after the flags in --help (examples, notes). @default - none */
  readonly notes?: string;
  /** The exit code of invalid input; commands whose 1 means "no" use another. @default 1 */
  readonly inputErrorExit?: number;
  /** What a failure on invalid input adds: "nothing was written", "nothing was started". @default 'nothing was written' */
  readonly onInvalidInput?: string;
}

/** The streams a command writes to: the process's, or a test's. */
export interface CommandIo {
  readonly stdout: Output;
  readonly stderr: Output;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false, description: 'print this help' } } as const;

export type Parsed<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP_OPTION }>>;

/** A CommandSpec with its option types kept literal, so that the parsed values are typed. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/**
 * The frame of every command: parse the command line by the spec (--help answered from it), run the body, and
 * turn what it throws into one message and the project's exit code.
 */
export function runCli<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[], body: (parsed: Parsed<O>) => number, io?: CommandIo): number;
export function runCli<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[], body: (parsed: Parsed<O>) => Promise<number>, io?: CommandIo): Promise<number>;
export function runCli<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  body: (parsed: Parsed<O>) => number | Promise<number>,
  io: CommandIo = process,
): number | Promise<number> {
  const fail = (e: unknown): number => failure(spec.name, usageOf(spec), e, spec.onInvalidInput ?? 'nothing was written', spec.inputErrorExit ?? EXIT.failed, io.stderr);
  try {
    const parsed = parseCommandLine({ args: [...argv], allowPositionals: true, options: { ...spec.options, ...HELP_OPTION } }) as Parsed<O>;
    if ((parsed.values as { help?: boolean }).help) {
      io.stdout.write(helpOf(spec));
      return EXIT.ok;
    }
    const result = body(parsed);
    return typeof result === 'number' ? result : result.catch(fail);
  } catch (e) {
    return fail(e);
  }
}

/** The usage lines: `coreweave-rbac NAME …`, one per form. */
export function usageOf(spec: Pick<CommandSpec<OptionSpecs>, 'name' | 'usage'>): string {
  return spec.usage.map((u) => `coreweave-rbac ${spec.name} ${u}`.trimEnd()).join('\n       ');
}

export function helpOf<O extends OptionSpecs>(spec: CommandSpec<O>): string {
  const options = { ...spec.options, ...HELP_OPTION } as OptionSpecs;
  const names = Object.entries(options).map(([name, o]) => `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? name.toUpperCase()}` : ''}`);
  const width = Math.max(...names.map((n) => n.length));
  const lines = Object.values(options).map((o, i) => {
    const fallback = o.type === 'string' && typeof o.default === 'string' ? ` (default ${o.default})` : '';
    return `  ${(names[i] ?? '').padEnd(width)}  ${o.description}${fallback}${o.multiple ? ' (repeatable)' : ''}`;
  });
  return `${spec.description.trimEnd()}\n\nusage: ${usageOf(spec)}\n\nflags:\n${lines.join('\n')}\n${spec.notes ? `\n${spec.notes.trimEnd()}\n` : ''}`;
}

/** Refuse positional arguments a command does not take. */
export function noArguments(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
}

/** --format, checked against the formats a command has. */
export function checkFormat(format: string | undefined, allowed: readonly string[]): void {
  if (format !== undefined && !allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got ${JSON.stringify(format)}`);
  }
}

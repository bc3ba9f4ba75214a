// The contract of one `aql-estate` command: a file exports a CommandDefinition (built with
// defineCommand) and commands.ts lists it. The program adds it, parses, and maps what its action
// returns or throws to an exit code, so that no command handles process exit itself.

import { Command } from "commander";
import type { CliIo } from "./io";

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** The command ran and found problems (an invalid inventory, a failed gateway call). */
  failed: 1,
  /** The command line itself is wrong (unknown option, missing argument, bad value). */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM; what was done is kept and the command can be run again. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can fix, reported as its message alone (no stack). `exitCode` says which:
 * a bad command line (usage) or a failure of the work.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
  }
  override get name(): string {
    return "CliError";
  }
}

/**
 * What the action sees: its positional arguments (after commander's parsing), its options and
 * the io. It resolves with the exit code.
 */
export interface ActionContext<Opts> {
  args: readonly unknown[];
  opts: Opts;
  io: CliIo;
}
export type Action<Opts> = (ctx: ActionContext<Opts>) => Promise<ExitCode>;

export interface CommandDefinition {
  /** The command's name as typed after `aql-estate`. */
  readonly name: string;
  /** Build the commander Command (arguments, options, help) and attach run to it. */
  build(io: CliIo, done: (code: ExitCode) => void): Command;
}

/**
 * One command: `configure` declares its arguments and options on a fresh Command named `name`;
 * `action` does the work. Options come back as commander parsed them (typed by the caller).
 */
export function defineCommand<Opts>(
  name: string,
  configure: (cmd: Command) => Command,
  action: Action<Opts>,
): CommandDefinition {
  return {
    name,
    build(io, done) {
      const cmd = configure(new Command(name));
      cmd.action(async (...received: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command.
        const self = received[received.length - 1] as Command;
        const args = received.slice(0, -2);
        done(await action({ args, opts: self.opts() as Opts, io }));
      });
      return cmd;
    },
  };
}

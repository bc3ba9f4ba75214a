// The `aql-estate` program: every command of commands.ts under one commander program, with
// output through the io and every outcome (success, usage error, failure, interruption) mapped
// to an exit code. Nothing here calls process.exit: main.ts does, once.

import { Command, CommanderError } from "commander";
import { AqlError } from "../errors";
import { CliError, EXIT, type ExitCode } from "./command";
import { COMMANDS } from "./commands";
import { writeLine, type CliIo } from "./io";

export const PROGRAM_NAME = "aql-estate";

export function buildProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description("Bring an existing aql SIM estate under Pulumi: discover it, check an inventory.")
    .showHelpAfterError("(run aql-estate help <command> for its options)")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const def of COMMANDS) {
    // exitOverride and output settings are inherited only by commands added after they are set.
    program.addCommand(
      def.build(io, done).exitOverride().configureOutput(program.configureOutput()),
    );
  }
  return program;
}

/** Run the program on argv (without node and the script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    return report(io, e);
  }
}

function report(io: CliIo, e: unknown): ExitCode {
  if (e instanceof CommanderError) {
    // commander has already printed its message (and the help hint) through the io.
    const helpShown = ["commander.helpDisplayed", "commander.help", "commander.version"];
    return helpShown.includes(e.code) ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof CliError) {
    writeLine(io.stderr, `error: ${e.message}`);
    return e.exitCode;
  }
  if (e instanceof AqlError) {
    writeLine(io.stderr, `error: ${e.message} [${e.code}]`);
    return EXIT.failed;
  }
  writeLine(io.stderr, `error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return EXIT.failed;
}

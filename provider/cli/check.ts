// `aql-estate check FILE`: validate an inventory as a preview would, with no gateway and no
// engine. Every problem is listed (up to --max-problems, then how many more); warnings (a PIN
// in clear) too, without failing. Exit 0 when the file is valid, 1 otherwise.

import * as fs from "node:fs";
import { InventoryError, formatProblem } from "../errors";
import { readInventoryCsv } from "../estate/inventory";
import { CliError, EXIT, defineCommand } from "./command";
import { resolvePath, writeLine } from "./io";
import { intOption } from "./options";

interface CheckOptions {
  maxProblems: number;
}

export const checkCommand = defineCommand<CheckOptions>(
  "check",
  (cmd) =>
    cmd
      .description(
        "Check an inventory CSV: every mistake as file:line:column: reason. Needs no gateway.",
      )
      .argument("<file>", "the inventory CSV")
      .option(
        "--max-problems <n>",
        "problems to list before counting the rest",
        intOption(1, 1_000_000),
        100,
      ),
  async ({ args, opts, io }) => {
    const file = String(args[0]);
    let text: string;
    try {
      text = fs.readFileSync(resolvePath(io, file), "utf8");
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new CliError(`${file} cannot be read (${reason})`);
    }
    try {
      const { rows, warnings } = readInventoryCsv(text, file);
      const shown = warnings.slice(0, opts.maxProblems);
      for (const w of shown) writeLine(io.stderr, `warning: ${formatProblem(w)}`);
      const rest = warnings.length - shown.length;
      if (rest > 0) writeLine(io.stderr, `warning: ... and ${rest} more`);
      const noted = warnings.length === 0 ? "" : `, ${warnings.length} warning(s)`;
      writeLine(io.stdout, `${file}: ${rows.length} row(s), no problem${noted}`);
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof InventoryError)) throw e;
      const shown = e.problems.slice(0, opts.maxProblems);
      for (const p of shown) writeLine(io.stderr, formatProblem(p));
      const rest = e.problems.length - shown.length;
      if (rest > 0) writeLine(io.stderr, `... and ${rest} more problem(s)`);
      writeLine(io.stderr, `${file}: ${e.problems.length} problem(s)`);
      return EXIT.failed;
    }
  },
);

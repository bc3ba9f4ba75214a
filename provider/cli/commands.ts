// Every `aql-estate` command, in the order `aql-estate help` lists them. A new command is a file
// of its own exporting a CommandDefinition (see command.ts) and one line here.

import type { CommandDefinition } from "./command";
import { checkCommand } from "./check";
import { discoverCommand } from "./discover";
import { reshardCommand } from "./reshard";
import { upCommand } from "./up";

export const COMMANDS: readonly CommandDefinition[] = [
  discoverCommand,
  checkCommand,
  upCommand,
  reshardCommand,
];

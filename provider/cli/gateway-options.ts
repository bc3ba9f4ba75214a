// The gateway settings of a command that calls the gateway: flags for the usual ones, `AQL_*`
// environment variables for all of them (as the provider reads them), and the password only
// from AQL_PASSWORD or a file, never from the command line, where `ps` and shell history see it.

import * as fs from "node:fs";
import type { Command } from "commander";
import { loadConfig, type AqlConfig, type ConfigKey } from "../config";
import { CliError, EXIT } from "./command";
import { resolvePath, type CliIo } from "./io";
import { intOption } from "./options";

export interface GatewayFlags {
  endpoint?: string;
  username?: string;
  passwordFile?: string;
  requestsPerSecond?: string;
  maxConcurrency?: number;
}

export function addGatewayOptions(cmd: Command): Command {
  return cmd
    .option("--endpoint <url>", "gateway base URL (default: AQL_ENDPOINT, else the real gateway)")
    .option("--username <name>", "account username (default: AQL_USERNAME)")
    .option(
      "--password-file <file>",
      "file holding the account password (default: the AQL_PASSWORD environment variable)",
    )
    .option("--requests-per-second <n>", "gateway requests started per second (default 20)")
    .option(
      "--max-concurrency <n>",
      "gateway requests in flight at once (default 16)",
      intOption(1, 1000),
    );
}

/** The settings from the flags over `AQL_*`; an invalid one is a usage error naming it. */
export function gatewayConfig(flags: GatewayFlags, io: CliIo): AqlConfig {
  const fromFlags: Partial<Record<ConfigKey, string>> = {};
  if (flags.endpoint !== undefined) fromFlags.endpoint = flags.endpoint;
  if (flags.username !== undefined) fromFlags.username = flags.username;
  if (flags.requestsPerSecond !== undefined) fromFlags.requestsPerSecond = flags.requestsPerSecond;
  if (flags.maxConcurrency !== undefined) fromFlags.maxConcurrency = String(flags.maxConcurrency);
  if (flags.passwordFile !== undefined) fromFlags.password = readPassword(flags.passwordFile, io);
  try {
    return loadConfig((k) => fromFlags[k as ConfigKey], io.env);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.usage);
  }
}

function readPassword(file: string, io: CliIo): string {
  let text: string;
  try {
    text = fs.readFileSync(resolvePath(io, file), "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new CliError(`--password-file ${file} cannot be read (${reason})`, EXIT.usage);
  }
  // A file written with echo or an editor ends with a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, "");
  if (password === "") throw new CliError(`--password-file ${file} is empty`, EXIT.usage);
  return password;
}

// An io for running aql-estate commands in-process: output collected, a temporary directory
// as the working directory, an environment of the test's choosing.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CliIo, CliStream } from "../../../provider/cli/io";
import { runCli } from "../../../provider/cli/program";

export interface MemoryStream extends CliStream {
  text(): string;
}

export function memoryStream(isTTY = false): MemoryStream {
  const chunks: string[] = [];
  return { isTTY, write: (s) => void chunks.push(s), text: () => chunks.join("") };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MemoryIo extends CliIo {
  stdout: MemoryStream;
  stderr: MemoryStream;
  controller: AbortController;
}

export function memoryIo(cwd: string, env: NodeJS.ProcessEnv = {}, tty = false): MemoryIo {
  const controller = new AbortController();
  return {
    stdout: memoryStream(tty),
    stderr: memoryStream(tty),
    env,
    cwd,
    signal: controller.signal,
    controller,
  };
}

export async function run(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const io = memoryIo(cwd, env);
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "aql-estate-"));
}

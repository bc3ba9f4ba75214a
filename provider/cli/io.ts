// What a command may touch of the outside world: its output streams, environment, working
// directory and an interruption signal. The bin passes the process's; tests pass memory ones.

import * as path from "node:path";

export interface CliStream {
  write(text: string): void;
  /** A terminal: progress may redraw one line instead of printing periodic lines. */
  readonly isTTY: boolean;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on the first SIGINT/SIGTERM: long commands stop cleanly and say how to resume. */
  readonly signal: AbortSignal;
}

/** A path as the user gave it, resolved against the command's working directory. */
export function resolvePath(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}

/** Lines written to a stream, one call per line. */
export function writeLine(stream: CliStream, line = ""): void {
  stream.write(`${line}\n`);
}

// The vmPin cell. A PIN in the file is readable by anyone who reads the file, so the cell
// normally names a stack secret (`config:NAME`); an empty cell leaves the PIN unmanaged; four
// digits are accepted but warned about, naming the row.

export const PIN_REFERENCE_PREFIX = "config:";

/** A config key, optionally namespaced (`ns:key`), as `pulumi config set` takes it. */
const CONFIG_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

export type PinCell = { pin: string } | { pinConfig: string } | { problem: string };

/** Reads a non-empty, trimmed vmPin cell. Never quotes the cell back (it may be a PIN). */
export function readPinCell(text: string): PinCell {
  if (!text.toLowerCase().startsWith(PIN_REFERENCE_PREFIX)) return { pin: text };
  const key = text.slice(PIN_REFERENCE_PREFIX.length).trim();
  if (!CONFIG_KEY.test(key)) {
    return {
      problem:
        "must name a stack config key after config:, e.g. config:vmPinAda " +
        "(letters, digits, _ . -; a namespace as ns:key)",
    };
  }
  return { pinConfig: key };
}

export const LITERAL_PIN_WARNING =
  "holds a PIN in clear: anyone who reads the file reads it. Keep it as a stack secret " +
  "(pulumi config set --secret NAME) and write config:NAME in the cell";

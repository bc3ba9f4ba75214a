// Option value parsers shared by commands: a bad value is a usage error naming the option.

import { InvalidArgumentError } from "commander";

/** An integer option from min to max. */
export function intOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

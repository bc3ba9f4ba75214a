// Accounts and their inventories: which ICCIDs and geographic numbers each account owns.
//
// Nothing is generated up front. ICCID number i of an account is computed from i:
//   "8944" "20" <4-digit block> <index, 8 digits (19-digit ICCIDs) or 9 digits (20-digit)> <Luhn digit>
// and number i is <prefix> + (start + i) padded to <width> digits. Ownership is checked by
// parsing, so an account of 20000 SIMs and 20000 numbers costs a few bytes until SIMs are used.
// The block comes from the seed and the username unless the spec pins it.

import { createHash } from "node:crypto";
import { fnv1a } from "./random";

export interface AccountSpec {
  username: string;
  password: string;
  /** How many ICCIDs to generate (default 1000). */
  iccidCount?: number;
  /** Length of generated ICCIDs (default 19). */
  iccidLength?: 19 | 20;
  /** The 4-digit block after 894420 (default: derived from the seed and the username). */
  iccidBlock?: number;
  /** How many geographic numbers to generate (default 1000). */
  numberCount?: number;
  /** Digits before the running part, e.g. "44113" (default "44114"). */
  numberPrefix?: string;
  /** First value of the running part (default: a block of 100000 per account). */
  numberStart?: number;
  /** Digits of the running part (default 7). */
  numberWidth?: number;
  /** ICCIDs owned besides the generated ones (e.g. the vendor's example ICCID). */
  extraIccids?: readonly string[];
  /** Numbers owned besides the generated ones. */
  extraNumbers?: readonly string[];
}

/** The default account: 20000 19-digit ICCIDs, numbers 441134960000 to 441134979999. */
export const DEMO_ACCOUNT: Readonly<AccountSpec> = {
  username: "demo",
  password: "demo-password",
  iccidCount: 20000,
  iccidLength: 19,
  numberCount: 20000,
  numberPrefix: "44113",
  numberStart: 4960000,
  numberWidth: 7,
};

/**
 * The account of the vendor's examples: it owns the example ICCID 1111111111000000001 (19
 * digits, fails Luhn, as in the vendor text) and number 44113000000, plus 100 generated 20-digit
 * ICCIDs and numbers 441135000000 to 441135000099.
 */
export const VENDOR_EXAMPLE_ACCOUNT: Readonly<AccountSpec> = {
  username: "myusername",
  password: "mypassword",
  iccidCount: 100,
  iccidLength: 20,
  numberCount: 100,
  numberPrefix: "44113",
  numberStart: 5000000,
  numberWidth: 7,
  extraIccids: ["1111111111000000001"],
  extraNumbers: ["44113000000"],
};

export const DEFAULT_ACCOUNTS: readonly Readonly<AccountSpec>[] = [DEMO_ACCOUNT];

export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(body + String(d))) return String(d);
  }
  throw new Error("unreachable: some digit always completes a Luhn sum");
}

export class Inventory {
  readonly username: string;
  readonly iccidCount: number;
  readonly iccidLength: 19 | 20;
  readonly iccidPrefix: string;
  readonly numberCount: number;
  readonly numberPrefix: string;
  readonly numberStart: number;
  readonly numberWidth: number;
  readonly extraIccids: readonly string[];
  readonly extraNumbers: readonly string[];
  private readonly extraIccidSet: ReadonlySet<string>;
  private readonly extraNumberSet: ReadonlySet<string>;
  private readonly indexDigits: number;

  constructor(spec: AccountSpec, block: number, numberStart: number) {
    this.username = spec.username;
    this.iccidCount = spec.iccidCount ?? 1000;
    this.iccidLength = spec.iccidLength ?? 19;
    this.iccidPrefix = "894420" + String(block).padStart(4, "0");
    this.indexDigits = this.iccidLength - this.iccidPrefix.length - 1;
    this.numberCount = spec.numberCount ?? 1000;
    this.numberPrefix = spec.numberPrefix ?? "44114";
    this.numberStart = numberStart;
    this.numberWidth = spec.numberWidth ?? 7;
    this.extraIccids = [...(spec.extraIccids ?? [])];
    this.extraNumbers = [...(spec.extraNumbers ?? [])];
    this.extraIccidSet = new Set(this.extraIccids);
    this.extraNumberSet = new Set(this.extraNumbers);
    if (this.iccidCount < 0 || this.iccidCount > 10 ** this.indexDigits) {
      throw new Error(`account ${this.username}: iccidCount out of range`);
    }
    if (this.numberCount < 0 || this.numberStart + this.numberCount > 10 ** this.numberWidth) {
      throw new Error(`account ${this.username}: numbers overflow ${this.numberWidth} digits`);
    }
  }

  get iccidTotal(): number {
    return this.iccidCount + this.extraIccids.length;
  }

  get numberTotal(): number {
    return this.numberCount + this.extraNumbers.length;
  }

  /** ICCID number i: generated ones first, then the extras. */
  iccidAt(i: number): string {
    if (i < this.iccidCount) {
      const body = this.iccidPrefix + String(i).padStart(this.indexDigits, "0");
      return body + luhnCheckDigit(body);
    }
    const extra = this.extraIccids[i - this.iccidCount];
    if (extra === undefined) throw new RangeError(`no ICCID ${i} in ${this.username}`);
    return extra;
  }

  numberAt(i: number): string {
    if (i < this.numberCount) {
      return this.numberPrefix + String(this.numberStart + i).padStart(this.numberWidth, "0");
    }
    const extra = this.extraNumbers[i - this.numberCount];
    if (extra === undefined) throw new RangeError(`no number ${i} in ${this.username}`);
    return extra;
  }

  ownsIccid(iccid: string): boolean {
    if (this.extraIccidSet.has(iccid)) return true;
    if (iccid.length !== this.iccidLength || !iccid.startsWith(this.iccidPrefix)) return false;
    const index = Number(iccid.slice(this.iccidPrefix.length, -1));
    return Number.isInteger(index) && index < this.iccidCount && this.iccidAt(index) === iccid;
  }

  ownsNumber(number: string): boolean {
    if (this.extraNumberSet.has(number)) return true;
    if (number.length !== this.numberPrefix.length + this.numberWidth) return false;
    if (!number.startsWith(this.numberPrefix)) return false;
    const rest = number.slice(this.numberPrefix.length);
    if (!/^\d+$/.test(rest)) return false;
    const offset = Number(rest) - this.numberStart;
    return offset >= 0 && offset < this.numberCount;
  }

  /** The first n ICCIDs (after skipping `offset` free ones) for which isFree holds. */
  pickIccids(n: number, isFree: (iccid: string) => boolean, offset = 0): string[] {
    return pick(this.iccidTotal, (i) => this.iccidAt(i), n, isFree, offset);
  }

  pickNumbers(n: number, isFree: (number: string) => boolean, offset = 0): string[] {
    return pick(this.numberTotal, (i) => this.numberAt(i), n, isFree, offset);
  }

  describe(): InventorySummary {
    return {
      iccids: this.iccidTotal,
      iccidRange: this.iccidCount > 0 ? [this.iccidAt(0), this.iccidAt(this.iccidCount - 1)] : null,
      extraIccids: [...this.extraIccids],
      numbers: this.numberTotal,
      numberRange:
        this.numberCount > 0 ? [this.numberAt(0), this.numberAt(this.numberCount - 1)] : null,
      extraNumbers: [...this.extraNumbers],
    };
  }
}

export interface InventorySummary {
  iccids: number;
  iccidRange: [string, string] | null;
  extraIccids: string[];
  numbers: number;
  numberRange: [string, string] | null;
  extraNumbers: string[];
}

function pick(
  total: number,
  at: (i: number) => string,
  n: number,
  isFree: (value: string) => boolean,
  offset: number,
): string[] {
  const out: string[] = [];
  let skipped = 0;
  for (let i = 0; i < total && out.length < n; i++) {
    const value = at(i);
    if (!isFree(value)) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    out.push(value);
  }
  return out;
}

export interface ResolvedAccount {
  spec: AccountSpec;
  inventory: Inventory;
}

/**
 * Build the inventories of a set of accounts for a seed. Throws on a duplicate username or
 * on two accounts owning the same ICCID or number.
 */
export function resolveAccounts(specs: readonly AccountSpec[], seed: number): ResolvedAccount[] {
  const usedBlocks = new Set<string>();
  const out: ResolvedAccount[] = [];
  let defaultNumberBlock = 1;
  for (const spec of specs) {
    if (out.some((a) => a.spec.username === spec.username)) {
      throw new Error(`duplicate account ${spec.username}`);
    }
    const length = spec.iccidLength ?? 19;
    let block = spec.iccidBlock ?? defaultBlock(spec.username, seed);
    if (spec.iccidBlock === undefined) {
      while (usedBlocks.has(`${length}:${block}`)) block = (block + 1) % 10000;
    }
    usedBlocks.add(`${length}:${block}`);
    const numberStart = spec.numberStart ?? defaultNumberBlock++ * 100000;
    const inventory = new Inventory({ ...spec }, block, numberStart);
    for (const other of out) assertDisjoint(other.inventory, inventory);
    out.push({ spec: { ...spec }, inventory });
  }
  return out;
}

function defaultBlock(username: string, seed: number): number {
  return (((fnv1a(username) + Math.imul(seed, 7919)) % 10000) + 10000) % 10000;
}

function assertDisjoint(a: Inventory, b: Inventory): void {
  const clash = (what: string): never => {
    throw new Error(`accounts ${a.username} and ${b.username} both own ${what}`);
  };
  if (
    a.iccidCount > 0 &&
    b.iccidCount > 0 &&
    a.iccidLength === b.iccidLength &&
    a.iccidPrefix === b.iccidPrefix
  ) {
    clash(`ICCIDs ${a.iccidPrefix}...`);
  }
  if (a.numberPrefix === b.numberPrefix && a.numberWidth === b.numberWidth) {
    const aEnd = a.numberStart + a.numberCount;
    const bEnd = b.numberStart + b.numberCount;
    if (a.numberCount > 0 && b.numberCount > 0 && a.numberStart < bEnd && b.numberStart < aEnd) {
      clash(`numbers ${a.numberPrefix}...`);
    }
  }
  for (const x of b.extraIccids) if (a.ownsIccid(x)) clash(x);
  for (const x of a.extraIccids) if (b.ownsIccid(x)) clash(x);
  for (const x of b.extraNumbers) if (a.ownsNumber(x)) clash(x);
  for (const x of a.extraNumbers) if (b.ownsNumber(x)) clash(x);
}

/** What queryiccid reports as a SIM's IMSI, PINs and PUKs: fixed per ICCID. */
export interface SimSecrets {
  imsi: string;
  pin: string;
  pin2: string;
  puk: string;
  puk2: string;
}

export function simSecrets(iccid: string): SimSecrets {
  const bytes = createHash("sha512").update(`aql-sim:${iccid}`).digest();
  const digits = Array.from(bytes, (b) => String(b % 10)).join("");
  return {
    imsi: "23420" + digits.slice(0, 10),
    pin: digits.slice(10, 14),
    pin2: digits.slice(14, 18),
    puk: digits.slice(18, 26),
    puk2: digits.slice(26, 34),
  };
}

/** The Luhn check digit test real ICCIDs pass (the simulator's inventories are made to pass it). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

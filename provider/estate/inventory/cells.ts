// Reading one row's cells by kind (text, true/false, whole number, list of services). A cell of
// the wrong kind is reported once, in words that never quote the cell back.

import { GATEWAY_SERVICE, SERVICE_NAMES, UNKNOWN } from "../../resources/sim/inputs";
import type { ServiceName, SimServices } from "../../resources/sim/inputs";
import { INVENTORY_COLUMNS, type InventoryColumn, type Kind } from "./columns";
import type { InventoryCell } from "./model";

export type At = (col: InventoryColumn, reason: string) => void;

export class CellReader {
  private readonly failedColumns = new Set<InventoryColumn>();

  constructor(
    private readonly cells: ReadonlyMap<InventoryColumn, InventoryCell>,
    private readonly at: At,
  ) {}

  get failed(): boolean {
    return this.failedColumns.size > 0;
  }

  failedIn(columns: Readonly<Record<string, InventoryColumn>>): boolean {
    return Object.values(columns).some((c) => this.failedColumns.has(c));
  }

  fail(col: InventoryColumn, reason: string): undefined {
    this.at(col, reason);
    this.failedColumns.add(col);
    return undefined;
  }

  /** Trimmed text; an empty cell is absent. */
  text(col: InventoryColumn): string | undefined {
    const v = this.cells.get(col);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") {
      return this.fail(col, "must be text (a string), e.g. digits in quotes");
    }
    // The engine's unknown sentinel would pass the schemas as "not known yet".
    if (v.trim() === UNKNOWN) return this.fail(col, "is not a valid value");
    const t = v.trim();
    return t === "" ? undefined : t;
  }

  bool(col: InventoryColumn): boolean | undefined {
    const v = this.cells.get(col);
    if (typeof v === "boolean") return v;
    if (v !== undefined && v !== null && typeof v !== "string") {
      return this.fail(col, "must be true or false");
    }
    const t = this.text(col);
    if (t === undefined) return undefined;
    const lower = t.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    return this.fail(col, "must be true or false");
  }

  /** A number when it looks like one; otherwise the value as it is, for the schema to explain. */
  int(col: InventoryColumn): unknown {
    const v = this.cells.get(col);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") return v;
    const t = this.text(col);
    if (t === undefined) return undefined;
    return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  }

  /** Names of services to have on: all seven settable services become managed. */
  services(col: InventoryColumn): SimServices | undefined {
    const v = this.cells.get(col);
    let names: string[];
    if (Array.isArray(v)) {
      names = (v as readonly unknown[]).map(String);
    } else {
      const t = this.text(col);
      if (t === undefined) return undefined;
      names = t.split(/[\s,]+/).filter((n) => n !== "");
      if (names.length === 1 && names[0]!.toLowerCase() === "none") names = [];
      else if (names.some((n) => n.toLowerCase() === "none")) {
        return this.fail(col, "`none` means no service on and goes alone in the cell");
      }
    }
    const out: SimServices = {};
    for (const n of SERVICE_NAMES) out[n] = false;
    for (const n of names) {
      if (!isServiceName(n)) return this.fail(col, unknownServiceReason(n));
      out[n] = true;
    }
    return out;
  }

  /** The given cells of a group (vm*, rec*) keyed by setting, or undefined if none is given. */
  settings(
    columns: Readonly<Record<string, InventoryColumn>>,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (const [setting, col] of Object.entries(columns)) {
      // As its column's kind says: INVENTORY_COLUMNS is the one list the docs follow too.
      const kind: Kind = INVENTORY_COLUMNS[col].kind;
      const v = kind === "bool" ? this.bool(col) : kind === "int" ? this.int(col) : this.text(col);
      if (v !== undefined) out[setting] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
}

function isServiceName(n: string): n is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(n);
}

function unknownServiceReason(n: string): string {
  const camel = (Object.entries(GATEWAY_SERVICE) as [ServiceName, string][]).find(
    ([c, g]) => g === n || c.toLowerCase() === n.toLowerCase(),
  );
  const hint = camel === undefined ? "" : ` (did you mean ${camel[0]}?)`;
  return (
    `names "${n}", which is not a settable service${hint}; the services are ` +
    `${SERVICE_NAMES.join(", ")}, space-separated, or none`
  );
}

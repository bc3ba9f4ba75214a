// Reading the despatch API's answers, pure. An answer opens with an exit code line
// (`0: Successful`); on success `item:value` lines follow. The names are in names.ts.

import { excerpt } from "../gateway/response";
import type { OrderStatus } from "./names";
import { DESPATCH_FIELDS, DESPATCH_SUCCESS_CODE, ORDER_STATUSES } from "./names";

export type DespatchAnswer =
  /** `0: Successful`, then the items in their order (keys as sent: product codes keep case). */
  | { kind: "ok"; items: readonly (readonly [string, string])[] }
  /** Any other exit code, with the text beside it. */
  | { kind: "refused"; code: number; text: string }
  /** No exit code line first: not an answer of this API (HTML, empty, garbled). */
  | { kind: "unreadable"; reason: string };

const BOM = "\uFEFF";
const EXIT_LINE = /^(\d{1,6})\s*:\s*(.*)$/;

export function parseDespatchAnswer(text: string): DespatchAnswer {
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const lines = body
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const first = lines[0];
  if (first === undefined) return { kind: "unreadable", reason: "empty answer" };
  const exit = EXIT_LINE.exec(first);
  if (exit === null) {
    return { kind: "unreadable", reason: `no exit code first: ${excerpt(body)}` };
  }
  const code = Number(exit[1]);
  if (code !== DESPATCH_SUCCESS_CODE) return { kind: "refused", code, text: exit[2] ?? "" };
  const items: (readonly [string, string])[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    // Split at the first colon: an address or email may hold more.
    if (colon <= 0) continue;
    items.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { kind: "ok", items };
}

/** An order as querydespatch (and, we assume, despatch) describes it. */
export interface OrderInfo {
  status: OrderStatus;
  /** The SIMs sent, once despatched (none before). */
  iccids: string[];
  name?: string;
  company?: string;
  address?: string;
  postcode?: string;
  contactNumber?: string;
}

export interface SimBatch {
  productCode: string;
  quantity: number;
}

/** Thrown by the readers below; the client turns it into a BadAnswerError with the command. */
export class UnreadableItems extends Error {}

function itemMap(items: readonly (readonly [string, string])[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of items) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), v);
  return map;
}

export function readOrder(items: readonly (readonly [string, string])[]): OrderInfo {
  const map = itemMap(items);
  const raw = map.get(DESPATCH_FIELDS.status)?.toLowerCase();
  const status = ORDER_STATUSES.find((s) => s === raw);
  if (status === undefined) {
    throw new UnreadableItems(
      raw === undefined ? `"status" is missing` : `unknown order status ${JSON.stringify(raw)}`,
    );
  }
  const iccids = (map.get(DESPATCH_FIELDS.iccid) ?? "").split(/[,\s]+/).filter((s) => s !== "");
  const info: OrderInfo = { status, iccids };
  const text = (key: string) => {
    const v = map.get(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const name = text(DESPATCH_FIELDS.name);
  if (name !== undefined) info.name = name;
  const company = text(DESPATCH_FIELDS.company);
  if (company !== undefined) info.company = company;
  const address = text(DESPATCH_FIELDS.address);
  if (address !== undefined) info.address = address;
  const postcode = text(DESPATCH_FIELDS.postcode);
  if (postcode !== undefined) info.postcode = postcode;
  const contact = text(DESPATCH_FIELDS.contactNumber);
  if (contact !== undefined) info.contactNumber = contact;
  return info;
}

/** `product_code:quantity` lines, in the order given. */
export function readBatches(items: readonly (readonly [string, string])[]): SimBatch[] {
  return items.map(([productCode, q]) => {
    if (!/^\d{1,9}$/.test(q)) {
      throw new UnreadableItems(`quantity of ${JSON.stringify(productCode)} is ${excerpt(q, 20)}`);
    }
    return { productCode, quantity: Number(q) };
  });
}

// The despatch API (SIM orders and stock), with the names of despatch-names.ts: the same guess
// as the provider's client, written down apart (a test checks they agree; both are wrong in
// the same place if aql's real names differ).
//
//   despatch       orderref, name, company?, address, postcode, contact_no, product_code,
//                  quantity -> the order (0: Successful, then item:value lines)
//   querydespatch  orderref -> the order
//   listbatches    -> product_code:quantity lines
//
// Readings (the vendor text does not say; the codes are despatch-names.ts's DESPATCH_ERRORS):
// - an order starts `processing` and is `despatched` once the simulator's latency (latencyMs,
//   the same setting as two-step requests) has passed since it was placed; it then lists the
//   ICCIDs sent, taken from the end of the account's inventory.
// - an order reference is used once (5); an unknown one is 4; an unknown product code 6; more
//   SIMs than the batch holds 7; a missing or malformed variable 3.
// - cancelOrder() (a control hook: the vendor text's "cancelled if the order was rejected")
//   cancels an order that is still processing and returns its SIMs to stock.
// - orders and stock live in memory with the account's state: a reset clears them, and they
//   are not written to the state file.

import { GATEWAY_CODES, isGatewayCode } from "./codes";
import type { OrderStatus } from "./despatch-names";
import {
  DESPATCH_COMMANDS,
  DESPATCH_ERRORS,
  DESPATCH_FIELDS,
  DESPATCH_PATH,
  DESPATCH_SUCCESS_LINE,
} from "./despatch-names";
import { fail, ok, type Answer, type CallContext } from "./answer";
import type { Account, SimEngine } from "./engine";
import { given, type Params } from "./params";
import type { RouteModule } from "./routes";
import type { AccountState } from "./state";

/** The SIM batches every account starts with. */
export const DEFAULT_STOCK: Readonly<Record<string, number>> = {
  "AQL-USIM-STD": 2000,
  "AQL-USIM-DATA": 500,
};

export interface DespatchOrder {
  orderRef: string;
  name: string;
  company: string | null;
  address: string;
  postcode: string;
  contactNumber: string;
  productCode: string;
  quantity: number;
  placedAt: number;
  /** When it counts as despatched (placedAt + the latency at the time). */
  despatchAt: number;
  cancelled: boolean;
  /** Assigned when it is first seen despatched. */
  iccids: string[];
}

export interface DespatchOrderView extends Omit<DespatchOrder, "iccids"> {
  account: string;
  status: OrderStatus;
  iccids: string[];
}

interface Book {
  orders: Map<string, DespatchOrder>;
  stock: Map<string, number>;
  /** ICCIDs handed out so far, counted from the end of the inventory. */
  iccidsSent: number;
}

// Keyed by the account's state object: a reset replaces it, and with it the book.
const books = new WeakMap<AccountState, Book>();

function bookOf(account: Account): Book {
  let book = books.get(account.state);
  if (book === undefined) {
    book = { orders: new Map(), stock: new Map(Object.entries(DEFAULT_STOCK)), iccidsSent: 0 };
    books.set(account.state, book);
  }
  return book;
}

function statusOf(order: DespatchOrder, now: number): OrderStatus {
  if (order.cancelled) return "cancelled";
  return now >= order.despatchAt ? "despatched" : "processing";
}

/** The order as of `now`, handing out its ICCIDs the first time it is seen despatched. */
function settle(account: Account, book: Book, order: DespatchOrder, now: number): OrderStatus {
  const status = statusOf(order, now);
  if (status === "despatched" && order.iccids.length === 0) {
    const total = account.inventory.iccidTotal;
    for (let k = 0; k < order.quantity && book.iccidsSent < total; k++) {
      order.iccids.push(account.inventory.iccidAt(total - 1 - book.iccidsSent++));
    }
  }
  return status;
}

function orderItems(order: DespatchOrder, status: OrderStatus): [string, string][] {
  const items: [string, string][] = [
    [DESPATCH_FIELDS.orderRef, order.orderRef],
    [DESPATCH_FIELDS.name, order.name],
  ];
  if (order.company !== null) items.push([DESPATCH_FIELDS.company, order.company]);
  items.push(
    [DESPATCH_FIELDS.address, order.address],
    [DESPATCH_FIELDS.postcode, order.postcode],
    [DESPATCH_FIELDS.contactNumber, order.contactNumber],
    [DESPATCH_FIELDS.productCode, order.productCode],
    [DESPATCH_FIELDS.quantity, String(order.quantity)],
  );
  if (order.iccids.length > 0) items.push([DESPATCH_FIELDS.iccid, order.iccids.join(",")]);
  items.push([DESPATCH_FIELDS.status, status]);
  return items;
}

const ORDER_REF = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
const PHONE = /^\+?\d{8,15}$/;
const QUANTITY = /^[1-9]\d{0,4}$/;

function placeOrder(ctx: CallContext, book: Book): Answer {
  const p = ctx.params;
  const field = (name: string) => given(p, name)?.trim();
  const orderRef = field(DESPATCH_FIELDS.orderRef);
  const name = field(DESPATCH_FIELDS.name);
  const address = field(DESPATCH_FIELDS.address);
  const postcode = field(DESPATCH_FIELDS.postcode);
  const contact = field(DESPATCH_FIELDS.contactNumber);
  const productCode = field(DESPATCH_FIELDS.productCode);
  const quantity = field(DESPATCH_FIELDS.quantity);
  if (
    orderRef === undefined ||
    !ORDER_REF.test(orderRef) ||
    name === undefined ||
    address === undefined ||
    postcode === undefined ||
    contact === undefined ||
    !PHONE.test(contact) ||
    productCode === undefined ||
    quantity === undefined ||
    !QUANTITY.test(quantity)
  ) {
    return fail(DESPATCH_ERRORS.invalidField.code);
  }
  if (book.orders.has(orderRef)) return fail(DESPATCH_ERRORS.duplicateOrder.code);
  const stock = book.stock.get(productCode);
  if (stock === undefined) return fail(DESPATCH_ERRORS.unknownProduct.code);
  const n = Number(quantity);
  if (n > stock) return fail(DESPATCH_ERRORS.insufficientStock.code);
  book.stock.set(productCode, stock - n);
  const order: DespatchOrder = {
    orderRef,
    name,
    company: field(DESPATCH_FIELDS.company) ?? null,
    address,
    postcode,
    contactNumber: contact,
    productCode,
    quantity: n,
    placedAt: ctx.now,
    despatchAt: ctx.now + ctx.engine.settings.latencyMs,
    cancelled: false,
    iccids: [],
  };
  book.orders.set(orderRef, order);
  return ok(orderItems(order, settle(ctx.account, book, order, ctx.now)), true);
}

function handle(ctx: CallContext): Answer {
  const book = bookOf(ctx.account);
  switch (ctx.command) {
    case DESPATCH_COMMANDS.despatch:
      return placeOrder(ctx, book);
    case DESPATCH_COMMANDS.query: {
      const ref = given(ctx.params, DESPATCH_FIELDS.orderRef);
      if (ref === undefined) return fail(DESPATCH_ERRORS.invalidField.code);
      const order = book.orders.get(ref);
      if (order === undefined) return fail(DESPATCH_ERRORS.unknownOrder.code);
      return ok(orderItems(order, settle(ctx.account, book, order, ctx.now)));
    }
    default:
      return ok([...book.stock].map(([code, q]) => [code, String(q)]));
  }
}

/** The pipeline's gateway codes (authentication, unknown command, faults) as exit codes. */
const FROM_GATEWAY_CODE: Readonly<Record<number, { code: number; text: string }>> = {
  400: DESPATCH_ERRORS.invalidField,
  401: DESPATCH_ERRORS.authentication,
  500: DESPATCH_ERRORS.internal,
  600: DESPATCH_ERRORS.invalidCommand,
  63027: DESPATCH_ERRORS.busy,
};

const DESPATCH_TEXT = new Map<number, string>(
  Object.values(DESPATCH_ERRORS).map((e) => [e.code, e.text]),
);

/** `0: Successful` then `item:value` lines, or one `<code>: <text>` line. */
export function formatDespatchAnswer(answer: Pick<Answer, "codes" | "fields">): string {
  const code = answer.codes[0] ?? 500;
  if (code === 200) {
    return [DESPATCH_SUCCESS_LINE, ...answer.fields.map(([k, v]) => `${k}:${v}`)].join("\n") + "\n";
  }
  const mapped = FROM_GATEWAY_CODE[code];
  if (mapped !== undefined) return `${mapped.code}: ${mapped.text}\n`;
  const text =
    DESPATCH_TEXT.get(code) ?? (isGatewayCode(code) ? GATEWAY_CODES[code] : "Unknown error");
  return `${code}: ${text}\n`;
}

export const despatchRoute: RouteModule = {
  name: "despatch",
  path: DESPATCH_PATH,
  commands: Object.values(DESPATCH_COMMANDS),
  subject: (_params: Params) => ({ iccid: null, number: null }),
  handle,
  format: formatDespatchAnswer,
};

// --- control hooks (tests, the control endpoint) -------------------------------------------

function findOrder(
  engine: SimEngine,
  orderRef: string,
): { account: Account; book: Book; order: DespatchOrder } | undefined {
  for (const account of engine.accounts.values()) {
    const book = bookOf(account);
    const order = book.orders.get(orderRef);
    if (order !== undefined) return { account, book, order };
  }
  return undefined;
}

function view(account: Account, order: DespatchOrder, status: OrderStatus): DespatchOrderView {
  return { ...structuredClone(order), account: account.username, status };
}

/** An order as the simulator holds it now, or undefined. */
export function despatchOrder(engine: SimEngine, orderRef: string): DespatchOrderView | undefined {
  const found = findOrder(engine, orderRef);
  if (found === undefined) return undefined;
  const status = settle(found.account, found.book, found.order, engine.now());
  return view(found.account, found.order, status);
}

/** An account's stock, product code -> SIMs left. */
export function despatchStock(engine: SimEngine, account?: string): Record<string, number> {
  return Object.fromEntries(bookOf(engine.account(account)).stock);
}

/**
 * Cancel an order still processing (aql rejected it): its status becomes `cancelled` and its
 * SIMs go back to stock. Throws for an unknown order or one already despatched.
 */
export function cancelOrder(engine: SimEngine, orderRef: string): DespatchOrderView {
  const found = findOrder(engine, orderRef);
  if (found === undefined) throw new Error(`no order ${orderRef}`);
  const { account, book, order } = found;
  const status = settle(account, book, order, engine.now());
  if (status === "despatched") throw new Error(`order ${orderRef} is already despatched`);
  if (status === "processing") {
    order.cancelled = true;
    book.stock.set(order.productCode, (book.stock.get(order.productCode) ?? 0) + order.quantity);
    engine.changed();
  }
  return view(account, order, "cancelled");
}

/**
 * Despatch every order still processing, now, as if its latency had passed: what settleAll does
 * for two-step requests, so a test sees an order despatched without waiting on a clock.
 * Returns how many orders it despatched.
 */
export function despatchAll(engine: SimEngine): number {
  const now = engine.now();
  let despatched = 0;
  for (const account of engine.accounts.values()) {
    const book = bookOf(account);
    for (const order of book.orders.values()) {
      if (statusOf(order, now) !== "processing") continue;
      order.despatchAt = now;
      settle(account, book, order, now);
      despatched++;
    }
  }
  if (despatched > 0) engine.changed();
  return despatched;
}

/**
 * Everything waiting on the clock, now: every pending two-step request settled and every
 * processing order despatched. The control endpoint and the handle's settleAll both mean this.
 */
export function settleEverything(engine: SimEngine): number {
  return engine.settleAll() + despatchAll(engine);
}

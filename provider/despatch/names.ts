// Every name the despatch API client (and the simulator's despatch route) relies on, in one
// place. ASSUMED: the vendor text lost the despatch API's address and variable names (see
// spec/gateway-notes.md, "Despatch"). What survives is: an order carries an order reference;
// an order's status is processing, despatched or cancelled; answers are `item:value` lines that
// begin with `0: Successful`; the stock listing is `product_code:quantity` lines; the order
// answer shows name, company, address, postcode, contact_no, iccid and status. Everything else
// below is our guess. When aql confirms the real names, correct them here: the client and the
// simulator both import this module, so they keep agreeing.

/** ASSUMED: the path appended to `aql:despatchEndpoint` when that URL has no path of its own. */
export const DESPATCH_PATH = "/despatch.php";

/** ASSUMED: values of the `command` variable. */
export const DESPATCH_COMMANDS = {
  /** Submit an order. */
  despatch: "despatch",
  /** An order's details and status, by order reference. */
  query: "querydespatch",
  /** The account's SIM batches: `product_code:quantity` lines. */
  listBatches: "listbatches",
} as const;
export type DespatchCommand = (typeof DESPATCH_COMMANDS)[keyof typeof DESPATCH_COMMANDS];

/**
 * Form variables. `name`, `company`, `address`, `postcode`, `contact_no`, `iccid` and `status`
 * are the item names of the vendor's example answer; we assume the request uses the same.
 * `username`, `password` and `command` are assumed to be as on the other aql scripts.
 */
export const DESPATCH_FIELDS = {
  username: "username",
  password: "password",
  command: "command",
  orderRef: "orderref",
  name: "name",
  company: "company",
  address: "address",
  postcode: "postcode",
  contactNumber: "contact_no",
  productCode: "product_code",
  quantity: "quantity",
  /** Answer item: the ICCID(s) sent, comma-separated when the order holds several (assumed). */
  iccid: "iccid",
  /** Answer item: processing | despatched | cancelled (from the vendor text). */
  status: "status",
} as const;

/** From the vendor text: the exit code of success, and its line. */
export const DESPATCH_SUCCESS_CODE = 0;
export const DESPATCH_SUCCESS_LINE = "0: Successful";

/** From the vendor text. */
export const ORDER_STATUSES = ["processing", "despatched", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * ASSUMED: the exit codes other than 0 ("will return one of the following exit codes": the list
 * was lost). The client does not depend on them (any code but 0 is a refusal, shown with its
 * text); the simulator answers with them.
 */
export const DESPATCH_ERRORS = {
  authentication: { code: 1, text: "Authentication failed" },
  invalidCommand: { code: 2, text: "Invalid command" },
  invalidField: { code: 3, text: "Missing or invalid variable" },
  unknownOrder: { code: 4, text: "Unknown order reference" },
  duplicateOrder: { code: 5, text: "Order reference already used" },
  unknownProduct: { code: 6, text: "Unknown product code" },
  insufficientStock: { code: 7, text: "Insufficient stock" },
  busy: { code: 8, text: "Service busy, try again later" },
  internal: { code: 9, text: "Internal error" },
} as const;

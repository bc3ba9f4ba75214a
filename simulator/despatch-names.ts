// The names the simulator's despatch route answers to. ASSUMED: the vendor text lost the
// despatch API's address and variable names (spec/gateway-notes.md, "Despatch"); what survives
// is that an order carries an order reference, its status is processing, despatched or
// cancelled, answers are `item:value` lines that begin with `0: Successful`, the stock listing
// is `product_code:quantity` lines, and the order answer shows name, company, address,
// postcode, contact_no, iccid and status. The rest is the same guess as the provider's client
// (provider/despatch/names.ts), written down twice on purpose: the simulator does not import
// the provider. test/unit/spec/readings.test.ts checks that the two guesses agree, and that
// both keep what the text does say.

/** ASSUMED: the path of the despatch script. */
export const DESPATCH_PATH = "/despatch.php";

/** ASSUMED: values of the `command` variable. */
export const DESPATCH_COMMANDS = {
  despatch: "despatch",
  query: "querydespatch",
  listBatches: "listbatches",
} as const;

/** ASSUMED, save the answer's item names (name ... status), which the text shows. */
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
  iccid: "iccid",
  status: "status",
} as const;

/** From the vendor text. */
export const DESPATCH_SUCCESS_LINE = "0: Successful";

/** From the vendor text. */
export const ORDER_STATUSES = ["processing", "despatched", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** ASSUMED: the exit codes other than 0 (the text's list was lost). */
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

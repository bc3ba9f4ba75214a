// The despatch API's request variables: the order's rules (shared with the SimOrder resource's
// schema) and the mapping to form fields named in names.ts.

import { z } from "zod";
import * as rules from "../validation";
import { DESPATCH_FIELDS } from "./names";

export const orderRef = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/,
    "must be 1 to 40 letters, digits and _ . / - (starting with a letter or digit)",
  );

export const productCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, "must be a product code such as AQL-123");

export const quantity = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(10_000, "must be at most 10000");

/** An order as the client sends it. */
export const orderSchema = z.object({
  orderRef,
  name: rules.subscriberName,
  company: rules.subscriberName.optional(),
  address: rules.subscriberAddress,
  postcode: rules.ukPostcode,
  contactNumber: rules.geoNumber,
  productCode,
  quantity,
});
export type DespatchOrder = z.input<typeof orderSchema>;

/** The order's form fields, in a fixed order (credentials and command are added by the client). */
export function orderFields(order: z.output<typeof orderSchema>): [string, string][] {
  const fields: [string, string][] = [
    [DESPATCH_FIELDS.orderRef, order.orderRef],
    [DESPATCH_FIELDS.name, order.name],
  ];
  if (order.company !== undefined) fields.push([DESPATCH_FIELDS.company, order.company]);
  fields.push(
    [DESPATCH_FIELDS.address, order.address],
    [DESPATCH_FIELDS.postcode, order.postcode],
    [DESPATCH_FIELDS.contactNumber, order.contactNumber],
    [DESPATCH_FIELDS.productCode, order.productCode],
    [DESPATCH_FIELDS.quantity, String(order.quantity)],
  );
  return fields;
}

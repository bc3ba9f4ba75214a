// SimOrder's inputs: the program-facing Args and the zod schema that check validates them with
// (the order's rules are the despatch client's, ../../despatch/params.ts).

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { OrderStatus } from "../../despatch/names";
import * as order from "../../despatch/params";
import * as rules from "../../validation";
import type { Failure, InputSpec, Props, RuleContext } from "../dynamic/check";
import { sameValue } from "../dynamic/diff";
import { geoNumberField, num, text } from "../dynamic/fields";

export interface SimOrderArgs {
  /** Your reference for the order; it identifies the order (and is the resource's id). */
  orderRef: pulumi.Input<string>;
  /** Recipient's name. A secret (personal data). */
  name: pulumi.Input<string>;
  /** Recipient's company. A secret (personal data). */
  company?: pulumi.Input<string>;
  /** Delivery address. A secret (personal data). */
  address: pulumi.Input<string>;
  /** UK postcode of the address. A secret (personal data). */
  postcode: pulumi.Input<string>;
  /** Recipient's contact number, E.164 with the country code. A secret (personal data). */
  contactNumber: pulumi.Input<string>;
  /** Which SIM batch to send from (see listSimBatches). */
  productCode: pulumi.Input<string>;
  /** How many SIMs (default 1). */
  quantity?: pulumi.Input<number>;
}

/** The personal data among the inputs: wrapped as secrets, and secret outputs. */
export const SIM_ORDER_SECRETS = ["name", "company", "address", "postcode", "contactNumber"];

export const simOrderSchema = z.object({
  orderRef: text("an order reference", order.orderRef),
  name: text("the recipient's name", rules.subscriberName),
  company: text("a company name", rules.subscriberName).optional(),
  address: text("a postal address", rules.subscriberAddress),
  postcode: text("a UK postcode", rules.ukPostcode),
  contactNumber: geoNumberField(),
  productCode: text("a product code", order.productCode),
  quantity: num("a whole number of SIMs", order.quantity).default(1),
});

/** Inputs after check. */
export type SimOrderInputs = z.output<typeof simOrderSchema>;

/** The outputs: the order's inputs (orderRef is also the id), and what the API says of it. */
export type SimOrderOutputs = SimOrderInputs & {
  /** As of the last create or refresh. */
  status: OrderStatus;
  /** The SIMs sent, once despatched (empty before). */
  iccids: string[];
};

const ORDER_PROPERTIES = Object.keys(simOrderSchema.shape).filter((k) => k !== "orderRef");

/**
 * A placed order cannot be changed through the API. Changing it under the same reference would
 * replace the resource by placing a second order with a reference already used, so it is
 * refused here, at preview.
 */
export function placedOrderRule(values: Partial<SimOrderInputs>, ctx: RuleContext): Failure[] {
  const olds: Props = ctx.olds;
  if (olds["orderRef"] === undefined || values.orderRef !== olds["orderRef"]) return [];
  const current: Props = values;
  return ORDER_PROPERTIES.filter(
    (k) => !ctx.unsettled.has(k) && !sameValue(current[k], olds[k]),
  ).map((property) => ({
    property,
    reason:
      `order ${values.orderRef} is already placed and cannot be changed: give the changed ` +
      `order a new orderRef (a new order), or use ignoreChanges to leave it as it is`,
  }));
}

export const simOrderInput: InputSpec<typeof simOrderSchema> = {
  typeName: "SimOrder",
  schema: simOrderSchema,
  secrets: SIM_ORDER_SECRETS,
  rules: placedOrderRule,
};

import * as pulumi from "@pulumi/pulumi";
import type { OrderStatus } from "../../despatch/names";
import { secretInput, withSecretOutputs } from "../dynamic/outputs";
import type { SimOrderArgs } from "./inputs";
import { SIM_ORDER_SECRETS } from "./inputs";
import shim from "./shim";
import { suspendStackTraces } from "../dynamic/stack-traces";

/**
 * An order of SIMs sent to an address, through aql's despatch API (its address comes from
 * `aql:despatchEndpoint`; its variable names are assumed, see provider/despatch/names.ts).
 *
 * - create places the order under `orderRef`; refresh reads its `status` (`processing`, then
 *   `despatched` or `cancelled`) and the ICCIDs sent.
 * - A placed order cannot be changed: any change is a new order, so it needs a new `orderRef`
 *   (a change that keeps the reference is refused at preview).
 * - delete (destroy, or removing it from the program) undoes nothing: the API cannot withdraw
 *   an order. The resource leaves the stack; the order stays with aql.
 * - The recipient's details are secrets in the state.
 *
 * The ICCIDs of a despatched order can feed `Sim` resources in a later deployment.
 */
export class SimOrder extends pulumi.dynamic.Resource {
  /** Also the id. */
  declare readonly orderRef: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly company: pulumi.Output<string | undefined>;
  declare readonly address: pulumi.Output<string>;
  declare readonly postcode: pulumi.Output<string>;
  declare readonly contactNumber: pulumi.Output<string>;
  declare readonly productCode: pulumi.Output<string>;
  declare readonly quantity: pulumi.Output<number>;
  /** As of the last create or refresh. */
  declare readonly status: pulumi.Output<OrderStatus>;
  /** The SIMs sent, once despatched (empty before). */
  declare readonly iccids: pulumi.Output<string[]>;

  constructor(name: string, args: SimOrderArgs, opts?: pulumi.CustomResourceOptions) {
    // Registration captures no stack traces: see ../dynamic/stack-traces.ts.
    const restore = suspendStackTraces();
    try {
      super(
        shim,
        name,
        {
          orderRef: args.orderRef,
          // Personal data: secret inputs too (additionalSecretOutputs covers only the outputs).
          name: secretInput(args.name),
          company: secretInput(args.company),
          address: secretInput(args.address),
          postcode: secretInput(args.postcode),
          contactNumber: secretInput(args.contactNumber),
          productCode: args.productCode,
          quantity: args.quantity,
          status: undefined,
          iccids: undefined,
        },
        withSecretOutputs(opts, SIM_ORDER_SECRETS),
        "aql",
        "SimOrder",
      );
    } finally {
      restore();
    }
  }
}

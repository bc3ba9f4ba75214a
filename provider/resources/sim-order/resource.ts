import { resourceClass, type ResourceKind } from "../dynamic/resource";
import type { SimOrderArgs, SimOrderOutputs } from "./inputs";
import { SIM_ORDER_SECRETS } from "./inputs";
import shim from "./shim";

const SIM_ORDER: ResourceKind<SimOrderArgs> = {
  type: "SimOrder",
  shim,
  inputs: [
    "orderRef",
    "name",
    "company",
    "address",
    "postcode",
    "contactNumber",
    "productCode",
    "quantity",
  ],
  // Personal data.
  secrets: SIM_ORDER_SECRETS,
  outputs: ["status", "iccids"],
};

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
export class SimOrder extends resourceClass<SimOrderArgs, SimOrderOutputs>(SIM_ORDER) {}

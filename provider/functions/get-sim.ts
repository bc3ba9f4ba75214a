// getSim: what the gateway says about one SIM (queryiccid), for programs. Two forms:
// - getSim({ iccid }): a plain async function; plain values, the PINs and PUKs included.
//   Use it in scripts and tests, or where the values are not exported or logged.
// - getSimOutput({ iccid }): for a program's outputs and resource inputs. Each property is an
//   Output; pin, pin2, puk and puk2 are secrets, so the state and `pulumi stack output` keep them
//   encrypted. The ICCID may be another resource's output.

import * as pulumi from "@pulumi/pulumi";
import type { Gateway } from "../gateway/api";
import { sharedGateway } from "../gateway/shared";
import { schemas, validate } from "../gateway/params";
import type { ServiceFlag, SimInfo, SimState } from "../gateway/types";
import type { ReportedServices } from "../resources/sim/inputs";
import { REPORTED_FLAG_NAMES } from "../resources/sim/inputs";
import { programConfig } from "./config";

export interface GetSimArgs {
  iccid: string;
}

/** Number, services, IMSI and the PINs are reported only for an active or suspended SIM. */
export interface GetSimResult {
  iccid: string;
  state: SimState;
  geoNumber?: string;
  /** All ten flags, camelCase as the Sim's `reportedServices`. */
  services?: ReportedServices;
  imsi?: string;
  pin?: string;
  pin2?: string;
  puk?: string;
  puk2?: string;
}

/**
 * Pulumi's options of a function call, for the usual signature. getSim asks the gateway from the
 * program's own process, with a client from stack config `aql:*`, then `AQL_*` variables.
 */
export type GetSimOptions = pulumi.InvokeOptions;

export function toGetSimResult(info: SimInfo): GetSimResult {
  const result: GetSimResult = { iccid: info.iccid, state: info.state };
  if (info.geoNumber !== undefined) result.geoNumber = info.geoNumber;
  if (info.services !== undefined) {
    const services = {} as ReportedServices;
    for (const [flag, name] of Object.entries(REPORTED_FLAG_NAMES) as [
      ServiceFlag,
      keyof ReportedServices,
    ][]) {
      services[name] = info.services[flag];
    }
    result.services = services;
  }
  for (const k of ["imsi", "pin", "pin2", "puk", "puk2"] as const) {
    const v = info[k];
    if (v !== undefined) result[k] = v;
  }
  return result;
}

/** Plain values, secrets included: see the header for when to use getSimOutput instead. */
export async function getSim(args: GetSimArgs, _opts?: GetSimOptions): Promise<GetSimResult> {
  return querySim(args, programGateway);
}

/** getSim on the gateway `gateway()` returns, asked for only once the ICCID is valid. */
export async function querySim(args: GetSimArgs, gateway: () => Gateway): Promise<GetSimResult> {
  // Refused before any configuration is read or any call made.
  const { iccid } = validate(schemas.queryIccid, { iccid: args.iccid });
  return toGetSimResult(await gateway().queryIccid(iccid));
}

const programGateway = (): Gateway => sharedGateway(programConfig());

export interface GetSimOutputArgs {
  iccid: pulumi.Input<string>;
}

export interface GetSimOutputResult {
  iccid: pulumi.Output<string>;
  state: pulumi.Output<SimState>;
  geoNumber: pulumi.Output<string | undefined>;
  services: pulumi.Output<ReportedServices | undefined>;
  imsi: pulumi.Output<string | undefined>;
  /** Secret. */
  pin: pulumi.Output<string | undefined>;
  /** Secret. */
  pin2: pulumi.Output<string | undefined>;
  /** Secret. */
  puk: pulumi.Output<string | undefined>;
  /** Secret. */
  puk2: pulumi.Output<string | undefined>;
}

/**
 * One Output per property rather than one Output of the whole result: a secret inside an
 * object makes the whole object secret, and the state and number should stay readable.
 */
export function getSimOutput(args: GetSimOutputArgs, _opts?: GetSimOptions): GetSimOutputResult {
  return querySimOutput(args, programGateway);
}

/** getSimOutput on the gateway `gateway()` returns. */
export function querySimOutput(args: GetSimOutputArgs, gateway: () => Gateway): GetSimOutputResult {
  const result = pulumi.output(args.iccid).apply((iccid) => querySim({ iccid }, gateway));
  return {
    iccid: result.apply((r) => r.iccid),
    state: result.apply((r) => r.state),
    geoNumber: result.apply((r) => r.geoNumber),
    services: result.apply((r) => r.services),
    imsi: result.apply((r) => r.imsi),
    pin: pulumi.secret(result.apply((r) => r.pin)),
    pin2: pulumi.secret(result.apply((r) => r.pin2)),
    puk: pulumi.secret(result.apply((r) => r.puk)),
    puk2: pulumi.secret(result.apply((r) => r.puk2)),
  };
}

// The discovery loop: read each ICCID through the gateway client (its limiter and retry rules),
// classify it, append the outcome to the inventory or the skipped report in input order.
// Stops dispatching on interruption or on a failure that is not about one ICCID (credentials,
// the network), writes what is complete, and says where it stopped.

import { GatewayError } from "../errors";
import type { Gateway } from "../gateway/api";
import type { SimInfo } from "../gateway/types";
import {
  SKIP_REASONS,
  classify,
  skipFor,
  wantsServices,
  type Outcome,
  type SkipReason,
} from "./classify";

/** The gateway calls discover makes: reads only. */
export type DiscoverGateway = Pick<Gateway, "queryIccid" | "voicemail" | "recording">;

export interface DiscoverCounts {
  /** ICCIDs asked for (after those already written were set aside). */
  total: number;
  /** Outcomes written so far in this run. */
  written: number;
  adoptable: number;
  skipped: Record<SkipReason, number>;
}

export interface DiscoverRun {
  gateway: DiscoverGateway;
  iccids: readonly string[];
  /** How many ICCIDs are read at once (the limiter still paces the calls). */
  concurrency: number;
  signal: AbortSignal;
  /** Called with each outcome, in input order, to append it to its file. */
  write(o: Outcome): void;
  /** Called after each outcome is written. */
  progress?(counts: Readonly<DiscoverCounts>): void;
}

export interface DiscoverResult extends DiscoverCounts {
  interrupted: boolean;
}

/** A refusal about the ICCID itself: the SIM is skipped, the run goes on. */
const ICCID_REFUSALS: Readonly<Record<number, SkipReason>> = {
  63003: "not-on-account",
  63001: "invalid-iccid",
};

export async function discoverOne(gw: DiscoverGateway, iccid: string): Promise<Outcome> {
  let info: SimInfo;
  try {
    info = await gw.queryIccid(iccid);
  } catch (e) {
    const reason = e instanceof GatewayError ? iccidRefusal(e) : undefined;
    if (reason === undefined) throw e;
    return skipFor(iccid, reason);
  }
  if (!wantsServices(info)) return classify(info, undefined, undefined);
  const number = info.geoNumber!;
  try {
    const [vm, rec] = await Promise.all([gw.voicemail.info(number), gw.recording.info(number)]);
    return classify(info, vm, rec);
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    return skipFor(iccid, "service-refused", `gateway code(s) ${e.gatewayCodes.join(", ")}`);
  }
}

function iccidRefusal(e: GatewayError): SkipReason | undefined {
  const reasons = new Set(e.gatewayCodes.map((c) => ICCID_REFUSALS[c]));
  if (reasons.size !== 1) return undefined;
  const [only] = reasons;
  return only;
}

export function emptySkipped(): Record<SkipReason, number> {
  return Object.fromEntries(Object.keys(SKIP_REASONS).map((k) => [k, 0])) as Record<
    SkipReason,
    number
  >;
}

export async function discover(run: DiscoverRun): Promise<DiscoverResult> {
  const counts: DiscoverCounts = {
    total: run.iccids.length,
    written: 0,
    adoptable: 0,
    skipped: emptySkipped(),
  };
  const ready = new Map<number, Outcome>();
  let next = 0;
  let nextToWrite = 0;
  let failure: { error: unknown } | undefined;

  const flush = (): void => {
    for (let o = ready.get(nextToWrite); o !== undefined; o = ready.get(nextToWrite)) {
      ready.delete(nextToWrite);
      nextToWrite++;
      run.write(o);
      counts.written++;
      if (o.kind === "row") counts.adoptable++;
      else counts.skipped[o.reason]++;
      run.progress?.(counts);
    }
  };

  const worker = async (): Promise<void> => {
    while (failure === undefined && !run.signal.aborted && next < run.iccids.length) {
      const i = next++;
      try {
        ready.set(i, await discoverOne(run.gateway, run.iccids[i]!));
      } catch (e) {
        failure ??= { error: e };
        return;
      }
      flush();
    }
  };
  const n = Math.max(1, Math.min(run.concurrency, run.iccids.length));
  await Promise.all(Array.from({ length: n }, worker));
  flush();
  if (failure !== undefined) throw new DiscoverStoppedError(failure.error, counts);
  return { ...counts, interrupted: counts.written < counts.total };
}

/** A failure that stopped the run; what was complete before it is written. */
export class DiscoverStoppedError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly counts: Readonly<DiscoverCounts>,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
  override get name(): string {
    return "DiscoverStoppedError";
  }
}

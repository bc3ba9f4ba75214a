// Fixtures for the value-added services tests: the shared fake gateway, extended to keep
// vm.php / rec.php settings the way the gateway does (config changes only the fields given)
// and to log what each config and crisp call carried.

import type { CrispParams, VasApi } from "../../../provider/gateway/api";
import type { RecordingSettings, VoicemailSettings } from "../../../provider/gateway/types";
import { AnswerLostError, GatewayError } from "../../../provider/errors";
import type { ProviderDeps } from "../../../provider/resources/dynamic/types";
import { UNKNOWN } from "../../../provider/resources/dynamic/unknown";
import { FakeGateway } from "../../support/fake-gateway";

export { UNKNOWN };

export const NUMBER = "441133203040";
export const OTHER_NUMBER = "441133209999";
/** Passes Luhn. */
export const ICCID = "89441000000000000000";
export const ICCID2 = "89441000000000000018";
export const PROVIDER = "exports.handler = () => require('pulumi-aql-mvno/dist/provider/x/shim')";

export interface VasCall {
  script: "vm" | "rec";
  command: "config" | "remove" | "info";
  geoNumber: string;
  /** What config sent. */
  settings?: Record<string, unknown>;
}

export class VasFakeGateway extends FakeGateway {
  readonly vmStore = new Map<string, VoicemailSettings>();
  readonly recStore = new Map<string, RecordingSettings>();
  readonly vasCalls: VasCall[] = [];
  readonly crispCalls: CrispParams[] = [];
  /** What happens to the next crisp calls, one entry each: refused with codes, or answer lost. */
  readonly crispScript: (number[] | "lost")[] = [];

  override readonly voicemail: VasApi<VoicemailSettings> = this.vas("vm", this.vmStore);
  override readonly recording: VasApi<RecordingSettings> = this.vas("rec", this.recStore);

  override async crisp(p: CrispParams): Promise<void> {
    this.crispCalls.push(structuredClone(p));
    const next = this.crispScript.shift();
    const subject = { command: "crisp", iccid: p.iccid, number: p.geoNumber };
    if (next === "lost") throw new AnswerLostError(subject, "scripted");
    if (next !== undefined && next.length > 0) throw new GatewayError(subject, next);
  }

  vasCommands(): string[] {
    return this.vasCalls.map((c) => `${c.script}:${c.command}`);
  }

  private vas<S extends object>(script: "vm" | "rec", store: Map<string, S>): VasApi<S> {
    return {
      config: async (geoNumber, settings) => {
        this.vasCalls.push({
          script,
          command: "config",
          geoNumber,
          settings: { ...settings } as Record<string, unknown>,
        });
        store.set(geoNumber, { ...store.get(geoNumber), ...structuredClone(settings) });
      },
      remove: async (geoNumber) => {
        // The client resolves on 65002, so removing nothing succeeds.
        this.vasCalls.push({ script, command: "remove", geoNumber });
        store.delete(geoNumber);
      },
      info: async (geoNumber) => {
        this.vasCalls.push({ script, command: "info", geoNumber });
        const s = store.get(geoNumber);
        return s === undefined ? undefined : structuredClone(s);
      },
    };
  }
}

export function fakeDeps(gw: FakeGateway, warnings: string[] = []): ProviderDeps {
  return {
    gateway: () => gw,
    configure: async () => undefined,
    warn: (m) => warnings.push(m),
  };
}

/** The properties a check's failures name, in order. */
export function failedProperties(r: { failures?: readonly { property: string }[] }): string[] {
  return (r.failures ?? []).map((f) => f.property);
}

// A live estate made out of band (as if built outside Pulumi over years): consecutive ICCIDs of
// the simulator's demo account, most active with a number and a mix of services, some
// suspended, some with voicemail (and a PIN) or call recording, and some that cannot be adopted
// (never activated, terminated). For the discover tests, the adoption e2e and the benchmark.

import type { SimulatorHandle } from "../../simulator";
import { ALL_SERVICE_FLAGS, type ServiceFlag } from "../../provider/gateway/types";

export interface SeededSim {
  iccid: string;
  number: string;
  suspended: boolean;
  services: Record<ServiceFlag, boolean>;
  voicemail?: { delay: number; pin: string; email?: string; notify: boolean; attach: boolean };
  recording?: { active: boolean; ondemand: boolean; notify: boolean; attach: boolean };
}

export interface SeededEstate {
  /** Every ICCID of the batch, in order: FIRST..LAST covers them all. */
  iccids: string[];
  /** The adoptable ones, by ICCID. */
  sims: Map<string, SeededSim>;
  unused: string[];
  terminated: string[];
  /** The voicemail PINs set, to look for in clear anywhere they must not be. */
  pins: string[];
}

/** `n` consecutive free ICCIDs from `offset`; about 1 in 12 left unused or terminated. */
export function seedEstate(sim: SimulatorHandle, n: number, offset = 0): SeededEstate {
  const iccids = sim.freeIccids(n, { offset });
  const numbers = sim.freeNumbers(n, { offset });
  const out: SeededEstate = { iccids, sims: new Map(), unused: [], terminated: [], pins: [] };
  iccids.forEach((iccid, i) => {
    if (i % 25 === 7) {
      out.unused.push(iccid);
      return;
    }
    const number = numbers[i]!;
    const services = {} as Record<ServiceFlag, boolean>;
    ALL_SERVICE_FLAGS.forEach((f, b) => {
      services[f] = ((i * 37 + 11) >> b) % 2 === 1;
    });
    sim.oob({ op: "activate", iccid, number, services });
    if (i % 25 === 13) {
      sim.oob({ op: "terminate", iccid });
      out.terminated.push(iccid);
      return;
    }
    const s: SeededSim = { iccid, number, suspended: i % 5 === 0, services };
    if (s.suspended) sim.oob({ op: "suspend", iccid });
    if (i % 3 === 0) {
      const pin = String(1000 + ((i * 7919) % 9000));
      const notify = i % 2 === 0;
      s.voicemail = {
        delay: 5 + (i % 60),
        pin,
        notify,
        // attach without notify happens on real estates; discover leaves it unmanaged.
        attach: notify ? i % 4 === 0 : i % 9 === 0,
        ...(i % 6 === 0 && { email: `vm${i}@example.com` }),
      };
      sim.oob({ op: "voicemail", number, settings: s.voicemail });
      out.pins.push(pin);
    }
    if (i % 4 === 1) {
      s.recording = { active: true, ondemand: i % 8 === 1, notify: i % 3 === 1, attach: false };
      sim.oob({ op: "recording", number, settings: s.recording });
    }
    out.sims.set(iccid, s);
  });
  return out;
}

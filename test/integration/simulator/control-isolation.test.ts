// The simulator's control endpoint (/_sim/) can change anything: it must be reachable from
// this machine only, and nothing of it may be reached through the gateway's own routes.

import assert from "node:assert/strict";
import net from "node:net";
import * as os from "node:os";
import { request } from "undici";
import { DEMO_ACCOUNT, startSimulator, type SimulatorHandle } from "../../../simulator";

/** This machine's first IPv4 address that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

describe("simulator control endpoint: loopback only, never through the gateway routes", function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;

  before(async () => {
    sim = await startSimulator({ latencyMs: 50 });
  });

  after(async () => {
    await sim.close();
  });

  it("listens on 127.0.0.1 only: the machine's other addresses refuse the connection", async function () {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const address = externalAddress();
    if (address === undefined) {
      console.log("      (skipped: this machine has no non-loopback IPv4 address)");
      this.skip();
    }
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: address, port: sim.port });
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    assert.equal(refused, "ECONNREFUSED");
  });

  it("control commands sent to the gateway routes are unknown commands there (600)", async () => {
    sim.addFault({ kind: "congestion", count: 0 });
    const faults = sim.faults().length;
    const settings = JSON.stringify(sim.settings());
    for (const path of ["/mobile/configure_sim.php", "/services/vm.php", "/services/rec.php"]) {
      for (const command of ["reset", "settle", "faults", "settings", "oob", "state"]) {
        const res = await request(`${sim.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            username: DEMO_ACCOUNT.username,
            password: DEMO_ACCOUNT.password,
            command,
            latencyMs: "1",
          }).toString(),
        });
        const body = await res.body.text();
        assert.match(body, /^status: 600\b/, `${path} ${command}: ${body}`);
      }
    }
    assert.equal(sim.faults().length, faults, "no fault rule changed");
    assert.equal(JSON.stringify(sim.settings()), settings, "no setting changed");
  });

  it("paths that only look like the control endpoint go nowhere", async () => {
    for (const path of [
      "/%5Fsim/state",
      "/mobile/_sim/state",
      "/mobile/configure_sim.php/_sim/state",
    ]) {
      const res = await request(`${sim.url}${path}`);
      await res.body.text();
      assert.equal(res.statusCode, 404, path);
    }
  });
});

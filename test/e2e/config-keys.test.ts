// The stack's aql:* config on the real engine: a password set without --secret is warned about
// at preview, naming the command that fixes it; a misspelt key fails the preview naming the
// setting meant.

import assert from "node:assert/strict";
import { DEMO_ACCOUNT, type SimulatorHandle } from "../../simulator";
import { SIM_E2E_ROOT } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator } from "../support/sim-fixture";
import { diagnostics, E2EStack } from "../support/stack";

describe("e2e: aql:* config — plaintext password warned, unknown key refused", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;

  before(async () => {
    sim = await simulator();
    const [iccid] = sim.freeIccids(1) as [string];
    const [number] = sim.freeNumbers(1) as [string];
    stack = await E2EStack.create({
      program: "sims.js",
      config: {
        ...gatewayConfig(sim, { "aql:password": { value: DEMO_ACCOUNT.password } }),
        ...simsConfig([{ name: "one", iccid, geoNumber: number }]),
      },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("preview with aql:password in clear warns, naming pulumi config set --secret", async () => {
    const r = await stack.preview();
    const warnings = diagnostics(r.events).filter((d) => d.severity === "warning");
    assert.ok(
      warnings.some((w) => /pulumi config set --secret aql:password/.test(w.message)),
      JSON.stringify(warnings),
    );
    // Stored as a secret, no warning.
    await stack.setConfig({ "aql:password": { value: DEMO_ACCOUNT.password, secret: true } });
    const again = await stack.preview();
    assert.ok(
      !diagnostics(again.events).some((d) => /aql:password is stored in clear/.test(d.message)),
    );
  });

  it("aql:maxTerminationPerRun (one s short) fails the preview, naming aql:maxTerminationsPerRun", async () => {
    await stack.setConfig({ "aql:maxTerminationPerRun": { value: "50" } });
    const f = await stack.expectFailure("preview");
    assert.match(`${f.error}\n${f.output}`, /did you mean aql:maxTerminationsPerRun\?/);
  });
});

// A SimEstate from an inventory file on the real engine against the simulator: up of a small
// estate; editing, adding and removing one row previews (and applies) as exactly that SIM's
// change; a malformed file fails the preview naming file:line:column, with no gateway call.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, changingCalls, mark } from "../support/gateway-calls";
import { gatewayConfig, simulator } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

const COLUMNS = [
  "iccid",
  "number",
  "name",
  "address",
  "postcode",
  "contact",
  "services",
  "suspended",
  "vmDelay",
  "vmPin",
  "vmNotify",
  "recActive",
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

/** The resource operations other than `same` a run reported, as "op name". */
function changes(events: readonly EngineEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    // The default provider of dynamic resources is created with the first of them.
    if (m === undefined || m.op === "same" || m.type.startsWith("pulumi:providers:")) continue;
    out.push(`${m.op} ${m.urn.split("::").pop()!}`);
  }
  return out.sort();
}

describe("e2e: a SimEstate from an inventory file", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccids: string[];
  let numbers: string[];
  let file: string;
  let rows: Row[];

  const write = (text?: string): void => {
    const body =
      text ??
      [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => r[c] ?? "").join(","))].join("\n") +
        "\n";
    fs.writeFileSync(file, body);
  };
  const row = (i: number, over: Row = {}): Row => ({
    iccid: iccids[i]!,
    number: numbers[i]!,
    name: `Subscriber ${i}`,
    address: "11-15 Hunslet Road",
    postcode: "LS10 1JQ",
    contact: "441133203040",
    ...over,
  });

  /** Preview, asserting that it made no gateway call; returns the changes it shows. */
  async function preview(): Promise<string[]> {
    const before = mark(sim);
    const r = await stack.preview();
    assert.deepEqual(callsSince(sim, before), [], "preview calls nothing");
    return changes(r.events);
  }

  before(async () => {
    sim = await simulator();
    iccids = sim.freeIccids(4, { offset: 60 });
    numbers = sim.freeNumbers(4, { offset: 60 });
    stack = await E2EStack.create({ program: "estate.js", config: gatewayConfig(sim) });
    file = path.join(stack.dir, "inventory.csv");
    await stack.setConfig({ inventory: { value: file } });
    rows = [
      row(0, { services: "moVoice mtVoice internet" }),
      row(1, { vmDelay: "20", vmPin: "1234", vmNotify: "true" }),
      row(2, { suspended: "true", recActive: "true" }),
    ];
    write();
  });

  after(async () => {
    await stack?.cleanup();
    await sim?.close();
  });

  const simName = (i: number) => `sim-${iccids[i]!}`;

  it("previews the estate with no gateway call, then creates it", async () => {
    assert.deepEqual(
      await preview(),
      [
        "create aql-e2e-e2e",
        "create estate",
        `create ${simName(0)}`,
        `create ${simName(1)}`,
        `create ${simName(2)}`,
        `create rec-${iccids[2]!}`,
        `create vm-${iccids[1]!}`,
      ].sort(),
    );

    const r = await stack.up();
    assert.equal(r.changes.create, 7, "the stack, the estate, 3 SIMs, a voicemail, a recording");
    const state = (i: number) => sim.sim(iccids[i]!);
    assert.equal(state(0)?.state, "active");
    assert.equal(state(1)?.state, "active");
    assert.equal(state(2)?.state, "suspended");
    assert.equal(state(0)?.services.int_roaming, false);
    assert.equal(state(0)?.services.mo_sms, false, "all seven managed: the unnamed are off");
    assert.equal(state(0)?.services.internet, true);
    const account = sim.snapshot().accounts["demo"]!;
    assert.equal(account.voicemail[numbers[1]!]?.delay, 20);
    assert.ok(account.recording[numbers[2]!], "call recording on the suspended SIM's number");

    const outputs = await stack.stack.outputs();
    const summary = outputs["summary"]!.value as { byState: Record<string, number> };
    assert.deepEqual(summary.byState, { active: 2, suspended: 1 });
  });

  it("previews an unchanged inventory as no change", async () => {
    assert.deepEqual(await preview(), []);
  });

  it("editing one row's services previews and applies as that SIM's update only", async () => {
    rows[1] = { ...rows[1]!, services: "moVoice mtVoice moSms mtSms internet intRoaming" };
    write();
    assert.deepEqual(await preview(), [`update ${simName(1)}`]);

    const before = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.update, 1);
    const changed = changingCalls(callsSince(sim, before));
    assert.deepEqual(
      changed.map((e) => `${e.command} ${e.iccid}`),
      [`addservice ${iccids[1]!}`],
    );
    assert.equal(sim.sim(iccids[1]!)?.services.int_roaming, true);
  });

  it("editing one row's voicemail previews as that voicemail's update only", async () => {
    rows[1] = { ...rows[1]!, vmDelay: "30" };
    write();
    assert.deepEqual(await preview(), [`update vm-${iccids[1]!}`]);
    await stack.up();
    assert.equal(sim.snapshot().accounts["demo"]!.voicemail[numbers[1]!]?.delay, 30);
  });

  it("adding one row previews and applies as that SIM's creation only", async () => {
    rows.push(row(3));
    write();
    assert.deepEqual(await preview(), [`create ${simName(3)}`]);
    const before = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.create, 1);
    assert.deepEqual(
      [
        ...new Set(
          callsSince(sim, before)
            .map((e) => e.iccid)
            .filter((i) => i !== null),
        ),
      ],
      [iccids[3]],
    );
    assert.equal(sim.sim(iccids[3]!)?.state, "active");
  });

  it("removing one row previews and applies as that SIM's removal (with its voicemail)", async () => {
    rows.splice(1, 1);
    write();
    assert.deepEqual(await preview(), [`delete ${simName(1)}`, `delete vm-${iccids[1]!}`].sort());
    const r = await stack.up();
    assert.equal(r.changes.delete, 2);
    assert.equal(sim.sim(iccids[1]!)?.state, "terminated");
    assert.equal(sim.sim(iccids[0]!)?.state, "active");
  });

  it("a malformed file fails the preview naming file:line:column, with no gateway call", async () => {
    const good = fs.readFileSync(file, "utf8");
    const lines = good.split("\n");
    // Line 3 (the second SIM): a postcode that is not one.
    lines[2] = lines[2]!.replace("LS10 1JQ", "NOT A POSTCODE");
    write(lines.join("\n"));
    const before = mark(sim);
    const f = await stack.expectFailure("preview");
    assert.deepEqual(callsSince(sim, before), []);
    const text = `${f.error}\n${f.output}`;
    assert.match(text, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3:5: postcode`));
    assert.match(text, /nothing was sent to the gateway/);
    assert.doesNotMatch(text, /at Object\.<anonymous>|at new SimEstate/, "no stack trace");

    // Put right, the estate is as it was.
    write(good);
    assert.deepEqual(await preview(), []);
  });
});

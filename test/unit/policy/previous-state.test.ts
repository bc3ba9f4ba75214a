import assert from "node:assert/strict";
import {
  PreviousState,
  priorSims,
  qualifiedName,
  stackNames,
  stackRef,
} from "../../../policy/previous-state";
import { UNKNOWN } from "../../../policy/unknown";

const SIM = "pulumi-nodejs:dynamic/aql:Sim";
const u = (name: string, type = SIM) => `urn:pulumi:dev::estate::${type}::${name}`;

describe("policy: the state before the update", () => {
  it("reads the Sims of `pulumi stack export`, outputs over inputs", () => {
    const exported = {
      version: 3,
      deployment: {
        resources: [
          { urn: u("estate", "pulumi:pulumi:Stack"), type: "pulumi:pulumi:Stack" },
          {
            urn: u("a"),
            type: SIM,
            inputs: { iccid: "8944100000000000001", geoNumber: "441133203040" },
            outputs: {
              iccid: "8944100000000000001",
              deletionPolicy: "suspend",
              state: "suspended",
            },
          },
          {
            urn: u("b"),
            type: SIM,
            inputs: { iccid: "8944100000000000002" },
            retainOnDelete: true,
          },
          { urn: u("old"), type: SIM, outputs: { iccid: "8944100000000000003" }, delete: true },
          {
            urn: u("vm", "pulumi-nodejs:dynamic/aql:Voicemail"),
            type: "pulumi-nodejs:dynamic/aql:Voicemail",
          },
        ],
      },
    };
    const sims = priorSims(exported);
    assert.deepEqual(
      sims.map((s) => [s.name, s.iccid, s.deletionPolicy, s.suspended, s.retainOnDelete]),
      [
        ["a", "8944100000000000001", "suspend", true, false],
        ["b", "8944100000000000002", undefined, false, true],
      ],
    );
    assert.deepEqual(priorSims({ version: 3, deployment: {} }), []);
    assert.notEqual(sims[0]!.iccid, UNKNOWN);
  });

  it("names the stack from the CLI's environment, else from a URN", () => {
    const env = { PULUMI_STACK: "dev", PULUMI_PROJECT: "estate", PULUMI_ORGANIZATION: "acme" };
    assert.equal(qualifiedName(stackRef(env, undefined)!), "acme/estate/dev");
    assert.equal(qualifiedName(stackRef({}, u("a"))!), "dev");
    assert.equal(stackRef({}, undefined), undefined);
  });

  it("tries the names that can reach the stack, AQL_POLICY_STACK first", () => {
    const withOrg = { stack: "dev", project: "estate", organization: "acme" };
    assert.deepEqual(stackNames(withOrg, {}), ["acme/estate/dev"]);
    assert.deepEqual(stackNames({ stack: "dev", project: "estate" }, {}), [
      "dev",
      "organization/estate/dev",
    ]);
    assert.deepEqual(stackNames(withOrg, { AQL_POLICY_STACK: "team/estate/dev" }), [
      "team/estate/dev",
    ]);
  });

  it("reads once per engine run, however many rules ask", async () => {
    let reads = 0;
    const state = new PreviousState(async () => {
      reads++;
      return { deployment: { resources: [] } };
    });
    await Promise.all([state.sims(u("a")), state.sims(u("b")), state.sims()]);
    assert.equal(reads, 1);
  });

  it("lets a rule see why the read failed", async () => {
    const state = new PreviousState(async () => {
      throw new Error("no such stack");
    });
    await assert.rejects(state.sims(u("a")), /no such stack/);
  });
});

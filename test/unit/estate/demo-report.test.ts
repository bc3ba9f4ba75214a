import assert from "node:assert/strict";
import { changesText, numberRanges, report, unchanged } from "../../../scripts/demo-report";

describe("demo report", () => {
  it("writes consecutive numbers as ranges", () => {
    assert.equal(
      numberRanges(["441134960002", "441134960000", "441134960001", "441134960009"]),
      "441134960000-441134960002, 441134960009",
    );
    assert.equal(numberRanges([]), "");
  });

  it("calls a run with only `same` unchanged", () => {
    assert.equal(unchanged({ same: 34 }), true);
    assert.equal(unchanged({ same: 33, update: 1 }), false);
    assert.equal(unchanged({ same: 33, create: 0 }), true);
    assert.equal(
      changesText({ create: 2, same: 1, delete: 1 }),
      "2 created, 1 unchanged, 1 deleted",
    );
  });

  it("summarises the estate and the gateway, and prints the environment to export", () => {
    const text = report({
      summary: {
        total: 3,
        byState: { suspended: 1, active: 2 },
        services: { internet: 3, moVoice: 2 },
        voicemail: 1,
        callRecording: 0,
        numbers: ["441134960001", "441134960000", "441134960002"],
      },
      gateway: {
        sims: [{ state: "active" }, { state: "active" }, { state: "suspended" }],
        voicemail: { a: 1 },
        recording: {},
      },
      changes: { same: 5 },
      gatewayCalls: 0,
      simulatorUrl: "http://127.0.0.1:18790",
      env: { PATH: "/repo/.engine/bin:$PATH", PULUMI_CONFIG_PASSPHRASE: "pass phrase" },
    });
    assert.match(text, /3 SIMs: 2 active, 1 suspended; voicemail on 1, call recording on 0/);
    assert.match(text, /numbers: +441134960000-441134960002/);
    assert.match(
      text,
      /Gateway \(simulator http:\/\/127\.0\.0\.1:18790\): 3 SIMs in use: 2 active, 1 suspended/,
    );
    assert.match(text, /This run: 5 unchanged, 0 gateway call\(s\): the estate already matched/);
    assert.match(text, /export PATH="\/repo\/\.engine\/bin:\$PATH"/);
    assert.match(text, /export PULUMI_CONFIG_PASSPHRASE='pass phrase'/);
  });
});

// The details of reading answers that a user sees: the problems noted, the reasons given, and
// empty or malformed values read as absent or refused.

import assert from "node:assert/strict";
import { BadAnswerError } from "../../../provider/errors";
import {
  readRecording,
  readRequestStatus,
  readSimInfo,
  readVoicemail,
} from "../../../provider/gateway/answers";
import {
  prepareChangeGeo,
  prepareCheckStatus,
  prepareCrisp,
  prepareRecordingConfig,
  prepareVoicemailConfig,
  redactedForm,
} from "../../../provider/gateway/params";
import { Limiter } from "../../../provider/gateway/limiter";
import { ALL_SERVICE_FLAGS } from "../../../provider/gateway/types";
import { excerpt, parseAnswer, parseStatusValue } from "../../../provider/gateway/response";
import { ValidationError } from "../../../provider/errors";

const ICCID = "89441000000000000000";
const NUMBER = "441133203040";
const SUBJECT = { command: "vm.php info", number: NUMBER };
const answer = (...lines: string[]) => parseAnswer(lines.join("\n"));
const refusedWith = (fn: () => unknown, reason: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BadAnswerError, String(e));
    assert.match(e.message, reason);
    return true;
  });

describe("gateway answers in detail", () => {
  describe("excerpt", () => {
    it("says (empty) for blank text, quotes the rest flattened, cut at the limit", () => {
      assert.equal(excerpt(" \n\t "), "(empty)");
      assert.equal(excerpt("a\n  b"), '"a b"');
      assert.equal(excerpt("x".repeat(81)), JSON.stringify(`${"x".repeat(80)}…`));
      assert.equal(excerpt("x".repeat(80)), JSON.stringify("x".repeat(80)));
    });
  });

  describe("status values", () => {
    it("a trailing comma is no problem; a code with other characters is not a code", () => {
      assert.deepEqual(parseStatusValue("63028,"), {
        status: { kind: "refused", codes: [63028] },
        problems: [],
      });
      for (const bad of ["63028x", "x63028"]) {
        assert.deepEqual(parseStatusValue(bad), {
          status: { kind: "unreadable", reason: `status line ${JSON.stringify(bad)}` },
          problems: [`status holds ${JSON.stringify(bad)}, which is not a code`],
        });
      }
    });

    it("notes 200 repeated, and 200 mixed with error codes", () => {
      assert.deepEqual(parseStatusValue("200,200"), {
        status: { kind: "ok" },
        problems: ["status repeats 200"],
      });
      assert.deepEqual(parseStatusValue("200,63028").problems, [
        "status mixes 200 with error codes",
      ]);
    });
  });

  describe("answer text", () => {
    it("names the line of each odd thing; blank lines are not odd", () => {
      const a = answer("status: 200", "   ", "nonsense", "status: 63028", "foo: a", "foo: b");
      assert.deepEqual(a.status, { kind: "ok" });
      assert.deepEqual(a.problems, [
        'line 3 is not "key: value": "nonsense"',
        "line 4: a status line that is not the first line is ignored",
        'line 6: "foo" repeated; the first value is kept',
      ]);
      assert.equal(a.fields.get("foo"), "a");
    });

    it("a byte-order mark is dropped only at the start", () => {
      assert.deepEqual(parseAnswer("\uFEFFstatus: 200").status, { kind: "ok" });
      assert.deepEqual(parseAnswer("status: 200\nnote: x\uFEFF").status, { kind: "ok" });
    });

    it("an empty or blank answer, and one that does not open with a status", () => {
      for (const text of ["", "  \n  "]) {
        assert.deepEqual(parseAnswer(text).status, { kind: "unreadable", reason: "empty answer" });
      }
      assert.deepEqual(parseAnswer("<html>").status, {
        kind: "unreadable",
        reason: 'no status line first: "<html>"',
      });
    });
  });

  describe("reading fields", () => {
    it("an empty optional flag or text is absent; a flag that is not 1 or 0 is refused", () => {
      const s = readVoicemail(SUBJECT, answer("status: 200", "notify:", "email:", "pin: 1234"));
      assert.deepEqual(s, { pin: "1234" });
      refusedWith(
        () => readVoicemail(SUBJECT, answer("status: 200", "notify: yes")),
        /"notify" is "yes", not 1 or 0/,
      );
    });

    it("an empty number is no number", () => {
      const flags = ALL_SERVICE_FLAGS.map((f) => `${f}: 1`);
      const info = readSimInfo(
        { command: "queryiccid", iccid: ICCID },
        ICCID,
        answer("status: 200", "iccidstate: active", "geo_nos:", ...flags),
      );
      assert.equal("geoNumber" in info, false);
    });

    it("a delay must be whole seconds, digits only", () => {
      for (const delay of ["12s", "x12"]) {
        refusedWith(
          () => readVoicemail(SUBJECT, answer("status: 200", `delay: ${delay}`)),
          new RegExp(`"delay" is "${delay}", not seconds`),
        );
      }
    });

    it("recording settings are all optional", () => {
      assert.deepEqual(readRecording(SUBJECT, answer("status: 200", "ondemand: 1")), {
        onDemand: true,
      });
    });

    it("a missing or unknown state is named", () => {
      const sim = { command: "queryiccid", iccid: ICCID };
      refusedWith(() => readSimInfo(sim, ICCID, answer("status: 200")), /"iccidstate" is missing/);
      refusedWith(
        () => readSimInfo(sim, ICCID, answer("status: 200", "iccidstate: lost")),
        /unknown iccidstate "lost"/,
      );
      const req = { command: "checkstatus", requestId: "1" };
      refusedWith(
        () => readRequestStatus(req, "1", answer("status: 200")),
        /"requeststate" is missing/,
      );
      refusedWith(
        () => readRequestStatus(req, "1", answer("status: 200", "requeststate: odd")),
        /unknown requeststate "odd"/,
      );
    });
  });

  describe("parameters", () => {
    it("attach without notify is refused, for voicemail and recording", () => {
      for (const prepare of [prepareVoicemailConfig, prepareRecordingConfig]) {
        assert.throws(
          () => prepare(NUMBER, { attach: true, notify: false }),
          (e: unknown) => {
            assert.ok(e instanceof ValidationError, String(e));
            assert.match(
              e.message,
              /attach.*works only with notify: true \(the gateway attaches to the notification email\)/,
            );
            return true;
          },
        );
      }
    });

    it("notify off is accepted without attach, or with attach off", () => {
      for (const prepare of [prepareVoicemailConfig, prepareRecordingConfig]) {
        for (const settings of [{ notify: false }, { notify: false, attach: false }]) {
          const call = prepare(NUMBER, settings);
          assert.deepEqual(
            call.fields.filter(([k]) => k === "notify" || k === "attach"),
            Object.entries(settings).map(([k, v]) => [k, v ? "1" : "0"]),
          );
        }
      }
    });

    it("a request id the gateway could not have returned is refused, saying so", () => {
      assert.throws(
        () => prepareCheckStatus("1&command=terminate"),
        (e: unknown) =>
          e instanceof ValidationError &&
          e.property === "id" &&
          /must be a request id as the gateway returned it/.test(e.message),
      );
    });

    it("changegeo and crisp name the SIM and its number", () => {
      assert.deepEqual(
        prepareChangeGeo({ iccid: ICCID, geoNumber: NUMBER, newGeoNumber: "441133209999" }).subject,
        { command: "changegeo", iccid: ICCID, number: NUMBER },
      );
      assert.deepEqual(
        prepareCrisp({
          action: "disable",
          iccid: ICCID,
          geoNumber: NUMBER,
          email: "a@example.com",
        }).subject,
        { command: "crisp", iccid: ICCID, number: NUMBER },
      );
    });

    it("a debug form shows the settings that name no one", () => {
      const vm = prepareVoicemailConfig(NUMBER, { delaySeconds: 20, notify: true, attach: true });
      assert.equal(
        redactedForm(vm, "demo"),
        `username=demo&password=***&command=config&geo_no=${NUMBER}&delay=20&notify=1&attach=1`,
      );
      const rec = prepareRecordingConfig(NUMBER, { active: true, onDemand: false });
      assert.equal(
        redactedForm(rec, "demo"),
        `username=demo&password=***&command=config&geo_no=${NUMBER}&active=1&ondemand=0`,
      );
    });
  });

  it("a limiter with no room is refused, saying which setting", () => {
    assert.throws(
      () => new Limiter({ maxConcurrency: 0, requestsPerSecond: 1 }),
      /^RangeError: maxConcurrency must be at least 1$/,
    );
    assert.throws(
      () => new Limiter({ maxConcurrency: 1, requestsPerSecond: 0 }),
      /^RangeError: requestsPerSecond must be positive$/,
    );
  });
});

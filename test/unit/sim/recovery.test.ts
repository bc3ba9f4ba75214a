// The recovery policy as tables: each row is a provider call told as the events the runner
// would report, with the action the policy must answer each with. No gateway, no clock.

import assert from "node:assert/strict";
import {
  AnswerLostError,
  DeadlineError,
  GatewayError,
  InvalidStateError,
  RequestFailedError,
} from "../../../provider/errors";
import type { SimInfo, TwoStepCommand } from "../../../provider/gateway/types";
import type {
  Goal,
  RecoveryAction,
  RecoveryEvent,
  SendCommand,
} from "../../../provider/resources/sim/recovery";
import {
  LIMITS,
  MAX_LOST_ANSWERS,
  MAX_REJECTED_REQUESTS,
  next,
  startMemory,
} from "../../../provider/resources/sim/recovery";
import { DEFAULT_SERVICES } from "../../support/fake-gateway";
import { ICCID, NUMBER, SCHEDULE } from "./helpers";

const T0 = 1_700_000_000_000;
const WINDOW = 300_000;

const unused: SimInfo = { iccid: ICCID, state: "unused" };
const pending: SimInfo = { iccid: ICCID, state: "pending" };
const terminated: SimInfo = { iccid: ICCID, state: "terminated" };
const active = (over: Partial<SimInfo["services"] & object> = {}): SimInfo => ({
  iccid: ICCID,
  state: "active",
  geoNumber: NUMBER,
  services: { ...DEFAULT_SERVICES, ...over },
});
/** Activation leaves int_roaming off; the program wants it on. */
const withoutRoaming = active({ int_roaming: false });
const withRoaming = active({ int_roaming: true });

const create: Goal = {
  kind: "converge",
  desired: { geoNumber: NUMBER, services: { int_roaming: true }, suspended: false },
  adopt: false,
  owned: false,
  canActivate: true,
};
const update: Goal = { ...create, owned: true };

const observed = (info: SimInfo): RecoveryEvent => ({ kind: "observed", info });
const lost = (command: SendCommand, at = T0): RecoveryEvent => ({
  kind: "lost",
  command,
  at,
  error: new AnswerLostError({ command, iccid: ICCID }, "socket hang up"),
});
const rejected = (command: SendCommand): RecoveryEvent => ({
  kind: "rejected",
  command,
  error: new RequestFailedError({ command, iccid: ICCID, requestId: "1" }),
});
const refused = (command: SendCommand, code: number): RecoveryEvent => ({
  kind: "refused",
  command,
  error: new GatewayError({ command, iccid: ICCID, number: NUMBER }, [code]),
});
const sent: RecoveryEvent = { kind: "sent" };
const waited: RecoveryEvent = { kind: "waited" };

/** An event at a time (ms after T0), and the action it must lead to. */
type Row = [event: RecoveryEvent, expect: string, atMs?: number];

/** Three activations whose answers were lost, the SIM still unused after each: the cap. */
const THREE_LOST_ACTIVATIONS: Row[] = [
  [{ kind: "start" }, "query"],
  [observed(unused), "activate"],
  [lost("activate"), "query"],
  [observed(unused), "resend:activate"],
  [lost("activate"), "query"],
  [observed(unused), "resend:activate"],
  [lost("activate"), "query"],
  [observed(unused), "fail:InvalidStateError"],
];

/** Drive the policy through `rows`; returns the actions, for closer checks. */
function drive(goal: Goal, rows: Row[], window = 0): RecoveryAction[] {
  let memory = startMemory(ICCID, goal);
  const actions: RecoveryAction[] = [];
  rows.forEach(([event, expect, atMs = 0], i) => {
    const step = next(memory, event, {
      now: T0 + atMs,
      schedule: SCHEDULE,
      lostAnswerWindow: window,
    });
    memory = step.memory;
    actions.push(step.action);
    assert.equal(word(step.action), expect, `row ${i} (${event.kind})`);
  });
  return actions;
}

/** An action as a short word: query, activate, send:addservice, resend:terminate, wait, ... */
function word(a: RecoveryAction): string {
  switch (a.do) {
    case "send":
      return `${a.resend ? "resend" : "send"}:${a.steps.map((s) => s.command).join(",")}`;
    case "activate":
      return a.resend ? "resend:activate" : "activate";
    case "finish":
      return a.query ? "finish+query" : "finish";
    case "fail":
      return `fail:${(a.error as Error).constructor.name}`;
    default:
      return a.do;
  }
}

describe("Sim recovery policy", () => {
  describe("a new SIM", () => {
    it("unused: ask, activate, ask, change the service; done (its effect is checkstatus's word)", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(unused), "activate"],
        [sent, "query"],
        [observed(withoutRoaming), "send:addservice"],
        [sent, "finish"],
      ]);
    });

    it("already as wanted: nothing sent", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(withRoaming), "finish"],
      ]);
    });

    it("unused with no subscriber to activate it with: refused, nothing sent", () => {
      drive({ ...create, canActivate: false }, [
        [{ kind: "start" }, "query"],
        [observed(unused), "fail:InvalidStateError"],
      ]);
    });

    it("terminated, or in use with another number: refused with the reason", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(terminated), "fail:InvalidStateError"],
      ]);
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed({ ...withRoaming, geoNumber: "441130000000" }), "fail:InvalidStateError"],
      ]);
    });
  });

  describe("a lost answer", () => {
    const cases: [TwoStepCommand, SimInfo, SimInfo][] = [
      ["activate", unused, withRoaming],
      ["addservice", withoutRoaming, withRoaming],
    ];
    for (const [command, before, after] of cases) {
      const send = command === "activate" ? "activate" : `send:${command}`;
      const lead: Row[] =
        command === "activate"
          ? [
              [{ kind: "start" }, "query"],
              [observed(before), send],
            ]
          : [[{ kind: "start", info: before }, send]];

      it(`${command}: the effect shows, so it is done with no resend`, () => {
        drive(update, [...lead, [lost(command), "query"], [observed(after), "finish"]], WINDOW);
      });

      it(`${command}: not sent again before the SIM has been seen unchanged for the window`, () => {
        drive(
          update,
          [
            ...lead,
            [lost(command), "query"],
            [observed(before), "wait", 1_000],
            [waited, "query", 61_000],
            [observed(before), "wait", 61_000],
            [waited, "query", WINDOW - 1],
            [observed(before), "wait", WINDOW - 1],
            [waited, "query", WINDOW],
            [observed(before), `re${command === "activate" ? "send:activate" : send}`, WINDOW],
          ],
          WINDOW,
        );
      });
    }

    it("a later step of the plan whose answer was lost holds the whole plan", () => {
      const both: Goal = {
        ...update,
        desired: { ...update.desired, services: { int_roaming: true, mt_sms: false } },
      };
      const neither = active({ int_roaming: false, mt_sms: true });
      drive(
        both,
        [
          [{ kind: "start", info: neither }, "send:addservice,removeservice"],
          [lost("removeservice"), "query", 0],
          // The addservice that succeeded does not show yet: both are planned again.
          [observed(neither), "wait", 1_000],
          [waited, "query", WINDOW],
          [observed(neither), "resend:addservice,removeservice", WINDOW],
        ],
        WINDOW,
      );
    });

    it("waits on the poll schedule, never past the window", () => {
      const actions = drive(
        update,
        [
          [{ kind: "start", info: withoutRoaming }, "send:addservice"],
          [lost("addservice"), "query"],
          [observed(withoutRoaming), "wait", 0],
          [waited, "query", 60_000],
          [observed(withoutRoaming), "wait", 60_000],
          [waited, "query", 180_000],
          [observed(withoutRoaming), "wait", 180_000],
        ],
        WINDOW,
      );
      const waits = actions.flatMap((a) => (a.do === "wait" ? [a.ms] : []));
      // 60 s, 120 s on the schedule; then only what is left of the window.
      assert.deepEqual(waits, [60_000, 120_000, WINDOW - 180_000]);
    });

    it("a window of 0 resends as soon as the SIM shows no effect", () => {
      drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [lost("addservice"), "query"],
        [observed(withoutRoaming), "resend:addservice"],
      ]);
    });

    it("activate: a pending SIM is the request queued: wait for it, send nothing", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(unused), "activate"],
        [lost("activate"), "query"],
        [observed(pending), "await-activation"],
        [{ kind: "awaited", info: withoutRoaming }, "send:addservice"],
      ]);
    });

    it(`gives up after ${MAX_LOST_ANSWERS} lost answers, with the transport's error`, () => {
      const rows: Row[] = [[{ kind: "start", info: withoutRoaming }, "send:addservice"]];
      for (let i = 0; i < MAX_LOST_ANSWERS; i++) {
        rows.push([lost("addservice"), "query"], [observed(withoutRoaming), "resend:addservice"]);
      }
      rows.push([lost("addservice"), "fail:AnswerLostError"]);
      drive(update, rows);
    });

    it("activate: at most three while the SIM still shows unused", () => {
      const actions = drive(create, THREE_LOST_ACTIVATIONS);
      const last = actions.at(-1);
      assert.ok(last?.do === "fail" && last.error instanceof InvalidStateError);
      assert.match((last.error as Error).message, /still unused after 3 activate requests/);
    });
  });

  describe("a rejected request (checkstatus: failed)", () => {
    it(`sent again after a query, ${MAX_REJECTED_REQUESTS} times, then reported`, () => {
      drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [rejected("addservice"), "query"],
        [observed(withoutRoaming), "send:addservice"],
        [rejected("addservice"), "query"],
        [observed(withoutRoaming), "send:addservice"],
        [rejected("addservice"), "fail:RequestFailedError"],
      ]);
    });

    it("a rejected activation does not count against the lost-activation cap", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(unused), "activate"],
        [rejected("activate"), "query"],
        [observed(unused), "activate"],
        [lost("activate"), "query"],
        [observed(unused), "resend:activate"],
        [lost("activate"), "query"],
        [observed(unused), "resend:activate"],
      ]);
    });

    it("a delete reports it at once", () => {
      drive({ kind: "terminate" }, [
        [{ kind: "start" }, "query"],
        [observed(withRoaming), "send:terminate"],
        [rejected("terminate"), "fail:RequestFailedError"],
      ]);
    });
  });

  describe("a request in flight (63026)", () => {
    it("after a lost answer and a fresh query: wait on the schedule, ask, decide again", () => {
      drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [lost("addservice"), "query"],
        [observed(withoutRoaming), "resend:addservice"],
        [refused("addservice", 63026), "wait"],
        [waited, "query"],
        [observed(withRoaming), "finish"],
      ]);
    });

    it("a create that finds the SIM in use: its 63026 is an earlier run's request", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(withoutRoaming), "send:addservice"],
        [refused("addservice", 63026), "wait"],
      ]);
    });

    it("with nothing that may be in flight, 63026 is a final answer", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(unused), "activate"],
        [sent, "query"],
        [observed(withoutRoaming), "send:addservice"],
        [refused("addservice", 63026), "fail:GatewayError"],
      ]);
    });

    it("waits until aql:waitDeadline from the first refusal, then a DeadlineError", () => {
      const actions = drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [lost("addservice"), "query"],
        [observed(withoutRoaming), "resend:addservice"],
        [refused("addservice", 63026), "wait", 0],
        [waited, "query"],
        [observed(withoutRoaming), "send:addservice"],
        [refused("addservice", 63026), "fail:DeadlineError", SCHEDULE.waitDeadline],
      ]);
      const last = actions.at(-1);
      assert.ok(last?.do === "fail" && last.error instanceof DeadlineError);
      assert.ok((last.error as DeadlineError).cause instanceof GatewayError);
    });

    it("a delete may always meet an interrupted destroy's terminate", () => {
      drive({ kind: "terminate" }, [
        [{ kind: "start" }, "query"],
        [observed(withRoaming), "send:terminate"],
        [refused("terminate", 63026), "wait"],
        [waited, "query"],
        [observed(terminated), "finish"],
      ]);
    });
  });

  describe("a stale plan", () => {
    for (const code of [63017, 63026, 63202, 63203]) {
      it(`planned from recorded state and refused with ${code}: ask once and plan again`, () => {
        drive(update, [
          [{ kind: "start", info: withoutRoaming }, "send:addservice"],
          [refused("addservice", code), "query"],
          [observed(active({ int_roaming: false, mt_sms: true })), "send:addservice"],
          [refused("addservice", code), "fail:GatewayError"],
        ]);
      });
    }

    it("any other refusal is reported as it is", () => {
      drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [refused("addservice", 63032), "fail:GatewayError"],
      ]);
    });

    it("an update with a request left pending resumes it, then asks", () => {
      drive(update, [
        [
          {
            kind: "start",
            info: pending,
            pending: { id: "1", command: "activate", submittedAt: T0 },
          },
          "resume",
        ],
        [{ kind: "resumed" }, "query"],
        [observed(withRoaming), "finish"],
      ]);
    });
  });

  describe("delete", () => {
    it("terminate: nothing to do for a SIM terminated or unused", () => {
      for (const info of [terminated, unused]) {
        drive({ kind: "terminate" }, [
          [{ kind: "start" }, "query"],
          [observed(info), "finish"],
        ]);
      }
    });

    it("terminate: a pending activation of the last run is resumed, another awaited", () => {
      drive({ kind: "terminate" }, [
        [{ kind: "start", pending: { id: "1", command: "activate", submittedAt: T0 } }, "query"],
        [observed(pending), "resume"],
        [{ kind: "resumed" }, "query"],
        [observed(pending), "await-activation"],
        [{ kind: "awaited", info: pending }, "finish"],
      ]);
    });

    it("terminate: one lost answer is recovered from, a second is reported", () => {
      assert.equal(LIMITS.terminate.lost, 1);
      drive({ kind: "terminate" }, [
        [{ kind: "start" }, "query"],
        [observed(withRoaming), "send:terminate"],
        [lost("terminate"), "query"],
        [observed(withRoaming), "resend:terminate"],
        [lost("terminate"), "fail:AnswerLostError"],
      ]);
    });

    it("terminate: a lost answer whose effect shows is done", () => {
      drive(
        { kind: "terminate" },
        [
          [{ kind: "start" }, "query"],
          [observed(withRoaming), "send:terminate"],
          [lost("terminate"), "query"],
          [observed(withRoaming), "wait", 1000],
          [waited, "query", 2000],
          [observed(terminated), "finish", 2000],
        ],
        WINDOW,
      );
    });

    it("suspend: only an active SIM, and no second try", () => {
      drive({ kind: "suspend" }, [
        [{ kind: "start" }, "query"],
        [observed({ ...withRoaming, state: "suspended" }), "finish"],
      ]);
      drive({ kind: "suspend" }, [
        [{ kind: "start" }, "query"],
        [observed(withRoaming), "send:suspend"],
        [lost("suspend"), "fail:AnswerLostError"],
      ]);
    });
  });

  it("a SIM that keeps changing is reported after the rounds allowed", () => {
    const rows: Row[] = [
      [{ kind: "start" }, "query"],
      [observed(pending), "await-activation"],
    ];
    for (let round = 2; round <= LIMITS.converge.rounds; round++) {
      rows.push([{ kind: "awaited", info: pending }, "await-activation"]);
    }
    rows.push([{ kind: "awaited", info: pending }, "fail:InvalidStateError"]);
    const last = drive(create, rows).at(-1);
    assert.ok(last?.do === "fail");
    assert.match(
      (last.error as Error).message,
      /the SIM's state kept changing \(now pending\); run pulumi up again/,
    );
  });

  describe("what the policy says and remembers", () => {
    const failure = (a: RecoveryAction | undefined): Error => {
      assert.ok(a?.do === "fail", JSON.stringify(a));
      return a.error as Error;
    };
    const note = (a: RecoveryAction | undefined): string => {
      assert.ok(a?.do === "wait", JSON.stringify(a));
      return a.note;
    };

    it("a delete that finds an activation pending that it did not record awaits it", () => {
      // Nothing recorded to resume: the create was interrupted before its request id was kept.
      drive({ kind: "terminate" }, [
        [{ kind: "start" }, "query"],
        [observed(pending), "await-activation"],
      ]);
    });

    it("a lost command whose effect showed is forgotten: planned again later, sent at once", () => {
      const thenSuspend: Goal = { ...update, desired: { ...update.desired, suspended: true } };
      drive(
        thenSuspend,
        [
          [{ kind: "start", info: withoutRoaming }, "send:addservice,suspend"],
          [lost("addservice"), "query", 0],
          [observed(withRoaming), "send:suspend", 1_000],
          [rejected("suspend"), "query", 2_000],
          // Roaming is off again (changed outside Pulumi): not the lost request's doing.
          [observed(withoutRoaming), "send:addservice,suspend", 3_000],
        ],
        WINDOW,
      );
    });

    it("a refused activation is final, even when an earlier one may be in flight", () => {
      drive(create, [
        [{ kind: "start" }, "query"],
        [observed(unused), "activate"],
        [lost("activate"), "query"],
        [observed(unused), "resend:activate"],
        [refused("activate", 63026), "fail:GatewayError"],
      ]);
    });

    it("the activation cap names the last lost answer, or says there was none", () => {
      assert.match(
        failure(drive(create, THREE_LOST_ACTIVATIONS).at(-1)).message,
        /still unused after 3 activate requests whose answers were lost \(last: socket hang up\); run pulumi up again once the gateway answers reliably/,
      );
      // Activations the gateway accepted that left the SIM unused all the same.
      const acceptedRows: Row[] = [[{ kind: "start" }, "query"]];
      for (let i = 0; i < 3; i++)
        acceptedRows.push([observed(unused), "activate"], [sent, "query"]);
      acceptedRows.push([observed(unused), "fail:InvalidStateError"]);
      assert.match(failure(drive(create, acceptedRows).at(-1)).message, /\(last: no answer\)/);
    });

    it("a held resend says which command and how long the window is (ms under 10 s)", () => {
      const held = (window: number) =>
        note(
          drive(
            update,
            [
              [{ kind: "start", info: withoutRoaming }, "send:addservice"],
              [lost("addservice"), "query", 0],
              [observed(withoutRoaming), "wait", 1],
            ],
            window,
          ).at(-1),
        );
      assert.equal(
        held(WINDOW),
        "the answer to addservice was lost and its effect does not show yet; not sending it " +
          "again before 300s (aql:lostAnswerWindow)",
      );
      assert.match(held(9_999), /again before 9999 ms \(aql:lostAnswerWindow\)$/);
      assert.match(held(10_000), /again before 10s \(aql:lostAnswerWindow\)$/);
    });

    it("a wait for a request in flight says how long it has waited; the deadline error too", () => {
      const actions = drive(update, [
        [{ kind: "start", info: withoutRoaming }, "send:addservice"],
        [lost("addservice"), "query"],
        [observed(withoutRoaming), "resend:addservice"],
        [refused("addservice", 63026), "wait", 0],
        [waited, "query", 60_000],
        [observed(withoutRoaming), "send:addservice", 60_000],
        [refused("addservice", 63026), "wait", 62_000],
        [waited, "query"],
        [observed(withoutRoaming), "send:addservice"],
        [refused("addservice", 63026), "fail:DeadlineError", SCHEDULE.waitDeadline],
      ]);
      assert.equal(
        note(actions[3]),
        "addservice refused (63026) while another request is in flight; waiting for it (0s)",
      );
      assert.match(note(actions[6]), /waiting for it \(62s\)$/);
      const err = failure(actions.at(-1));
      assert.ok(err instanceof DeadlineError);
      assert.equal(err.waitedMs, SCHEDULE.waitDeadline);
    });
  });
});

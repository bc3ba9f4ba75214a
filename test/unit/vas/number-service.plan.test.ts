import assert from "node:assert/strict";
import type { VoicemailSettings } from "../../../provider/gateway/types";
import {
  configForCreate,
  configForUpdate,
  outputsOf,
} from "../../../provider/resources/number-service/plan";
import { VOICEMAIL_FIELDS } from "../../../provider/resources/voicemail/inputs";
import { NUMBER } from "./helpers";

const F = VOICEMAIL_FIELDS;
const all: VoicemailSettings = {
  delaySeconds: 20,
  pin: "1234",
  email: "a@example.com",
  notify: true,
  attach: true,
};

describe("number service planning", () => {
  it("create sends every setting given, and only those", () => {
    assert.deepEqual(configForCreate<VoicemailSettings>(F, all), all);
    assert.deepEqual(configForCreate<VoicemailSettings>(F, { pin: "1234" }), { pin: "1234" });
    assert.deepEqual(configForCreate<VoicemailSettings>(F, {}), {});
  });

  it("update sends only the changed settings", () => {
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, all, { ...all, delaySeconds: 30 }), {
      delaySeconds: 30,
    });
    assert.deepEqual(
      configForUpdate<VoicemailSettings>(F, all, { ...all, email: "b@example.com", pin: "9999" }),
      {
        pin: "9999",
        email: "b@example.com",
      },
    );
  });

  it("update sends nothing when nothing differs", () => {
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, all, all), {});
  });

  it("update leaves unmanaged settings alone, whatever the gateway has", () => {
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, all, { delaySeconds: 20 }), {});
    assert.deepEqual(
      configForUpdate<VoicemailSettings>(F, { ...all, pin: "0000" }, { delaySeconds: 25 }),
      {
        delaySeconds: 25,
      },
    );
  });

  it("update puts back a setting the gateway lacks", () => {
    const { email: _e, ...current } = all;
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, current, all), {
      email: "a@example.com",
    });
  });

  it("attach: true travels with notify", () => {
    const current = { ...all, attach: false };
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, current, all), {
      notify: true,
      attach: true,
    });
  });

  it("update of a service gone from the gateway sends everything, as create", () => {
    assert.deepEqual(configForUpdate<VoicemailSettings>(F, undefined, all), all);
  });

  it("outputs are the gateway's values, then what was sent, never undefined", () => {
    const out = outputsOf<VoicemailSettings>(
      F,
      NUMBER,
      { pin: "1234", notify: true },
      { notify: false, delaySeconds: 30 },
    );
    assert.deepEqual(out, { geoNumber: NUMBER, pin: "1234", notify: false, delaySeconds: 30 });
    assert.ok(Object.values(out).every((v) => v !== undefined));
    assert.deepEqual(outputsOf<VoicemailSettings>(F, NUMBER, {}, undefined), { geoNumber: NUMBER });
  });
});

import assert from "node:assert/strict";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { installSecretMarks, secretKeys, secretKeysOf } from "../../../policy/secret-marks";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

describe("policy: which config values the engine sent as secrets", () => {
  const raw = {
    "app:vmPin": { [SIG]: SECRET, value: "4321" },
    "app:region": "uk",
  };

  it("finds the keys carrying the secret signature", () => {
    assert.deepEqual([...secretKeys(raw)], ["app:vmPin"]);
  });

  it("notes them for the objects the installed @pulumi/policy deserializer returns", () => {
    assert.equal(installSecretMarks(), true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require("@pulumi/policy/deserialize") as {
      deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown>;
    };
    const props = d.deserializeProperties(Struct.fromJavaScript(raw as never), false);
    // What the SDK hands a validation: the secret unwrapped ...
    assert.equal(props["app:vmPin"], "4321");
    // ... and what the pack noted.
    assert.deepEqual([...(secretKeysOf(props) ?? [])], ["app:vmPin"]);
  });
});

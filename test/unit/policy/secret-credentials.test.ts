import assert from "node:assert/strict";
import { secretCredentialsVerdict, secretValues } from "../../../policy/rules/secret-credentials";
import { UNKNOWN } from "../../../policy/unknown";

const config = {
  "app:vmPin": "4321",
  "app:crispPassword": "Sup3rSecret",
  "app:sims": JSON.stringify([{ name: "a", voicemail: { pin: "2468" } }, { pin: 1357 }]),
  "app:plainPin": "1111",
};
const secrets = secretValues(config, ["app:vmPin", "app:crispPassword", "app:sims"]);
const vm = (value: unknown) => ({
  resource: "Voicemail vm",
  property: "pin",
  value: value as string,
});

describe("policy: PIN and password only from a secret", () => {
  it("accepts a value that is a secret config value, or a field of a secret JSON one", () => {
    for (const v of ["4321", "Sup3rSecret", "2468", "1357"]) {
      assert.deepEqual(secretCredentialsVerdict(vm(v), secrets).violations, [], v);
    }
  });

  it("refuses a plain value (program, inventory, or plain config), saying how to fix it", () => {
    for (const v of ["1234", "1111"]) {
      const r = secretCredentialsVerdict(vm(v), secrets);
      assert.equal(r.violations.length, 1);
      assert.match(r.violations[0]!, /Voicemail vm: pin is a plain value/);
      assert.match(r.violations[0]!, /pulumi config set --secret/);
      assert.doesNotMatch(r.violations[0]!, new RegExp(v), "the message must not show the value");
    }
  });

  it("has nothing to check without a value, and leaves an unknown one undecided", () => {
    assert.deepEqual(secretCredentialsVerdict(vm(undefined), secrets).violations, []);
    const u = secretCredentialsVerdict(vm(UNKNOWN), secrets);
    assert.deepEqual(u.violations, []);
    assert.equal(u.undecided.length, 1);
  });

  it("refuses, saying why, when it cannot see which config values are secret", () => {
    const r = secretCredentialsVerdict(vm("4321"), undefined);
    assert.match(r.violations[0]!, /cannot tell whether pin comes from a secret/);
  });
});

// Transport security rules without a network: a refused certificate means the request was
// never sent (so even a two-step command may be sent again, and is never "lost"); plain
// http:// is for loopback addresses only, not for names that merely start like one.

import assert from "node:assert/strict";
import { checkEndpoint } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { classifyNetworkError } from "../../../provider/gateway/transport";

function tlsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("transport security", () => {
  it("a certificate refused in the TLS handshake: not sent", () => {
    for (const [code, message] of [
      ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"],
      ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"],
      ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"],
      ["CERT_HAS_EXPIRED", "certificate has expired"],
      ["ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames"],
    ] as const) {
      const a = classifyNetworkError(tlsError(code, message));
      assert.equal(a.kind, "not-sent", code);
      assert.match(a.reason, new RegExp(code));
    }
  });

  it("http:// only to a loopback address; names that look like one are refused", () => {
    for (const ok of [
      "http://127.0.0.1:8790",
      "http://127.1:1",
      "http://127.255.0.9",
      "http://localhost:1",
      "http://[::1]:1",
    ]) {
      assert.doesNotThrow(() => checkEndpoint("endpoint", ok), ok);
    }
    for (const bad of [
      "http://127.0.0.1.nip.io",
      "http://127.evil.example",
      "http://localhost.evil.example",
      "http://127.0.0.1:80@evil.example",
      "http://10.0.0.1",
    ]) {
      assert.throws(() => checkEndpoint("endpoint", bad), ConfigError, bad);
    }
  });
});

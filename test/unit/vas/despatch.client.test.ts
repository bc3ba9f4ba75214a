import assert from "node:assert/strict";
import { MockAgent } from "undici";
import { parseConfig } from "../../../provider/config";
import { createDespatchClient, despatchUrl } from "../../../provider/despatch/client";
import { DespatchRefusedError, OrderAnswerLostError } from "../../../provider/errors";
import { DESPATCH_PATH } from "../../../provider/despatch/names";
import {
  BadAnswerError,
  ConfigError,
  TransportError,
  ValidationError,
} from "../../../provider/errors";
import { Limiter } from "../../../provider/gateway/limiter";
import { AutoClock, PASSWORD, USERNAME, netError } from "../gateway/helpers";

const ORIGIN = "https://despatch.test";

const ORDER = {
  orderRef: "ORD-1",
  name: "Ann Example",
  company: "Example Ltd",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "ls10 1jq",
  contactNumber: "+44 113 320 3040",
  productCode: "AQL-123",
  quantity: 2,
};

const PROCESSING = "0: Successful\norderref:ORD-1\nname:Ann Example\nstatus:processing\n";

function setup(over: Record<string, unknown> = {}) {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const clock = new AutoClock();
  const config = parseConfig({
    username: USERNAME,
    password: PASSWORD,
    despatchEndpoint: ORIGIN,
    maxRetries: 2,
    retryDelay: 1000,
    ...over,
  });
  const client = createDespatchClient(config, { dispatcher: agent, clock });
  const answer = (...answers: (string | Error)[]) => {
    for (const a of answers) {
      const scope = pool.intercept({ path: DESPATCH_PATH, method: "POST" });
      if (typeof a === "string") scope.reply(200, a);
      else scope.replyWithError(a);
    }
  };
  const sent = () =>
    (agent.getCallHistory()?.calls() ?? []).map((c) => ({
      path: c.path,
      fullUrl: c.fullUrl,
      form: new URLSearchParams(typeof c.body === "string" ? c.body : ""),
    }));
  return { client, answer, sent, clock };
}

describe("despatch client", () => {
  it("needs aql:despatchEndpoint, and appends the assumed path to a bare host", () => {
    assert.throws(() => despatchUrl(parseConfig({})), ConfigError);
    assert.equal(
      despatchUrl(parseConfig({ despatchEndpoint: ORIGIN })).href,
      `${ORIGIN}${DESPATCH_PATH}`,
    );
    assert.equal(
      despatchUrl(parseConfig({ despatchEndpoint: `${ORIGIN}/api/orders.php` })).pathname,
      "/api/orders.php",
    );
    assert.throws(
      () => parseConfig({ despatchEndpoint: "http://despatch.example.com" }),
      ConfigError,
    );
  });

  it("submits an order as a form POST with the assumed names, credentials in the body only", async () => {
    const { client, answer, sent } = setup();
    answer(PROCESSING);
    const info = await client.submit(ORDER);
    assert.deepEqual(info, { status: "processing", iccids: [], name: "Ann Example" });
    const [req] = sent();
    assert.equal(req!.path, DESPATCH_PATH);
    assert.ok(!req!.fullUrl.includes("password"));
    assert.deepEqual(
      [...req!.form.entries()],
      [
        ["username", USERNAME],
        ["password", PASSWORD],
        ["command", "despatch"],
        ["orderref", "ORD-1"],
        ["name", "Ann Example"],
        ["company", "Example Ltd"],
        ["address", "11-15 Hunslet Road, Leeds"],
        ["postcode", "LS10 1JQ"],
        ["contact_no", "441133203040"],
        ["product_code", "AQL-123"],
        ["quantity", "2"],
      ],
    );
  });

  it("refuses a bad order before sending anything", async () => {
    const { client, sent } = setup();
    await assert.rejects(client.submit({ ...ORDER, quantity: 0 }), ValidationError);
    await assert.rejects(client.submit({ ...ORDER, orderRef: "has space" }), ValidationError);
    assert.equal(sent().length, 0);
  });

  it("asks querydespatch when the order's answer does not describe it", async () => {
    const { client, answer, sent } = setup();
    answer("0: Successful\n", PROCESSING);
    assert.equal((await client.submit(ORDER)).status, "processing");
    assert.deepEqual(
      sent().map((s) => s.form.get("command")),
      ["despatch", "querydespatch"],
    );
  });

  it("reports a refusal with its exit code and text, never the password", async () => {
    const { client, answer } = setup();
    answer(`5: Order reference already used ${PASSWORD}`);
    await assert.rejects(client.submit(ORDER), (e: unknown) => {
      assert.ok(e instanceof DespatchRefusedError);
      assert.equal(e.exitCode, 5);
      assert.equal(e.code, "GATEWAY_ERROR");
      assert.match(e.message, /order ORD-1: 5 Order reference already used/);
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
  });

  it("an order whose answer is lost is not resent: querydespatch says whether it arrived", async () => {
    const { client, answer, sent } = setup();
    answer(new Error("socket hang up"), PROCESSING);
    assert.equal((await client.submit(ORDER)).status, "processing");
    assert.deepEqual(
      sent().map((s) => s.form.get("command")),
      ["despatch", "querydespatch"],
    );
  });

  it("a lost order that querydespatch does not know fails, to be submitted on the next up", async () => {
    const { client, answer } = setup();
    answer(new Error("socket hang up"), "4: Unknown order reference");
    await assert.rejects(client.submit(ORDER), OrderAnswerLostError);
  });

  it("an order that provably never left is sent again", async () => {
    const { client, answer, sent, clock } = setup();
    answer(netError("ECONNREFUSED"), PROCESSING);
    await client.submit(ORDER);
    assert.deepEqual(
      sent().map((s) => s.form.get("command")),
      ["despatch", "despatch"],
    );
    assert.deepEqual(clock.sleeps, [1000]);
  });

  it("queries are resent after transport failures, up to maxRetries", async () => {
    const { client, answer, clock } = setup();
    answer(new Error("reset"), new Error("reset"), PROCESSING);
    assert.equal((await client.query("ORD-1")).status, "processing");
    assert.deepEqual(clock.sleeps, [1000, 2000]);

    const again = setup();
    again.answer(new Error("reset"), new Error("reset"), new Error("reset"));
    await assert.rejects(again.client.query("ORD-1"), TransportError);
  });

  it("lists the batches", async () => {
    const { client, answer, sent } = setup();
    answer("0: Successful\nAQL-123:2031\nABC-456:20000\n");
    assert.deepEqual(await client.listBatches(), [
      { productCode: "AQL-123", quantity: 2031 },
      { productCode: "ABC-456", quantity: 20000 },
    ]);
    assert.equal(sent()[0]!.form.get("command"), "listbatches");
  });

  it("an unreadable answer is a BadAnswerError", async () => {
    const { client, answer } = setup();
    answer("<html>maintenance</html>");
    await assert.rejects(client.listBatches(), BadAnswerError);
    answer("0: Successful\nstatus:mislaid\n");
    await assert.rejects(client.query("ORD-1"), BadAnswerError);
  });

  it("takes a slot from the account's limiter for every request, as the gateway client does", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const config = parseConfig({
      username: USERNAME,
      password: PASSWORD,
      despatchEndpoint: ORIGIN,
    });
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 100 });
    const client = createDespatchClient(config, {
      dispatcher: agent,
      clock: new AutoClock(),
      limiter,
    });
    const held: number[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: DESPATCH_PATH, method: "POST" })
      .reply(200, () => {
        held.push(limiter.active);
        return PROCESSING;
      })
      .times(2);
    await Promise.all([client.query("ORD-1"), client.query("ORD-1")]);
    assert.deepEqual(held, [1, 1]);
    assert.equal(limiter.active, 0);
  });
});

/**
 * Bounded resources: blocking commands read as Redis reads them and capped per token and in total, pipelines
 * and replies capped, and one token's flood unable to starve another token.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyScript } from "../helpers.js";
import { type Playground, playground, TOKENS } from "./fixture.js";

const blockedClients = async (pg: Playground) =>
  Number((await pg.direct.info("clients")).match(/blocked_clients:(\d+)/)![1]);
const connectedClients = async (pg: Playground) =>
  Number((await pg.direct.info("clients")).match(/connected_clients:(\d+)/)![1]);

describe("bounded resources", () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await playground({ maxBlockingPerToken: 8, maxBlockingTotal: 10, maxResponseBytes: 4096 }, [
      "--maxclients",
      "40",
    ]);
    await pg.direct.select(3);
    await pg.direct.xadd("s", "*", "f", "v");
    await pg.direct.xgroup("CREATE", "s", "STREAMS", "$");
    await pg.direct.select(0);
  });
  afterAll(() => pg.stop());

  it("reads blocking timeouts as Redis does: a repeated BLOCK, a keyword-named group or a NUL-suffixed option word cannot hide a block for ever", async () => {
    for (const body of [
      ["XREAD", "BLOCK", "100", "BLOCK", "0", "STREAMS", "s", "$"],
      // Redis compares option words with strcasecmp, which stops at NUL: "BLOCK\0" is BLOCK to it.
      ["XREAD", "BLOCK\0", "0", "STREAMS", "s", "$"],
      ["XREAD", "BLOCK", "100", "block\0x", "0", "STREAMS", "s", "$"],
      ["XREADGROUP", "GROUP", "g", "c1", "BLOCK\0", "0", "STREAMS\0", "s", ">"],
      ["XREADGROUP", "GROUP", "STREAMS", "c1", "BLOCK", "0", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "STREAMS", "c1", "BLOCK", "100", "BLOCK", "0", "STREAMS", "s", ">"],
      ["BLPOP", "q", "-0.0000001"],
      ["BLPOP", "q", "0"],
    ]) {
      const answer = await pg.send("tenant", "/", body);
      expect(answer.status, body.join(" ")).toBe(400);
      expect(answer.json.error).toMatch(/may block for ever/);
    }
    expect(await blockedClients(pg)).toBe(0);
  });

  it("runs a short block on a connection of its own: a keyword-named group does not stall the shared one", async () => {
    const order: string[] = [];
    const blocking = pg
      .send("tenant", "/", ["XREADGROUP", "GROUP", "STREAMS", "c1", "BLOCK", "1500", "STREAMS", "s", ">"])
      .then((answer) => order.push(`xreadgroup ${answer.status}`));
    await eventuallyBlocked(pg, 1);
    await pg.send("tenant", "/get/sentinel").then((answer) => order.push(`get ${answer.json.result}`));
    await blocking;
    expect(order).toEqual(["get planted-in-3", "xreadgroup 200"]);
  });

  it("caps blocking commands per token and in total with 429, keeping each token's share, so Redis' connections are never exhausted and no token is starved", async () => {
    const before = await connectedClients(pg);
    // 4 tokens share 10 slots: each is sure of 2, and 2 go to whoever asks first. 3 s blocks: long enough that
    // none ends (freeing its slot) before all requests have arrived, even on a loaded machine.
    const mine = Array.from({ length: 150 }, () => pg.send("tenant", "/", ["BLPOP", "nothing-here", "3"]));
    await eventuallyBlocked(pg, 4);
    const theirs = Array.from({ length: 5 }, () => pg.send("other", "/", ["BLPOP", "nothing-there", "3"]));
    await eventuallyBlocked(pg, 6);
    // The tenant's flood and the other's took their shares and the rest; the other two tokens still get theirs.
    const admins = Array.from({ length: 3 }, () => pg.send("admin", "/", ["BLPOP", "nothing-admin", "3"]));
    const readers = Array.from({ length: 3 }, () =>
      pg.send("readOnly", "/", ["XREAD", "BLOCK", "3000", "STREAMS", "s", "$"]),
    );
    expect((await pg.send("other", "/get/sentinel")).json).toEqual({ result: "planted-in-0" });
    await eventuallyBlocked(pg, 10);
    expect(await connectedClients(pg)).toBeLessThan(40);
    const count = async (requests: Promise<{ status: number }>[]) => {
      const statuses = (await Promise.all(requests)).map((answer) => answer.status);
      return {
        ok: statuses.filter((s) => s === 200).length,
        refused: statuses.filter((s) => s === 429).length,
      };
    };
    expect(await count(mine)).toEqual({ ok: 4, refused: 146 });
    expect(await count(theirs)).toEqual({ ok: 2, refused: 3 });
    expect(await count(admins)).toEqual({ ok: 2, refused: 1 });
    expect(await count(readers)).toEqual({ ok: 2, refused: 1 });
    expect(await connectedClients(pg)).toBeLessThanOrEqual(before + 10);
    // Slots come back once the blocks end.
    expect((await pg.send("tenant", "/", ["BLPOP", "nothing-here", "0.1"])).status).toBe(200);
  });

  it("refuses a pipeline over maxPipelineCommands with 413 before anything runs", async () => {
    const before = (await pg.direct.info("commandstats")).match(/cmdstat_echo:calls=(\d+)/)?.[1] ?? "0";
    const body = Array.from({ length: 1001 }, () => ["ECHO", "x"]);
    const answer = await pg.send("tenant", "/pipeline", body);
    expect(answer.status).toBe(413);
    expect(answer.json.error).toMatch(/1001 commands, over this gateway's limit of 1000/);
    const after = (await pg.direct.info("commandstats")).match(/cmdstat_echo:calls=(\d+)/)?.[1] ?? "0";
    expect(after).toBe(before);
    expect((await pg.send("tenant", "/pipeline", body.slice(1))).status).toBe(200);
  });

  it("withholds a reply over maxResponseBytes, saying the command ran", async () => {
    await pg.send("tenant", "/", ["SET", "big", "x".repeat(5000)]);
    const answer = await pg.send("tenant", "/get/big");
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/5000 bytes, over this gateway's limit of 4096; the command has run/);
    const pipelined = await pg.send("tenant", "/pipeline", [["GET", "big"]]);
    expect(pipelined.status).toBe(400);
    expect(await pg.read(3, "big")).toHaveLength(5000);
  });
});

async function eventuallyBlocked(pg: Playground, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await blockedClients(pg)) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} clients blocked`);
}

describe("a token's share of the gateway", () => {
  it("serves a token's requests up to its byte budget, queues the next ones in order, and answers 429 past the line", async () => {
    const pg = await playground({ maxInFlightBytesPerToken: 3000, maxQueuedPerToken: 2 });
    try {
      const finished: number[] = [];
      // Each weighs its body plus 1 KiB: two fit in 3,000 bytes, two wait, the fifth is refused.
      const requests = Array.from({ length: 5 }, (_, i) =>
        pg.send("tenant", "/", busyScript(200)).then((answer) => {
          finished.push(i);
          return answer.status;
        }),
      );
      // Another token is not in this token's line: it is served before the queued ones.
      const theirs = pg.send("other", "/get/sentinel").then((answer) => {
        finished.push(-1);
        return answer.status;
      });
      const statuses = await Promise.all(requests);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect(await theirs).toBe(200);
      // The refusal and the other token's answer come at once, before any of the scripts is done.
      expect(finished.slice(0, 2).sort()).toEqual([-1, 4]);
      expect(finished.filter((i) => i >= 0).sort()).toEqual([0, 1, 2, 3, 4]);
    } finally {
      await pg.stop();
    }
  });

  it("a request whose client left while it waited in line gives its share back: the token keeps being served", async () => {
    const pg = await playground({ maxInFlightBytesPerToken: 64 * 1024 });
    try {
      const url = new URL(pg.gateway.url);
      // A large upload that never finishes holds most of the budget; another waits behind it in the line.
      const upload = (declared: number) => {
        const socket = connect(Number(url.port), url.hostname);
        socket.on("error", () => undefined);
        socket.write(
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.tenant}\r\nContent-Length: ${declared}\r\n\r\n["SET"`,
        );
        return socket;
      };
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const holder = upload(60 * 1024);
      await sleep(200);
      const waiter = upload(60 * 1024); // does not fit beside the holder: waits in the tenant's line
      await sleep(200);
      waiter.destroy(); // its client leaves while it waits
      await sleep(200);
      holder.destroy(); // the holder fails and gives its share back; the waiter is admitted, its client gone
      await sleep(300);
      // Before the fix, the waiter held its 61 KiB for ever: the next large request waited behind it for ever.
      const large = await pg.send("tenant", "/", ["SET", "after-the-leak", "x".repeat(40 * 1024)]);
      expect(large.status).toBe(200);
      expect(await pg.read(3, "after-the-leak")).toHaveLength(40 * 1024);
    } finally {
      await pg.stop();
    }
  });
});

/**
 * The Nightly job over both transports, through Hono's `app.request()`, driven as the page's script drives it: one
 * request creates the run, then one request per instance runs that instance to its end. Runs live in Redis.
 */
import { type RedisServer, startRedis } from "@beeredis/testkit";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, form, startBackend, testApp } from "./helpers.js";
import {
  expectOneHolderAtATime,
  type Fetcher,
  readRun,
  runInstance,
  runInstances,
  startRun,
  waitForRun,
} from "./job-helpers.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe.each(["tcp", "http"] as const)("the Nightly job over %s", (transport) => {
  let backend: Backend;
  let app: Hono;
  let fetcher: Fetcher;
  const kill = async (id: string) =>
    app.request("/job/kill", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ run: id }).toString(),
    });

  beforeAll(async () => {
    backend = await startBackend(transport, redis);
    app = testApp(backend);
    fetcher = (path, init) => Promise.resolve(app.request(path, init));
  });
  afterAll(async () => {
    await backend?.close();
  });

  it("runs each instance as its own request, one holder at a time, with increasing fencing tokens", async () => {
    const id = await startRun(fetcher, { instances: "4", ttl: "2", work: "0.15", wait: "10" });
    const outcomes = await runInstances(fetcher, id, 4);
    expect(outcomes.map((o) => o.state)).toEqual(["done", "done", "done", "done"]);
    const run = await readRun(fetcher, id);
    expect(run.finished).toBe(true);
    expect(run.instances.map((i) => i.state)).toEqual(["done", "done", "done", "done"]);
    expect(run.holds).toHaveLength(4);
    expectOneHolderAtATime(run);
    // Each request answers with the fencing token its instance was given, as the log recorded it.
    const byInstance = new Map(run.holds.map((hold) => [hold.instance, hold.fencingToken]));
    for (const outcome of outcomes) expect(outcome.fencingToken).toBe(byInstance.get(outcome.instance));
    expect(run.events.filter((e) => e.kind === "ask")).toHaveLength(4);

    const page = await (await app.request(`/job?run=${id}`)).text();
    expect(page).toContain("<h1>Nightly job</h1>");
    expect(page.match(/data-state="done"/g)).toHaveLength(4);
    const latest = await (await app.request("/job")).text();
    expect(latest).toContain(`data-run="${id}"`);
  });

  it("lets a waiter give up after its wait timeout", async () => {
    const id = await startRun(fetcher, { instances: "2", ttl: "2", work: "0.8", wait: "0.2" });
    const outcomes = await runInstances(fetcher, id, 2);
    expect(outcomes.map((o) => o.state).sort()).toEqual(["done", "gave-up"]);
    const run = await readRun(fetcher, id);
    expect(run.holds).toHaveLength(1);
    expect(run.events.some((e) => e.kind === "give-up")).toBe(true);
  });

  it("runs one run at a time, and each instance once", async () => {
    const id = await startRun(fetcher, { instances: "1", ttl: "2", work: "0.2", wait: "1" });
    const busy = await app.request("/job/runs", {
      ...form({ instances: "1", ttl: "2", work: "0.1", wait: "1" }),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ run: id });
    const outOfRange = await app.request(`/job/runs/${id}/instances/2`, { method: "POST" });
    expect(outOfRange.status).toBe(400);
    expect((await app.request("/job/runs/nope/instances/1", { method: "POST" })).status).toBe(404);
    expect((await runInstance(fetcher, id, 1)).state).toBe("done");
    expect((await app.request(`/job/runs/${id}/instances/1`, { method: "POST" })).status).toBe(409);
    // Finished: the next run may start.
    await startRun(fetcher, { instances: "1", ttl: "1", work: "0", wait: "0" }).then((next) =>
      runInstance(fetcher, next, 1),
    );
  });

  it("refuses bad settings, and a start without the page's script", async () => {
    const bad = await app.request("/job/runs", form({ instances: "6", ttl: "2", work: "1", wait: "1" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("instances must be a whole number from 1 to 5.");
    const plain = await app.request("/job/runs", form({ instances: "2", ttl: "2", work: "1", wait: "1" }));
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain("Starting a run needs JavaScript");
    expect((await app.request("/job?run=nope")).status).toBe(404);
  });

  it("kill holder: the crashed holder's lock expires on its TTL, then the next waiter takes over", async () => {
    const id = await startRun(fetcher, { instances: "2", ttl: "1", work: "20", wait: "10" });
    const outcomes = runInstances(fetcher, id, 2);
    const holding = await waitForRun(fetcher, id, (r) => r.holder !== null && !r.holder.crashed);
    const first = holding.holder!;
    expect(await (await kill(id)).json()).toEqual({ killed: first.instance });
    const orphaned = await readRun(fetcher, id);
    expect(orphaned.holder).toMatchObject({ instance: first.instance, crashed: true });
    expect(orphaned.holder!.ttlMs).toBeGreaterThan(0);
    expect(orphaned.holder!.ttlMs).toBeLessThanOrEqual(1000);
    const other = 3 - first.instance;
    expect(orphaned.instances[other - 1]!.state).toBe("waiting");

    const takeover = await waitForRun(fetcher, id, (r) => r.holder?.instance === other && !r.holder.crashed);
    expect(takeover.holder!.fencingToken).toBeGreaterThan(first.fencingToken);
    const [crashed, next] = takeover.holds;
    expect(crashed).toMatchObject({ instance: first.instance, outcome: "crashed" });
    // The next holder got the lock only once the crashed holder's lock had run out.
    expect(next!.acquiredAt - crashed!.releasedAt!).toBeGreaterThanOrEqual(orphaned.holder!.ttlMs - 150);
    expect(takeover.events.some((e) => e.kind === "crash")).toBe(true);

    // Kill the second holder too, so that the run ends now rather than after its 20 s job.
    expect(await (await kill(id)).json()).toEqual({ killed: other });
    expect((await outcomes).map((o) => o.state)).toEqual(["crashed", "crashed"]);
    expect((await kill(id)).status).toBe(409);
  });
});

/** foldRun: a run's view from its log, the part the page trusts to spot a broken lock or a lost request. */
import { describe, expect, it } from "vitest";
import { foldRun } from "../src/jobs/fold-run.js";
import type { JobEvent, RunRecord } from "../src/jobs/run-view.js";

const run: RunRecord = {
  id: "r1",
  settings: { instances: 3, ttlMs: 2000, workMs: 500, waitMs: 1000 },
  startedAt: 1_000_000,
  runtime: "Node (test)",
};
const event = (at: number, instance: number, kind: JobEvent["kind"], fencingToken?: number): JobEvent => ({
  at,
  instance,
  kind,
  text: kind,
  fencingToken,
});

describe("foldRun", () => {
  it("follows each instance through its log: waits, holds, hand-overs and give-ups", () => {
    const log = [
      event(0, 1, "ask"),
      event(5, 2, "ask"),
      event(6, 1, "acquire", 7),
      event(9, 3, "ask"),
      event(500, 1, "release", 7),
      event(510, 2, "acquire", 8),
    ];
    const view = foldRun(run, log, 1800, run.startedAt + 600);
    expect(view.instances.map((i) => [i.state, i.fencingToken, i.waitedMs])).toEqual([
      ["done", 7, 6],
      ["holding", 8, 505],
      ["waiting", undefined, 591],
    ]);
    expect(view.holder).toEqual({ instance: 2, fencingToken: 8, ttlMs: 1800, crashed: false });
    expect(view.holds).toEqual([
      { instance: 1, fencingToken: 7, acquiredAt: 6, releasedAt: 500, outcome: "released" },
      { instance: 2, fencingToken: 8, acquiredAt: 510 },
    ]);
    expect(view.maxConcurrentHolders).toBe(1);
    expect(view.finished).toBe(false);

    const ended = foldRun(run, [...log, event(1009, 3, "give-up"), event(1010, 2, "release", 8)], 0, 0);
    expect(ended.instances.map((i) => i.state)).toEqual(["done", "done", "gave-up"]);
    expect(ended.finished).toBe(true);
    expect(ended.elapsedMs).toBe(1010);
  });

  it("shows a crashed holder while its lock lives, and counts two holders at once when the log shows them", () => {
    const crash = [
      event(0, 1, "ask"),
      event(1, 1, "acquire", 3),
      event(200, 1, "crash", 3),
      event(300, 2, "ask"),
    ];
    expect(foldRun(run, crash, 900, run.startedAt + 400).holder).toEqual({
      instance: 1,
      fencingToken: 3,
      ttlMs: 900,
      crashed: true,
    });
    expect(foldRun(run, crash, 0, run.startedAt + 400).holder).toBeNull(); // expired

    const overlap = [
      event(0, 1, "ask"),
      event(1, 2, "ask"),
      event(2, 1, "acquire", 1),
      event(3, 2, "acquire", 2),
    ];
    expect(foldRun(run, overlap, 1000, run.startedAt + 10).maxConcurrentHolders).toBe(2);
  });

  it("ends a run at its deadline, marking the instances that never reported", () => {
    const late = run.startedAt + 1000 + 500 + 5000 + 1; // wait + work + margin, and a millisecond
    const view = foldRun(run, [event(0, 1, "ask"), event(1, 1, "acquire", 1)], 0, late);
    expect(view.finished).toBe(true);
    expect(view.instances.map((i) => i.state)).toEqual(["failed", "failed", "failed"]);
    expect(view.instances[1]!.detail).toContain("no report before the run's deadline");
  });
});

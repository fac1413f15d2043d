/** The soak's detectors catch what they look for, and raise no false alarm at the boundary. */
import { describe, expect, it } from "vitest";
import { provenByClientIntervals, provenByServerTimes } from "../src/rate-limit-checks.js";
import { SectionMonitor } from "../src/section-monitor.js";

describe("provenByServerTimes", () => {
  it("counts limit + 1 decisions within less than one window, and nothing at exactly one window apart", () => {
    expect(provenByServerTimes([0, 400, 999], 2, 1000)).toBe(1);
    expect(provenByServerTimes([0, 400, 1000], 2, 1000)).toBe(0);
    expect(provenByServerTimes([1000, 0, 400, 1400, 1999], 2, 1000)).toBe(1);
  });
});

describe("provenByClientIntervals", () => {
  it("proves a violation only when even the widest reading of the intervals fits in one window", () => {
    const tight = [
      { start: 0, end: 10 },
      { start: 300, end: 310 },
      { start: 600, end: 610 },
    ];
    expect(provenByClientIntervals(tight, 2, 1000, 1)).toBe(1);
    // The last decision may have happened as late as 1005: possibly one window after the first.
    const loose = [...tight.slice(0, 2), { start: 600, end: 1005 }];
    expect(provenByClientIntervals(loose, 2, 1000, 1)).toBe(0);
  });
});

describe("SectionMonitor", () => {
  it("reports a second holder entering while the first, not aborted, is inside; an aborted one does not count", () => {
    const monitor = new SectionMonitor();
    const first = new AbortController();
    const visit = monitor.enter("k", 1, "tcp", first.signal);
    monitor.enter("k", 2, "http", new AbortController().signal);
    expect(monitor.overlaps).toHaveLength(1);
    first.abort();
    monitor.enter("k", 3, "tcp", new AbortController().signal);
    expect(monitor.overlaps).toHaveLength(2); // fence 2 is still inside, not aborted
    monitor.leave(visit);
    expect(monitor.fenceRegressions).toEqual([]);
  });

  it("reports a fencing token that does not increase in the order sections were entered", () => {
    const monitor = new SectionMonitor();
    monitor.leave(monitor.enter("k", 5, "tcp", new AbortController().signal));
    monitor.leave(monitor.enter("k", 5, "http", new AbortController().signal));
    monitor.leave(monitor.enter("other", 1, "http", new AbortController().signal));
    expect(monitor.fenceRegressions).toEqual([{ key: "k", previous: 5, fence: 5 }]);
    expect(monitor.overlaps).toEqual([]);
  });
});

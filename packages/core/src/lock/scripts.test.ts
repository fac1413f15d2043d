import { describe, expect, it } from "vitest";
import type { RawReply } from "../transport.js";
import { LOCK_SCRIPTS } from "./scripts.js";
import { SEMAPHORE_SCRIPTS } from "./semaphore-scripts.js";
import { fenceOf } from "./wait.js";

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("lock scripts", () => {
  it("each stored SHA-1 matches its Lua source", async () => {
    for (const script of Object.values(LOCK_SCRIPTS)) expect(await script.sha()).toBe(await sha1(script.lua));
  });

  it("touch only keys under the lock's hash tag: KEYS, or the lock key plus a suffix", () => {
    let checked = 0;
    for (const script of Object.values(LOCK_SCRIPTS)) {
      for (const [, key] of script.lua.matchAll(/redis\.call\('[A-Z]+', ([^,)]+)/g)) {
        expect(key).toMatch(/^(KEYS\[\d\]|lock|fence|queue|lock \.\. ':box:' \.\. token)$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe("semaphore scripts", () => {
  it("each stored SHA-1 matches its Lua source", async () => {
    for (const script of Object.values(SEMAPHORE_SCRIPTS)) {
      expect(await script.sha()).toBe(await sha1(script.lua));
    }
  });

  it("touch only keys under the semaphore's hash tag: KEYS, or the holders key plus a suffix", () => {
    let checked = 0;
    for (const script of Object.values(SEMAPHORE_SCRIPTS)) {
      for (const [, key] of script.lua.matchAll(/redis\.call\('[A-Z]+', ([^,)]+)/g)) {
        expect(key).toMatch(/^(KEYS\[\d\]|holders|info|fence|queue|box|holders \.\. ':box:' \.\. token)$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

/** A reply as a transport hands it over: every string as bytes. */
function raw(value: unknown): RawReply {
  if (typeof value === "string") return new TextEncoder().encode(value);
  return Array.isArray(value) ? value.map(raw) : (value as RawReply);
}

describe("fenceOf", () => {
  it("reads the fencing token of the newest hand-off from an XREAD reply, undefined on a timeout", () => {
    expect(fenceOf(raw([["{lock:k}:box:ab", [["1-0", ["fence", "7"]]]]]))).toBe(7);
    expect(
      fenceOf(
        raw([
          [
            "{lock:k}:box:ab",
            [
              ["1-0", ["fence", "7"]],
              ["2-0", ["fence", "9"]],
            ],
          ],
        ]),
      ),
    ).toBe(9);
    expect(fenceOf(null)).toBeUndefined();
    expect(fenceOf(raw([["{lock:k}:box:ab", [["1-0", ["other", "x"]]]]]))).toBeUndefined();
  });
});

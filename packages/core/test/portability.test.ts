import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// core must run on every runtime: no Node modules, no Buffer, no process, no adapter.
const FORBIDDEN = /from ["'](node:|ioredis|@upstash\/|@beeredis\/(?!core))|require\(|\bBuffer\b|\bprocess\./;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("portability", () => {
  it("no core source imports node:*, an adapter, Buffer or process", () => {
    const files = sources(new URL("../src", import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => FORBIDDEN.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});

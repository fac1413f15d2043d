import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARITY, ARITY_SOURCE } from "../src/commands/arity.js";
import { COMMAND_EXCLUSIONS } from "../src/commands/exclusions.js";
import { assertAllowed } from "../src/commands/forbidden.js";
import { commandBuilders } from "../src/commands/index.js";
import { ForbiddenCommandError } from "../src/errors.js";
import { RedisPool } from "../src/registry/pool.js";

/** The committed snapshot of the server's command table (scripts/gen-commands.mjs). */
interface SnapshotEntry {
  arity: number;
  subcommands?: Record<string, SnapshotEntry>;
}
const snapshot = JSON.parse(readFileSync(new URL("../commands.snapshot.json", import.meta.url), "utf8")) as {
  server: string;
  commands: Record<string, SnapshotEntry>;
};

/**
 * The method naming rule:
 * - a command's method is its name in lower case; a `_`, `-` or `.` in it is dropped and the letter after it
 *   upper-cased: GET → `get`, BITFIELD_RO → `bitfieldRo`, RESTORE-ASKING → `restoreAsking`, a module's
 *   JSON.GET → `jsonGet`;
 * - a container subcommand (`container|sub` in the table, `|` being the separator) is the container's method
 *   name followed by the subcommand's, capitalised: OBJECT ENCODING → `objectEncoding`, CLIENT NO-EVICT →
 *   `clientNoEvict`, MEMORY MALLOC-STATS → `memoryMallocStats`, CLUSTER SET-CONFIG-EPOCH → `clusterSetConfigEpoch`;
 * - a container itself (CONFIG, CLIENT, ...) is covered by its subcommands' methods.
 */
function methodName(command: string, subcommand?: string): string {
  const words = [command, subcommand]
    .filter((part): part is string => part !== undefined)
    .flatMap((part) => part.toLowerCase().split(/[_.|-]/))
    .filter((word) => word.length > 0);
  return words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join("");
}

interface Entry {
  /** As the README and the exclusion list write it: `NAME` or `CONTAINER SUB`. */
  label: string;
  method: string;
  subcommand?: string;
}

/** Every command and subcommand a method must exist for (containers via their subcommands). */
function entries(): Entry[] {
  const out: Entry[] = [];
  for (const [name, cmd] of Object.entries(snapshot.commands)) {
    const subs = Object.keys(cmd.subcommands ?? {});
    if (subs.length === 0) out.push({ label: name.toUpperCase(), method: methodName(name) });
    for (const sub of subs) {
      out.push({
        label: `${name.toUpperCase()} ${sub.toUpperCase()}`,
        method: methodName(name, sub),
        subcommand: sub.toUpperCase(),
      });
    }
  }
  return out;
}

function exclusion(entry: Entry): string | undefined {
  return (
    COMMAND_EXCLUSIONS[entry.label] ??
    (entry.subcommand === undefined ? undefined : COMMAND_EXCLUSIONS[`* ${entry.subcommand}`])
  );
}

// The command methods are installed when the first RedisPool is constructed; this one never sends anything.
const pool = new RedisPool(undefined as never) as unknown as Record<string, unknown>;

function hasMethod(name: string): boolean {
  return typeof pool[name] === "function";
}

describe("command coverage", () => {
  it("the method naming rule", () => {
    expect(methodName("bitcount")).toBe("bitcount");
    expect(methodName("object", "encoding")).toBe("objectEncoding");
    expect(methodName("client", "id")).toBe("clientId");
    expect(methodName("config", "get")).toBe("configGet");
    expect(methodName("memory", "usage")).toBe("memoryUsage");
    expect(methodName("latency", "latest")).toBe("latencyLatest");
    expect(methodName("command", "docs")).toBe("commandDocs");
    expect(methodName("bitfield_ro")).toBe("bitfieldRo");
    expect(methodName("georadiusbymember_ro")).toBe("georadiusbymemberRo");
    expect(methodName("client", "no-evict")).toBe("clientNoEvict");
    expect(methodName("cluster", "count-failure-reports")).toBe("clusterCountFailureReports");
    expect(methodName("restore-asking")).toBe("restoreAsking");
    expect(methodName("json.get")).toBe("jsonGet");
    expect(methodName("xgroup", "createconsumer")).toBe("xgroupCreateconsumer");
  });

  it("every command and subcommand of the snapshot has a RedisPool method or a documented exclusion", () => {
    const all = entries();
    const excluded = all.filter((entry) => exclusion(entry) !== undefined);
    const covered = all.filter((entry) => exclusion(entry) === undefined && hasMethod(entry.method));
    const missing = all.filter((entry) => exclusion(entry) === undefined && !hasMethod(entry.method));
    const methods = Object.keys(commandBuilders()).length;
    const excludedWithMethod = excluded.filter((entry) => hasMethod(entry.method)).length;
    console.log(
      [
        `command coverage against Redis ${snapshot.server}:`,
        `  ${Object.keys(snapshot.commands).length} commands in the snapshot, ${all.length} commands + subcommands needing a method`,
        `  ${methods} typed command methods on RedisPool`,
        `  ${covered.length} covered by a method, ${excluded.length} excluded (${excludedWithMethod} of them have a method anyway)`,
        `  ${missing.length} missing${missing.length ? `: ${missing.map((e) => `${e.label} (${e.method})`).join(", ")}` : ""}`,
      ].join("\n"),
    );
    expect(missing.map((entry) => `${entry.label} → ${entry.method}`)).toEqual([]);
  });

  it("SELECT is excluded and has no method", () => {
    expect(COMMAND_EXCLUSIONS.SELECT).toMatch(/refused/);
    expect(hasMethod("select")).toBe(false);
  });

  it("every exclusion names a command of the snapshot and gives a reason", () => {
    const labels = new Set(entries().map((entry) => entry.label));
    const containers = Object.entries(snapshot.commands).filter(([, cmd]) => cmd.subcommands);
    for (const [name, reason] of Object.entries(COMMAND_EXCLUSIONS)) {
      expect(reason.length, name).toBeGreaterThan(20);
      if (name.startsWith("* ")) {
        const sub = name.slice(2).toLowerCase();
        expect(
          containers.some(([, cmd]) => cmd.subcommands?.[sub]),
          name,
        ).toBe(true);
      } else {
        expect(labels.has(name), `${name} is not in the snapshot`).toBe(true);
      }
    }
  });

  it("an exclusion that says 'refused' is refused before sending, and only those", () => {
    for (const [name, reason] of Object.entries(COMMAND_EXCLUSIONS)) {
      if (name.startsWith("* ")) continue;
      const [command, subcommand] = name.split(" ");
      if (reason.startsWith("refused"))
        expect(() => assertAllowed(command!, subcommand), name).toThrow(ForbiddenCommandError);
      else expect(() => assertAllowed(command!, subcommand), name).not.toThrow();
    }
  });

  it("arity.ts was generated from this snapshot", () => {
    expect(ARITY_SOURCE).toBe(snapshot.server);
    const expected = new Map<string, number>();
    for (const [name, cmd] of Object.entries(snapshot.commands)) {
      expected.set(name.toUpperCase(), cmd.arity);
      for (const [sub, subCmd] of Object.entries(cmd.subcommands ?? {}))
        expected.set(`${name.toUpperCase()}|${sub.toUpperCase()}`, subCmd.arity);
    }
    expect(new Map(ARITY)).toEqual(expected);
  });
});

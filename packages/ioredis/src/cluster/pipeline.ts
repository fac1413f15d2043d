import type { RawReply, WireArg } from "@beeredis/core";
import { allMastersMerge } from "./all-masters.js";
import { singleSlot } from "./keys.js";
import { splitBySlot } from "./split.js";

/** How {@link runPipeline} reaches the cluster. */
export interface PipelineRunner {
  /** The group (node) that serves a slot: commands of one group go in one ioredis pipeline. */
  groupOf(slot: number): string;
  /** Sends one group's commands as one pipeline, replies in order. */
  runGroup(commands: readonly (readonly WireArg[])[]): Promise<RawReply[]>;
  /** Sends a command that needs the cluster transport's own handling (split, every master, cross-slot). */
  runAlone(argv: readonly WireArg[]): Promise<RawReply>;
}

/**
 * A non-atomic pipeline across slots: commands are grouped per node, each group goes in one round trip (in
 * parallel with the others), and the replies come back in the caller's order. A command that needs the
 * transport's own handling (split, every master, cross-slot) is a barrier: what comes before it has replied
 * before it runs, and what comes after waits for it. So commands on one key always run in the caller's order.
 */
export async function runPipeline(
  commands: readonly (readonly WireArg[])[],
  runner: PipelineRunner,
): Promise<RawReply[]> {
  const replies: RawReply[] = new Array(commands.length);
  let groups = new Map<string, { commands: (readonly WireArg[])[]; positions: number[] }>();
  const flush = async () => {
    const sent = [...groups.values()].map(async (group) => {
      const results = await runner.runGroup(group.commands);
      group.positions.forEach((position, i) => {
        replies[position] = results[i] ?? null;
      });
    });
    groups = new Map();
    await Promise.all(sent);
  };
  for (const [position, argv] of commands.entries()) {
    const slot = singleSlot(argv);
    if (slot === "cross" || needsTransport(argv)) {
      await flush();
      replies[position] = await runner.runAlone(argv);
      continue;
    }
    const key = slot === null ? "keyless" : runner.groupOf(slot);
    let group = groups.get(key);
    if (!group) {
      group = { commands: [], positions: [] };
      groups.set(key, group);
    }
    group.commands.push(argv);
    group.positions.push(position);
  }
  await flush();
  return replies;
}

function needsTransport(argv: readonly WireArg[]): boolean {
  return (
    String(argv[0]).toUpperCase() === "SCAN" ||
    allMastersMerge(argv) !== undefined ||
    splitBySlot(argv) !== undefined
  );
}

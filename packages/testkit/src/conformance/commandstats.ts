/** Reading INFO commandstats, to show what reached the server (and what did not). */

/** How many times the server ran each command (`get`, `client|id`, ...), from INFO commandstats. */
export async function commandCalls(admin: {
  info(section: string): Promise<string>;
}): Promise<Record<string, number>> {
  const info = await admin.info("commandstats");
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}

/** The `calls=` of one command in an INFO commandstats text (0 when it never ran). */
export function callsIn(info: string, command: string): number {
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
}

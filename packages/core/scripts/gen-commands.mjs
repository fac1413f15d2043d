#!/usr/bin/env node
/**
 * Takes a snapshot of a live server's command table (COMMAND INFO + COMMAND DOCS) and writes:
 * - packages/core/commands.snapshot.json: names, arity, flags, key positions, key specs, ACL categories,
 *   group/since/summary and subcommands (long doc text such as complexity, history and arguments is dropped);
 * - packages/core/src/commands/arity.ts: the compact name -> arity table `pool.call()` checks at runtime;
 * - packages/core/src/commands/key-specs.ts: where each command's keys are, for pool namespaces.
 *
 * Usage: pnpm --filter @beeredis/core gen:commands
 *   The server is REDIS_URL (redis://[user:password@]host:port, no TLS), by default redis://127.0.0.1:6379.
 * Only read-only commands are sent (HELLO is not: the reply shapes are RESP2). Node only; not part of src.
 */
import { writeFileSync } from "node:fs";
import { connect } from "node:net";

const url = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const host = url.hostname || "127.0.0.1";
const port = Number(url.port || 6379);
const root = new URL("../", import.meta.url);

/** A minimal RESP2 client: enough for a handful of sequential commands. */
function open() {
  const socket = connect({ host, port });
  let buffer = Buffer.alloc(0);
  const waiting = [];
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = parse(buffer, 0);
      if (parsed === undefined) return;
      buffer = buffer.subarray(parsed.end);
      const next = waiting.shift();
      if (parsed.value instanceof Error) next.reject(parsed.value);
      else next.resolve(parsed.value);
    }
  });
  const failed = new Promise((_, reject) => socket.on("error", reject));
  return {
    send(...args) {
      let out = `*${args.length}\r\n`;
      for (const arg of args) out += `$${Buffer.byteLength(String(arg))}\r\n${arg}\r\n`;
      socket.write(out);
      return Promise.race([new Promise((resolve, reject) => waiting.push({ resolve, reject })), failed]);
    },
    close: () => socket.end(),
  };
}

/** Parses one RESP2 value at `at`; undefined when the buffer does not hold all of it yet. */
function parse(buf, at) {
  const eol = buf.indexOf("\r\n", at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString("utf8", at + 1, eol);
  const after = eol + 2;
  if (type === "+") return { value: line, end: after };
  if (type === "-") return { value: new Error(line), end: after };
  if (type === ":") return { value: Number(line), end: after };
  if (type === "$") {
    const len = Number(line);
    if (len < 0) return { value: null, end: after };
    if (buf.length < after + len + 2) return undefined;
    return { value: buf.toString("utf8", after, after + len), end: after + len + 2 };
  }
  if (type === "*") {
    const len = Number(line);
    if (len < 0) return { value: null, end: after };
    const items = [];
    let end = after;
    for (let i = 0; i < len; i++) {
      const item = parse(buf, end);
      if (item === undefined) return undefined;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  throw new Error(`Unexpected RESP type ${JSON.stringify(type)}.`);
}

/** A flat `key, value, ...` array as an object. */
function map(flat) {
  const out = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

function keySpec(flat) {
  const spec = map(flat);
  const part = (value) => {
    const { type, spec: inner } = map(value);
    return { type, ...map(inner) };
  };
  const out = { flags: spec.flags, beginSearch: part(spec.begin_search), findKeys: part(spec.find_keys) };
  if (spec.notes) out.notes = spec.notes;
  return out;
}

/** One COMMAND INFO entry, merged with its COMMAND DOCS entry. */
function entry(info, docs) {
  const [name, arity, flags, first, last, step, acl, tips, specs, subcommands] = info;
  const doc = docs ? map(docs) : {};
  const out = { arity, flags, keys: { first, last, step } };
  if (specs.length > 0) out.keySpecs = specs.map(keySpec);
  out.acl = acl.map((category) => category.replace(/^@/, ""));
  if (tips.length > 0) out.tips = tips;
  if (doc.group) out.group = doc.group;
  if (doc.since) out.since = doc.since;
  if (doc.deprecated_since) out.deprecatedSince = doc.deprecated_since;
  if (doc.replaced_by) out.replacedBy = doc.replaced_by.replace(/`/g, "");
  if (doc.summary) out.summary = doc.summary.trim();
  if (subcommands.length > 0) {
    const subDocs = doc.subcommands ? map(doc.subcommands) : {};
    out.subcommands = {};
    for (const sub of subcommands.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out.subcommands[sub[0].split("|")[1]] = entry(sub, subDocs[sub[0]])[1];
    }
  }
  return [name, out];
}

/** Pretty JSON with one line per command or subcommand, so the snapshot stays small and diffs stay readable. */
function serialize(snapshot) {
  const lines = ["{"];
  lines.push(`  "server": ${JSON.stringify(snapshot.server)},`);
  lines.push(`  "source": ${JSON.stringify(snapshot.source)},`);
  lines.push(`  "arityRule": ${JSON.stringify(snapshot.arityRule)},`);
  lines.push('  "commands": {');
  const names = Object.keys(snapshot.commands);
  names.forEach((name, i) => {
    const { subcommands, ...rest } = snapshot.commands[name];
    const comma = i < names.length - 1 ? "," : "";
    if (!subcommands) {
      lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(rest)}${comma}`);
      return;
    }
    const head = JSON.stringify(rest).slice(0, -1);
    lines.push(`    ${JSON.stringify(name)}: ${head}, "subcommands": {`);
    const subs = Object.keys(subcommands);
    subs.forEach((sub, j) => {
      const subComma = j < subs.length - 1 ? "," : "";
      lines.push(`      ${JSON.stringify(sub)}: ${JSON.stringify(subcommands[sub])}${subComma}`);
    });
    lines.push(`    }}${comma}`);
  });
  lines.push("  }");
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Strings of `NAME:ARITY` pairs, wrapped to fit the 110-column formatter width. */
function arityLines(pairs) {
  const lines = [];
  let line = "";
  for (const pair of pairs) {
    if (line && line.length + pair.length + 1 > 100) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line} ${pair}` : pair;
  }
  if (line) lines.push(line);
  return lines;
}

function arityModule(snapshot) {
  const pairs = [];
  for (const [name, cmd] of Object.entries(snapshot.commands)) {
    pairs.push(`${name.toUpperCase()}:${cmd.arity}`);
    for (const [sub, subCmd] of Object.entries(cmd.subcommands ?? {})) {
      pairs.push(`${name.toUpperCase()}|${sub.toUpperCase()}:${subCmd.arity}`);
    }
  }
  const table = arityLines(pairs)
    .map((line) => `  "${line}",`)
    .join("\n");
  return `/**
 * @module The arity of every command and container subcommand of Redis ${snapshot.server}, so \`pool.call()\` can
 * reject an argument count the server would refuse before anything is sent.
 * GENERATED by \`pnpm --filter @beeredis/core gen:commands\` (scripts/gen-commands.mjs) from the server's own
 * command table, together with commands.snapshot.json. Do not edit by hand: re-run the script.
 */

/** \`NAME:ARITY\` and \`CONTAINER|SUBCOMMAND:ARITY\` pairs, upper case. */
const TABLE = [
${table}
];

/**
 * Arity as Redis reports it, counting the command name (and the subcommand): N > 0 means exactly N words,
 * -N means at least N. Keyed \`NAME\` and \`CONTAINER|SUBCOMMAND\`, upper case.
 * @internal
 */
export const ARITY: ReadonlyMap<string, number> = new Map(
  TABLE.flatMap((line) =>
    line.split(" ").map((pair): [string, number] => {
      const at = pair.lastIndexOf(":");
      return [pair.slice(0, at), Number(pair.slice(at + 1))];
    }),
  ),
);

/** Container commands (they have subcommands), upper case. @internal */
export const CONTAINERS: ReadonlySet<string> = new Set(
  [...ARITY.keys()].filter((name) => name.includes("|")).map((name) => name.slice(0, name.indexOf("|"))),
);

/** The Redis version the table was taken from. @internal */
export const ARITY_SOURCE = "${snapshot.server}";
`;
}

/** One key spec as `<begin>/<find>`: begin is an index or `KEYWORD@startfrom`; find is `r<lastkey>.<step>.<limit>` or `k<keynumidx>.<firstkey>.<step>`. */
function encodeKeySpec({ flags, beginSearch: b, findKeys: f }) {
  if (flags.includes("not_key")) return undefined; // a shard channel: hashed like a key, but not one
  if (b.type === "unknown" || f.type === "unknown") return undefined; // SORT's BY/GET/STORE: handled by hand
  const begin = b.type === "index" ? `${b.index}` : `${b.keyword}@${b.startfrom}`;
  const find =
    f.type === "range"
      ? `r${f.lastkey}.${f.keystep}.${f.limit}`
      : `k${f.keynumidx}.${f.firstkey}.${f.keystep}`;
  return `${begin}/${find}`;
}

function keySpecsModule(snapshot) {
  const pairs = [];
  const add = (name, cmd) => {
    const specs = (cmd.keySpecs ?? []).map(encodeKeySpec).filter(Boolean);
    if (specs.length > 0) pairs.push(`${name}=${specs.join(";")}`);
  };
  for (const [name, cmd] of Object.entries(snapshot.commands)) {
    add(name.toUpperCase(), cmd);
    for (const [sub, subCmd] of Object.entries(cmd.subcommands ?? {})) {
      add(`${name.toUpperCase()}|${sub.toUpperCase()}`, subCmd);
    }
  }
  const table = arityLines(pairs)
    .map((line) => `  "${line}",`)
    .join("\n");
  return `/**
 * @module Where the keys of each command and container subcommand of Redis ${snapshot.server} are, from the key
 * specs of its command table, so a pool namespace can prefix every key. A command of the arity table that is
 * missing here takes no key.
 * GENERATED by \`pnpm --filter @beeredis/core gen:commands\` (scripts/gen-commands.mjs) from the server's own
 * command table, together with commands.snapshot.json. Do not edit by hand: re-run the script.
 */

/**
 * \`NAME=SPEC;SPEC\` entries, upper case. A spec is \`<begin>/<find>\`: begin is an argv index or
 * \`KEYWORD@startfrom\`; find is \`r<lastkey>.<keystep>.<limit>\` (a range) or \`k<keynumidx>.<firstkey>.<keystep>\` (a
 * key count). Both mean what they mean in Redis' COMMAND DOCS key specs.
 */
export const KEY_SPEC_TABLE = [
${table}
];
`;
}

async function main() {
  const client = open();
  try {
    if (url.password) {
      const user = decodeURIComponent(url.username || "default");
      await client.send("AUTH", user, decodeURIComponent(url.password));
    }
    const info = await client.send("INFO", "server");
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
    const infos = await client.send("COMMAND", "INFO");
    const docs = map(await client.send("COMMAND", "DOCS"));
    const commands = {};
    for (const item of infos.filter(Boolean).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const [name, value] = entry(item, docs[item[0]]);
      commands[name] = value;
    }
    const snapshot = {
      server: version,
      source: "COMMAND INFO + COMMAND DOCS (pnpm --filter @beeredis/core gen:commands)",
      arityRule: "N > 0: exactly N words including the command name; -N: at least N",
      commands,
    };
    writeFileSync(new URL("commands.snapshot.json", root), serialize(snapshot));
    writeFileSync(new URL("src/commands/arity.ts", root), arityModule(snapshot));
    writeFileSync(new URL("src/commands/key-specs.ts", root), keySpecsModule(snapshot));
    const subs = Object.values(commands).reduce((n, c) => n + Object.keys(c.subcommands ?? {}).length, 0);
    console.log(
      `Redis ${version}: ${Object.keys(commands).length} commands, ${subs} subcommands -> commands.snapshot.json, src/commands/arity.ts, src/commands/key-specs.ts`,
    );
  } finally {
    client.close();
  }
}

main().catch((error) => {
  console.error(`gen:commands failed against ${host}:${port}: ${error.message}`);
  process.exitCode = 1;
});

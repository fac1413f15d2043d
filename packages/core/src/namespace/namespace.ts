/** @module A pool namespace: every key of the pool's commands prefixed on the way out, and key names in replies unprefixed. */
import { ARITY_SOURCE } from "../commands/arity.js";
import type { Command } from "../commands/command.js";
import { nameOf, optionWord } from "../commands/forbidden.js";
import { UnsupportedError } from "../errors.js";
import type { RawReply, WireArg } from "../transport.js";
import { keyPositions } from "./key-positions.js";

/** What separates the namespace from the key: namespace `"app1"` stores key `"user"` as `"app1:user"`. */
export const NAMESPACE_SEPARATOR = ":";

const utf8 = new TextEncoder();

/**
 * Which part of a reply holds key names, per command that answers with them:
 * - `all`: every element (KEYS);
 * - `scan`: the elements of the second element (SCAN's page);
 * - `whole`: the reply itself (RANDOMKEY);
 * - `first`: the first element (BLPOP, BZPOPMIN, LMPOP...: `[key, ...]`);
 * - `streams`: the first element of each element (XREAD: `[[stream, entries], ...]`).
 */
const KEY_REPLIES: Readonly<Record<string, "all" | "scan" | "whole" | "first" | "streams">> = {
  KEYS: "all",
  SCAN: "scan",
  RANDOMKEY: "whole",
  BLPOP: "first",
  BRPOP: "first",
  BZPOPMIN: "first",
  BZPOPMAX: "first",
  LMPOP: "first",
  BLMPOP: "first",
  ZMPOP: "first",
  BZMPOP: "first",
  XREAD: "streams",
  XREADGROUP: "streams",
};

/**
 * A pool's namespace. {@link apply} turns a command into its namespaced form: each key (at the positions the
 * command table gives) prefixed with `<namespace>:`, the patterns of KEYS and SCAN MATCH confined to the namespace,
 * and key names in the reply given back without the prefix.
 * @internal
 */
export class Namespace {
  /** `<namespace>:` as text and as bytes. */
  readonly prefix: string;
  private readonly bytes: Uint8Array;
  /** The prefix with glob characters escaped, for KEYS and SCAN MATCH patterns. */
  private readonly pattern: string;

  constructor(
    readonly name: string,
    private readonly pool: string,
  ) {
    this.prefix = `${name}${NAMESPACE_SEPARATOR}`;
    this.bytes = utf8.encode(this.prefix);
    this.pattern = this.prefix.replace(/[*?[\]\\]/g, "\\$&");
  }

  /**
   * The namespaced form of `cmd`.
   * @throws UnsupportedError for a command the command table does not know (sent through `call()`): its keys
   * cannot be found, and sending them unprefixed would reach outside the namespace.
   */
  apply<T>(cmd: Command<T>): Command<T> {
    const argv = cmd.argv;
    const name = nameOf(argv);
    const positions = keyPositions(argv);
    if (positions === undefined) {
      throw new UnsupportedError(
        `${name} is not in the command table of Redis ${ARITY_SOURCE}, so pool "${this.pool}" cannot find its keys to put them in namespace "${this.name}". Send it on a pool registered without a namespace, prefixing its keys yourself with "${this.prefix}".`,
      );
    }
    const shape = KEY_REPLIES[name];
    if (positions.length === 0 && shape === undefined) return cmd; // keyless, and no key names in its reply
    const out = argv.slice();
    for (const i of positions) out[i] = this.key(out[i] as WireArg);
    if (name === "KEYS" && out.length > 1) out[1] = this.confine(out[1] as WireArg);
    if (name === "SCAN") this.confineScan(out);
    if (shape === undefined) return { ...cmd, argv: out };
    const decode = cmd.decode;
    return { ...cmd, argv: out, decode: (reply) => decode(this.unprefixReply(reply, shape)) };
  }

  /** `key` inside the namespace. */
  key(key: WireArg): WireArg {
    if (typeof key === "string") return this.prefix + key;
    const out = new Uint8Array(this.bytes.length + key.length);
    out.set(this.bytes);
    out.set(key, this.bytes.length);
    return out;
  }

  /** A glob pattern confined to the namespace: the prefix (its glob characters escaped) before it. */
  private confine(pattern: WireArg): WireArg {
    if (typeof pattern === "string") return this.pattern + pattern;
    const head = utf8.encode(this.pattern);
    const out = new Uint8Array(head.length + pattern.length);
    out.set(head);
    out.set(pattern, head.length);
    return out;
  }

  /** SCAN's MATCH pattern confined to the namespace; without one, `MATCH <prefix>*` is added. */
  private confineScan(argv: WireArg[]): void {
    for (let i = 2; i < argv.length - 1; i++) {
      if (optionWord(argv[i]) === "MATCH") {
        argv[i + 1] = this.confine(argv[i + 1] as WireArg);
        return;
      }
    }
    argv.push("MATCH", `${this.pattern}*`);
  }

  private unprefixReply(reply: RawReply, shape: (typeof KEY_REPLIES)[string]): RawReply {
    if (shape === "whole") return this.unprefix(reply);
    if (!Array.isArray(reply)) return reply;
    switch (shape) {
      case "all":
        return reply.map((item) => this.unprefix(item));
      case "scan":
        return [reply[0] ?? null, Array.isArray(reply[1]) ? reply[1].map((k) => this.unprefix(k)) : null];
      case "first":
        return [this.unprefix(reply[0] ?? null), ...reply.slice(1)];
      default:
        return reply.map((stream) =>
          Array.isArray(stream) ? [this.unprefix(stream[0] ?? null), ...stream.slice(1)] : stream,
        );
    }
  }

  /** A key name from a reply without the prefix. A name outside the namespace (RANDOMKEY's pick) is left whole. */
  private unprefix(name: RawReply): RawReply {
    if (!(name instanceof Uint8Array) || name.length < this.bytes.length) return name;
    for (let i = 0; i < this.bytes.length; i++) if (name[i] !== this.bytes[i]) return name;
    return name.subarray(this.bytes.length);
  }
}

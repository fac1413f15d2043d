/**
 * @module Upstash-only script flags. Upstash accepts shebang flags Redis does not know (`#!lua
 * flags=allow-key-locking`, used by @upstash/ratelimit); Redis refuses the script. The gateway drops the
 * unknown flags before sending, and remembers the SHA1 of the script as the client wrote it, so the client's
 * EVALSHA, SCRIPT EXISTS and SCRIPT LOAD answers use the SHA it computed itself.
 */
import { createHash } from "node:crypto";
import type { CallBytesReply, WireArg } from "@beeredis/core";
import type { Argv } from "./request.js";

/** The shebang flags Redis 7 knows. */
const KNOWN_FLAGS: ReadonlySet<string> = new Set([
  "no-writes",
  "allow-oom",
  "allow-stale",
  "no-cluster",
  "allow-cross-slot-keys",
]);

/**
 * The flags a non-admin token's script may carry. `allow-oom` would let it write past `maxmemory`, the cap that
 * protects every tenant and the host; `allow-stale` would let it run on a replica that lost its master.
 */
const TENANT_FLAGS: ReadonlySet<string> = new Set(["no-writes", "no-cluster", "allow-cross-slot-keys"]);

/** Scripts remembered at most; the oldest is forgotten first (a client then gets NOSCRIPT and sends EVAL). */
const MAX_REMEMBERED = 10_000;

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const SHEBANG = /^#!(\S+)([^\n]*)/;

/** The SHA1 of the client's script → the SHA1 of the script Redis runs, for scripts the gateway rewrote. */
export class ScriptFlags {
  private readonly shas = new Map<string, string>();
  private readonly originals = new Map<string, string>();

  /**
   * `argv` as Redis can run it: EVAL/EVAL_RO/SCRIPT LOAD bodies with unknown shebang flags dropped, and
   * EVALSHA/EVALSHA_RO/SCRIPT EXISTS with a client's SHA of such a script translated. Anything else is returned
   * as it is.
   */
  adapt(argv: Argv): Argv {
    const name = argv[0];
    if (name === "EVAL" || name === "EVAL_RO") return this.withScript(argv, 1);
    if (name === "SCRIPT" && argv[1] === "LOAD") return this.withScript(argv, 2);
    if (name === "EVALSHA" || name === "EVALSHA_RO") return this.withSha(argv, 1, 2);
    if (name === "SCRIPT" && argv[1] === "EXISTS") return this.withSha(argv, 2, argv.length);
    return argv;
  }

  /**
   * The first shebang flag of the script in `argv` (as adapted: EVAL, EVAL_RO, SCRIPT LOAD) that a non-admin
   * token may not use (see {@link TENANT_FLAGS}), or `undefined` when it carries none.
   */
  privilegedFlag(argv: Argv): string | undefined {
    const name = argv[0];
    const at = name === "EVAL" || name === "EVAL_RO" ? 1 : name === "SCRIPT" && argv[1] === "LOAD" ? 2 : 0;
    const script = at === 0 ? undefined : argv[at];
    if (script === undefined) return undefined;
    const text = typeof script === "string" ? script : utf8.decode(script);
    return shebangFlags(text).find((flag) => !TENANT_FLAGS.has(flag));
  }

  /** SCRIPT LOAD's answer in the client's terms: the SHA of the script it sent. */
  readonly loadedSha = (reply: CallBytesReply): CallBytesReply => {
    if (!(reply instanceof Uint8Array)) return reply;
    const original = this.originals.get(utf8.decode(reply));
    return original === undefined ? reply : new TextEncoder().encode(original);
  };

  private withScript(argv: Argv, at: number): Argv {
    const script = argv[at];
    if (script === undefined) return argv;
    const text = typeof script === "string" ? script : utf8.decode(script);
    const rewritten = withoutUnknownFlags(text);
    if (rewritten === undefined) return argv;
    this.remember(sha1(script), sha1(rewritten));
    return replaced(argv, at, rewritten);
  }

  private withSha(argv: Argv, from: number, to: number): Argv {
    let out = argv;
    for (let i = from; i < to && i < argv.length; i++) {
      const sha = argv[i]!;
      const known = this.shas.get((typeof sha === "string" ? sha : utf8.decode(sha)).toLowerCase());
      if (known !== undefined) out = replaced(out, i, known);
    }
    return out;
  }

  private remember(original: string, rewritten: string): void {
    if (this.shas.has(original)) return;
    if (this.shas.size >= MAX_REMEMBERED) {
      const [oldest, itsRewrite] = this.shas.entries().next().value!;
      this.shas.delete(oldest);
      this.originals.delete(itsRewrite);
    }
    this.shas.set(original, rewritten);
    this.originals.set(rewritten, original);
  }
}

/** The script with its shebang's unknown flags dropped, or `undefined` when it has none to drop. */
function withoutUnknownFlags(script: string): string | undefined {
  const shebang = SHEBANG.exec(script);
  if (shebang === null) return undefined;
  let changed = false;
  const params = shebang[2]!
    .trim()
    .split(/\s+/)
    .filter((param) => param !== "")
    .map((param) => {
      if (!param.startsWith("flags=")) return param;
      const flags = param.slice("flags=".length).split(",");
      const kept = flags.filter((flag) => flag === "" || KNOWN_FLAGS.has(flag));
      if (kept.length === flags.length) return param;
      changed = true;
      return `flags=${kept.join(",")}`;
    });
  if (!changed) return undefined;
  return `#!${shebang[1]}${params.map((param) => ` ${param}`).join("")}${script.slice(shebang[0].length)}`;
}

/**
 * The flags Redis 7 reads from a script's shebang (`evalExtractShebangFlags`): the first line split on single
 * spaces, each `flags=` word split on commas, each flag compared with C's strcmp, so up to a NUL byte.
 */
function shebangFlags(script: string): string[] {
  if (!script.startsWith("#!")) return [];
  const end = script.indexOf("\n");
  const flags: string[] = [];
  for (const word of (end === -1 ? script : script.slice(0, end)).split(" ").slice(1)) {
    if (!word.startsWith("flags=")) continue;
    for (const flag of word.slice("flags=".length).split(",")) {
      const nul = flag.indexOf("\0");
      // An empty one is no flag ("flags=" once the gateway dropped allow-key-locking, see above).
      if (flag !== "") flags.push(nul === -1 ? flag : flag.slice(0, nul));
    }
  }
  return flags;
}

function replaced(argv: Argv, at: number, value: WireArg): Argv {
  const copy = [...argv] as Argv;
  copy[at] = value;
  return copy;
}

function sha1(script: WireArg): string {
  return createHash("sha1").update(script).digest("hex");
}

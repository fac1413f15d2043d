/** @module Where a command's keys are in its argv, from the key specs of the server's command table. */
import { ARITY, CONTAINERS } from "../commands/arity.js";
import { commandName, nameOf, optionWord } from "../commands/forbidden.js";
import { KEY_SPEC_TABLE } from "../commands/key-specs.js";
import type { WireArg } from "../transport.js";

/** One key spec, decoded: where the search begins and how the keys are found from there. */
type KeySpec = {
  readonly begin: number | { readonly keyword: string; readonly startFrom: number };
  readonly find:
    | { readonly kind: "range"; readonly lastKey: number; readonly step: number; readonly limit: number }
    | {
        readonly kind: "keynum";
        readonly keyNumIndex: number;
        readonly firstKey: number;
        readonly step: number;
      };
};

let specs: ReadonlyMap<string, readonly KeySpec[]> | undefined;

/** The decoded table, built on first use: pools without a namespace never pay for it. */
function keySpecs(): ReadonlyMap<string, readonly KeySpec[]> {
  specs ??= new Map(
    KEY_SPEC_TABLE.flatMap((line) =>
      line.split(" ").map((entry): [string, KeySpec[]] => {
        const at = entry.indexOf("=");
        return [
          entry.slice(0, at),
          entry
            .slice(at + 1)
            .split(";")
            .map(decodeSpec),
        ];
      }),
    ),
  );
  return specs;
}

function decodeSpec(text: string): KeySpec {
  const [begin = "", find = ""] = text.split("/");
  const at = begin.indexOf("@");
  const [a = 0, b = 0, c = 0] = find.slice(1).split(".").map(Number);
  return {
    begin: at < 0 ? Number(begin) : { keyword: begin.slice(0, at), startFrom: Number(begin.slice(at + 1)) },
    find:
      find[0] === "r"
        ? { kind: "range", lastKey: a, step: b, limit: c }
        : { kind: "keynum", keyNumIndex: a, firstKey: b, step: c },
  };
}

/**
 * The argv indexes holding keys, in ascending order, or `undefined` when the command is not in the command table
 * (a module command or one newer than the table), so its keys cannot be known.
 * Follows Redis' own key-spec walk (`getKeysUsingKeySpecs`); SORT's BY/GET patterns and STORE destination, which
 * the table marks unknown, are found by {@link sortKeys}; MIGRATE's empty key (its KEYS form) is no key.
 * @internal
 */
export function keyPositions(argv: readonly WireArg[]): number[] | undefined {
  const name = nameOf(argv);
  const sub = CONTAINERS.has(name) && argv.length > 1 ? `${name}|${commandName(argv[1])}` : undefined;
  const entry = sub ?? name;
  if (!ARITY.has(entry)) return undefined;
  const found = new Set<number>();
  for (const spec of keySpecs().get(entry) ?? []) addSpecKeys(spec, argv, found);
  if (name === "SORT" || name === "SORT_RO") for (const i of sortKeys(argv)) found.add(i);
  if (name === "MIGRATE" && argv[3] !== undefined && argv[3].length === 0) found.delete(3);
  return [...found].sort((x, y) => x - y);
}

function addSpecKeys(spec: KeySpec, argv: readonly WireArg[], found: Set<number>): void {
  const argc = argv.length;
  let first: number;
  if (typeof spec.begin === "number") first = spec.begin;
  else {
    const { keyword, startFrom } = spec.begin;
    const start = startFrom > 0 ? startFrom : argc + startFrom;
    const end = startFrom > 0 ? argc - 1 : 1; // exclusive, as in Redis
    let at = 0;
    for (let i = start; i !== end; i += start <= end ? 1 : -1) {
      if (i >= argc || i < 1) break;
      if (optionWord(argv[i]) === keyword) {
        at = i + 1;
        break;
      }
    }
    if (at === 0) return; // the keyword is absent: no keys from this spec
    first = at;
  }
  let last: number;
  const find = spec.find;
  if (find.kind === "range") {
    if (find.lastKey >= 0) last = first + find.lastKey;
    else if (find.limit === 0) last = argc + find.lastKey;
    else last = first + (Math.floor((argc - first) / find.limit) + find.lastKey);
  } else {
    const count = Number(wordOf(argv[first + find.keyNumIndex]));
    if (!Number.isSafeInteger(count) || count < 0) return; // the server will refuse the count
    first += find.firstKey;
    last = first + count - 1;
  }
  const step = find.step > 0 ? find.step : 1;
  for (let i = first; i <= last && i < argc; i += step) found.add(i);
}

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]. */
function sortKeys(argv: readonly WireArg[]): number[] {
  const keys: number[] = [];
  for (let i = 2; i < argv.length; i++) {
    const word = optionWord(argv[i]);
    if (word === "LIMIT") i += 2;
    else if (word === "BY" || word === "STORE") keys.push(++i);
    else if (word === "GET") {
      i++;
      if (wordOf(argv[i]) !== "#") keys.push(i); // GET # is the element itself
    }
  }
  return keys.filter((i) => i < argv.length);
}

const utf8 = new TextDecoder();

function wordOf(arg: WireArg | undefined): string {
  if (arg === undefined) return "";
  return typeof arg === "string" ? arg : utf8.decode(arg);
}

/**
 * @module The request class the gateway's HTTP server builds: node's own, with a cheaper `headers` object.
 *
 * Node builds `req.headers` from `req.rawHeaders` the first time it is read (node itself reads it for every
 * request: `Host`, `Expect`): for each header it works out the name's lower case and how a repeated header
 * combines (kept once, joined with ", " or "; ", or an array), by comparing the name against its table of known
 * names and lower-casing it. For the dozen headers a client sends with every request, that was about a sixth of
 * the gateway's CPU per request. Here each header name, spelled as it arrived, is looked up in a table learned
 * from node's own `_addHeaderLine`, so the object is the one node builds: same keys, same values, same handling
 * of repeated headers (the first `Authorization` is the one kept, as with node).
 */
import { IncomingMessage } from "node:http";

/** How a header name is added, as node's `_addHeaderLine` does for that name. */
interface Rule {
  /** The key in `req.headers` (the lower-case name). */
  readonly key: string;
  /** Joined with this when repeated (", " or "; "), or `undefined`: a repeat is dropped (the first is kept). */
  readonly join: string | undefined;
}

/** Names learned so far, as they arrived ("Content-Type", "content-type"...). Bounded: names are the client's. */
const rules = new Map<string, Rule | null>();
const MAX_RULES = 512;

type AddHeaderLine = (field: string, value: string, dest: Record<string, unknown>) => void;

/**
 * What node does with `field`: added twice to an empty object by node's own `_addHeaderLine` (with the settings of
 * `req`, whose server the gateway built), which shows its key and how a repeat combines. `null` when it is none
 * of the plain cases (`Set-Cookie`'s array, a name such as `__proto__`): such a header is always added by node's
 * own function.
 */
function learn(req: IncomingMessage, field: string): Rule | null {
  const add = nodeAddHeaderLine!;
  const probe: Record<string, unknown> = {};
  add.call(req, field, "a", probe);
  const keys = Object.keys(probe);
  let rule: Rule | null = null;
  if (keys.length === 1 && probe[keys[0]!] === "a") {
    const key = keys[0]!;
    add.call(req, field, "b", probe);
    const twice = probe[key];
    if (twice === "a") rule = { key, join: undefined };
    else if (twice === "a, b") rule = { key, join: ", " };
    else if (twice === "a; b") rule = { key, join: "; " };
  }
  if (rules.size < MAX_RULES) rules.set(field, rule);
  return rule;
}

/** Node's own way of adding one header to `req.headers` (node 20 and later have it). */
const nodeAddHeaderLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: AddHeaderLine })
  ._addHeaderLine;

/** Node's request, whose `headers` are built as node builds them, from names looked up rather than worked out. */
class LearnedHeadersRequest extends IncomingMessage {
  private builtHeaders: Record<string, unknown> | undefined = undefined;

  // @ts-expect-error node declares `headers` a property; it is an accessor on IncomingMessage.prototype.
  override get headers(): IncomingMessage["headers"] {
    let headers = this.builtHeaders;
    if (headers === undefined) {
      headers = {};
      const raw = this.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const field = raw[i]!;
        const value = raw[i + 1]!;
        let rule = rules.get(field);
        if (rule === undefined) rule = learn(this, field);
        if (rule === null) {
          nodeAddHeaderLine!.call(this, field, value, headers);
        } else if (rule.join === undefined) {
          if (headers[rule.key] === undefined) headers[rule.key] = value;
        } else {
          const earlier = headers[rule.key];
          headers[rule.key] = typeof earlier === "string" ? earlier + rule.join + value : value;
        }
      }
      this.builtHeaders = headers;
    }
    return headers as IncomingMessage["headers"];
  }

  override set headers(value: IncomingMessage["headers"]) {
    this.builtHeaders = value as Record<string, unknown>;
  }
}

/**
 * The request class of the gateway's server: with learned header names, or node's own where node has no
 * `_addHeaderLine` to learn them from.
 */
export const GatewayRequest: typeof IncomingMessage =
  typeof nodeAddHeaderLine === "function" ? LearnedHeadersRequest : IncomingMessage;

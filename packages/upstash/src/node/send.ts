/** One request on a Node agent, settled the way `fetch` settles it. */
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { NodeResponse } from "./response.js";

/** node:http or node:https, whose `request` is read per request. */
interface RequestModule {
  request(url: URL, options: RequestOptions, callback: (message: IncomingMessage) => void): ClientRequest;
}

/**
 * Sends `init` to `url`; resolves once the headers arrived. Rejects with Node's own error (its `code`, such as
 * ECONNREFUSED, tells whether the request ever left), or with the signal's reason when it aborts: while waiting
 * for the headers, and while the body is read, as `fetch` does.
 */
export function send(
  client: RequestModule,
  agent: Agent,
  url: URL,
  init: RequestInit,
): Promise<NodeResponse> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const body = init.body ?? "";
  if (typeof body !== "string") return Promise.reject(new TypeError("nodeFetch() sends string bodies only"));
  // A content-length even when empty, as `fetch` sends for a POST: no chunked encoding.
  const headers = { ...plainHeaders(init.headers), "content-length": Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    // Destroying the response (not the request) is what makes a pending `text()` or body stream fail with it.
    const abort = () => (response ?? outgoing).destroy(signal?.reason);
    const outgoing = client.request(url, { method: init.method ?? "GET", headers, agent }, (message) => {
      response = message;
      message.once("close", () => signal?.removeEventListener("abort", abort));
      resolve(new NodeResponse(url.href, message));
    });
    // `on`, not `once`: Node may report a socket error here again after the response began (it is ignored then).
    outgoing.on("error", (error) => {
      signal?.removeEventListener("abort", abort);
      reject(error);
    });
    signal?.addEventListener("abort", abort, { once: true });
    outgoing.end(body);
  });
}

/** Node takes a plain object; a `Headers` or a list of pairs (from a caller other than the transport) becomes one. */
function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  if (headers === undefined) return {};
  if (!(headers instanceof Headers || Array.isArray(headers))) return headers;
  const plain: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    plain[name] = value;
  });
  return plain;
}

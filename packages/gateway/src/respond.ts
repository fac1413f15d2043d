/** @module Writing answers: JSON with the right headers, request timeouts, and malformed HTTP. */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { errorBody } from "./encode.js";
import { HttpError } from "./http-error.js";

/**
 * Answers with a JSON body and, for an authenticated request, `upstash-sync-token` (read-your-writes, see
 * sync-token.ts); names the scheme on 401 and the methods on 405, and closes the connection when the request was
 * not read to its end (`bodyRead`: its whole body was taken, though node may not have marked it complete yet).
 * Does nothing when the client is gone.
 */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  syncToken: string | undefined,
  bodyRead = false,
): void {
  if (res.headersSent || res.destroyed) return;
  // Name, value, name, value...: node takes them as they are, without an object to walk.
  const headers = [
    "content-type",
    "application/json",
    "content-length",
    String(Buffer.byteLength(body)),
    "cache-control",
    "no-store",
  ];
  if (syncToken !== undefined) headers.push("upstash-sync-token", syncToken);
  if (status === 401) headers.push("www-authenticate", "Bearer");
  if (status === 405) headers.push("allow", "GET, POST, PUT");
  // Answered before the whole request was read (a body far over the limit): this connection cannot be reused.
  if (!req.complete && !bodyRead) headers.push("connection", "close");
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * `work`'s value, or a 504 `HttpError` once `ms` have passed. The command may still run on Redis afterwards, so
 * its outcome is reported as unknown; a late rejection is swallowed, never left unhandled.
 */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(504, `The request did not finish within ${ms} ms; its outcome is unknown.`)),
      ms,
    );
  });
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Malformed HTTP (a bad request line, headers too large, a slow upload): a JSON answer, then the socket is closed. */
export function answerClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Duplex,
): void {
  // A response under way on this connection (an SSE stream, an answer still waiting on Redis) would have a raw 400
  // written into it or ahead of it: the connection is cut instead. (node's own handler checks the same field.)
  const answering = (socket as { _httpMessage?: unknown })._httpMessage != null;
  if (error.code === "ECONNRESET" || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message = status === 408 ? "The request took too long to arrive." : "Malformed HTTP request.";
  // An answer to HEAD has no body: the client would read one as the start of a next answer.
  endRaw(socket, status, message, error.rawPacket?.subarray(0, 5).toString("latin1") === "HEAD ");
}

/** CONNECT asks for a tunnel, which is not offered; node would otherwise drop the connection without an answer. */
export function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  endRaw(socket, 405, "CONNECT is not allowed here: use POST or GET.", false, "Allow: GET, POST, PUT\r\n");
}

function endRaw(socket: Duplex, status: number, message: string, head: boolean, headers = ""): void {
  const body = errorBody(message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n${headers}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? "" : body}`,
  );
}

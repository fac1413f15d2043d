/**
 * @module Answers the gateway passes on only in part, because the rest would reach past the token's own
 * session or reveal a secret.
 */
import type { CallBytesReply } from "@beeredis/core";

/** Rewrites one command's reply before it is sent to the client. */
export type ReplyFilter = (reply: CallBytesReply) => CallBytesReply;

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** Configuration parameters whose value is a password. */
const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  "requirepass",
  "masterauth",
  "tls-key-file-pass",
  "tls-client-key-file-pass",
]);

/** CONFIG GET (admin tokens): every requested parameter except the passwords, whatever the pattern. */
export const withoutSecretParameters: ReplyFilter = (reply) => {
  if (!Array.isArray(reply)) return reply;
  const kept: CallBytesReply[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const name = reply[i];
    if (name instanceof Uint8Array && SECRET_PARAMETERS.has(utf8.decode(name).toLowerCase())) continue;
    kept.push(name!, reply[i + 1]!);
  }
  return kept;
};

/** The fields of CLIENT INFO that describe the session itself (not the gateway's or Redis' addresses). */
const SESSION_FIELDS: ReadonlySet<string> = new Set(["name", "db", "user", "resp"]);

/**
 * CLIENT INFO (tenant and read-only tokens): the session's database, name, user and protocol, which is what
 * `validate({ connect: true })` reads. Addresses, ids and buffers of the gateway's connection are left out.
 */
export const sessionFieldsOnly: ReplyFilter = (reply) => {
  if (!(reply instanceof Uint8Array)) return reply;
  const fields = utf8
    .decode(reply)
    .trim()
    .split(" ")
    .filter((field) => SESSION_FIELDS.has(field.slice(0, field.indexOf("="))));
  return encoder.encode(`${fields.join(" ")}\n`);
};

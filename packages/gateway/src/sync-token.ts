/**
 * @module Read-your-writes tokens (`upstash-sync-token`). Every answer to a gateway token's request carries a sync
 * token that changes after each of that gateway token's requests that may have written; a client sends the last
 * one back, asking to be served after those writes.
 *
 * One gateway in front of one Redis primary satisfies that by construction: a write is acknowledged only once
 * the primary applied it, and every later command reads the primary. So a token a client sends back is honoured
 * without waiting. With reads served by replicas, honouring it would mean waiting until the replica reached the
 * write's replication offset (WAIT, or INFO's `master_repl_offset`); the gateway does not read from replicas.
 */
import { randomBytes } from "node:crypto";

/**
 * Issues one gateway token's sync tokens: an instance id and a count of that token's requests that wrote. One
 * clock per token, so an answer tells nothing of other tokens' writes.
 */
export class SyncClock {
  private readonly instance = randomBytes(6).toString("hex");
  private writes = 0;
  /** The token for the current count, built once per write rather than per answer. */
  private current = `${this.instance}-0`;

  /** Marks a request that may have written: the next token differs from every earlier one. */
  wrote(): void {
    this.writes++;
    this.current = "";
  }

  /** The token to answer with: it orders the answer after every write acknowledged before it. */
  token(): string {
    if (this.current === "") this.current = `${this.instance}-${this.writes}`;
    return this.current;
  }
}

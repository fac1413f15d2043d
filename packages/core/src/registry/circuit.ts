/** @module Fail fast while a pool's server is out of reach, and notice by itself when it is back. */

import { isBeeRedisError, TransportError } from "../errors.js";
import { describeFailure } from "../failure-reason.js";

/** How long an open circuit waits between probes of the server, in ms. */
export const PROBE_INTERVAL_MS = 200;
/** Commands in a row that time out before the server counts as out of reach. */
export const TIMEOUTS_TO_OPEN = 3;
/** The longest a probe waits for its PING, in ms. */
const PROBE_TIMEOUT_MS = 1000;

/** What the circuit needs of its pool. */
export interface CircuitTarget {
  readonly pool: string;
  /** The pool's address as `getAddress()` shows it (no secret). */
  readonly address: string;
  readonly commandTimeoutMs: number;
  /** Sends one PING to the server, bypassing the circuit. */
  ping(timeoutMs: number): Promise<unknown>;
}

/**
 * One pool's view of whether its server is reachable. Closed (the normal state), every command is sent. A failure
 * that says the server is out of reach (refused, reset, DNS, TLS, HTTP 5xx, network failure, or
 * {@link TIMEOUTS_TO_OPEN} timeouts in a row) opens it: commands are then refused at once, with a `TransportError`
 * whose `sent` is false, instead of each waiting out a connect or a timeout. Meanwhile a PING probes the server
 * every {@link PROBE_INTERVAL_MS} (half-open: one request at a time), and the first answer closes it again.
 * @internal
 */
export class Circuit {
  /** Why the server is out of reach, while open. */
  private outage: { reason: string; hint?: string; cause: unknown } | undefined;
  private timeouts = 0;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly target: CircuitTarget) {}

  /** True while commands are refused without being sent. */
  get isOpen(): boolean {
    return this.outage !== undefined;
  }

  /** The error a command gets at once while the circuit is open; undefined while it is closed. */
  refusal(): TransportError | undefined {
    const outage = this.outage;
    if (outage === undefined) return undefined;
    const { pool, address } = this.target;
    const hint = outage.hint ? ` ${outage.hint}` : "";
    return new TransportError(
      `Redis pool "${pool}" (${address}) is unreachable: ${outage.reason}.${hint} Nothing was sent; the pool checks the server in the background and resumes by itself.`,
      { cause: outage.cause, unreachable: true, sent: false, reason: outage.reason },
    );
  }

  /** The server answered (a reply, or an error reply): it is reachable. Bound: used as a `then` callback. */
  readonly answered = (): void => {
    this.timeouts = 0;
    if (this.outage !== undefined) this.close();
  };

  /** Records a failed command: opens the circuit when the failure says the server is out of reach. */
  readonly failed = (error: unknown): void => {
    if (!(isBeeRedisError(error) && error.code === "TRANSPORT")) {
      if (isBeeRedisError(error) && error.code === "REPLY_ERROR") this.answered();
      return;
    }
    const failure = error as TransportError;
    if (failure.unreachable) {
      this.open(failure.reason, failure);
    } else if (failure.timedOut && ++this.timeouts >= TIMEOUTS_TO_OPEN) {
      this.open(`${this.timeouts} commands in a row timed out (${failure.reason})`, failure);
    }
  };

  /** Stops probing for good (the pool closed). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    this.outage = undefined;
  }

  private open(reason: string, error: TransportError): void {
    if (this.stopped) return;
    const hint = describeFailure(error.cause).hint;
    this.outage = { reason, cause: error, ...(hint ? { hint } : {}) };
    if (this.probeTimer === undefined) this.scheduleProbe();
  }

  private close(): void {
    this.outage = undefined;
    this.timeouts = 0;
  }

  private scheduleProbe(): void {
    const timer = setTimeout(this.probe, PROBE_INTERVAL_MS);
    // A probe must not keep a process alive on its own (Node, Bun, Deno have unref; workers have no such timer).
    (timer as { unref?: () => void }).unref?.();
    this.probeTimer = timer;
  }

  private readonly probe = (): void => {
    if (this.stopped || this.outage === undefined) {
      this.probeTimer = undefined;
      return;
    }
    const { ping, commandTimeoutMs } = this.target;
    ping(Math.min(commandTimeoutMs, PROBE_TIMEOUT_MS)).then(
      () => {
        this.probeTimer = undefined;
        this.close();
      },
      (error: unknown) => {
        if (this.stopped || this.outage === undefined) {
          this.probeTimer = undefined;
          return;
        }
        // Only reachability matters here: a server that answers, even with a refusal (LOADING, a failed login),
        // is back, and commands get their own error from it.
        if (outOfReach(error)) this.scheduleProbe();
        else this.close();
      },
    );
  };
}

/** A failure saying the server could not be reached or did not answer in time. */
function outOfReach(error: unknown): boolean {
  if (!isBeeRedisError(error) || error.code !== "TRANSPORT") return false;
  const failure = error as TransportError;
  return failure.unreachable || failure.timedOut;
}

/** @module Request timeouts on one timer. */
import { HttpError } from "./http-error.js";

interface Pending {
  /** When it times out, in `performance.now()` ms. */
  readonly at: number;
  /** Cleared once the request settled, so a settled request keeps nothing (its answer) alive. */
  reject: ((error: HttpError) => void) | undefined;
}

/**
 * Every request gets the same time, so requests time out in the order they arrived: one timer waiting for the
 * oldest replaces a timer armed and cleared per request (with the promises racing it, a visible share of the
 * gateway's CPU per request).
 */
export class RequestDeadlines {
  /** Requests in arrival order from `head` on; settled ones are cleared from the front. */
  private pending: (Pending | undefined)[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms: number) {}

  /**
   * `work`'s value, or a 504 `HttpError` once the request time has passed. The command may still run on Redis
   * afterwards, so its outcome is reported as unknown; a late rejection is swallowed, never left unhandled.
   */
  within<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: performance.now() + this.ms, reject };
      this.pending.push(entry);
      if (this.timer === undefined) this.arm(this.ms);
      work.then(
        (value) => {
          this.settle(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.settle(entry);
          reject(error);
        },
      );
    });
  }

  /** Stops the timer (the server closed). Requests still waiting are answered by their own work. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Marks `entry` settled and clears the settled requests at the front (they mostly finish in order). */
  private settle(entry: Pending): void {
    entry.reject = undefined;
    const pending = this.pending;
    let head = this.head;
    while (head < pending.length && pending[head]!.reject === undefined) pending[head++] = undefined;
    this.compact(head);
  }

  /** Keeps the requests from `head` on, dropping the array's cleared front once it is long. */
  private compact(head: number): void {
    if (head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (head > 1024) {
      this.pending = this.pending.slice(head);
      this.head = 0;
    } else {
      this.head = head;
    }
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.expire, Math.ceil(ms));
    this.timer.unref(); // the server's sockets keep the process alive while requests wait
  }

  /** Answers the requests whose time is up with 504, oldest first, and waits for the next one. */
  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const pending = this.pending;
    let head = this.head;
    for (; head < pending.length; head++) {
      const entry = pending[head]!;
      const reject = entry.reject;
      if (reject !== undefined) {
        if (entry.at > now) break;
        entry.reject = undefined;
        reject(
          new HttpError(504, `The request did not finish within ${this.ms} ms; its outcome is unknown.`),
        );
      }
      pending[head] = undefined;
    }
    this.compact(head);
    if (this.head < this.pending.length) this.arm(this.pending[this.head]!.at - now);
  };
}

/** One simulated instance of the scheduled handler: what its run tracks about it, and how the page sees it. */
import type { ValidatedRegistry } from "@beeredis/core";
import type { InstanceState, InstanceView } from "./run-view.js";

export interface Instance {
  id: number;
  state: InstanceState;
  askedAt?: number;
  acquiredAt?: number;
  endedAt?: number;
  fencingToken?: string;
  detail?: string;
  registry?: ValidatedRegistry;
  /** Cancels the wait or the work: used on shutdown. */
  readonly cancel: AbortController;
  /** Set when "kill holder" hit this instance. */
  crashed: boolean;
}

export function instanceView(instance: Instance, now: number): InstanceView {
  return {
    id: instance.id,
    state: instance.state,
    fencingToken: instance.fencingToken,
    waitedMs:
      instance.askedAt === undefined
        ? undefined
        : (instance.acquiredAt ?? instance.endedAt ?? now) - instance.askedAt,
    detail: instance.detail,
  };
}

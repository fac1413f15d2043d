/** What the app is built from, and what its route modules share. */
import type { RedisPool, ValidatedRegistry } from "@beeredis/core";
import type { Connect } from "../jobs/run-instance.js";
import type { Html, PageId } from "../pages/layout.js";
import type { Peer, RuntimeInfo } from "../runtime.js";

/** What the app is built from: its registry, how job instances connect, and which runtime serves it. */
export interface AppOptions {
  /** The validated registry whose pools the pages use. The app never closes it. */
  registry: ValidatedRegistry;
  /**
   * Opens a fresh validated registry on the same pools: each nightly-job instance has its own client, as a
   * separate serverless invocation would, and closes it when it ends.
   */
  connect: Connect;
  /** The runtime and transport serving the app, named on every page. */
  runtime: RuntimeInfo;
  /** The same app on the other runtime, if any: every page links to its twin there. */
  peer?: Peer;
  /** The pool the login limiter and the nightly job use. @default "default" */
  pool?: string;
  /** Stops the nightly-job instances still running: the server is shutting down. */
  signal?: AbortSignal;
}

/** What the route modules share. */
export interface AppContext {
  options: AppOptions;
  /** The pool the login limiter and the nightly job use. */
  pool(): RedisPool;
  /** A page in the layout; `path` is its address (with its query) for the link to the other runtime. */
  page(title: string, active: PageId, path: string, body: Html): Html;
}

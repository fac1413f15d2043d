/**
 * @module What cases need from a transport, with why: `it(name, SINGLE_SLOT_KEYS, fn)`. A transport whose pool
 * does not declare it skips the case when it runs, saying which need and why.
 */
import type { CaseOptions } from "./context.js";

/** A case that needs one server, not Redis Cluster, because `why`. */
const notOnCluster = (why: string): CaseOptions => ({ needs: { cluster: false }, why });

/** The case's keys are in different hash slots. */
export const SINGLE_SLOT_KEYS = notOnCluster(
  "its keys are in different hash slots, which Redis Cluster refuses (CROSSSLOT; only MGET, MSET, DEL, EXISTS, UNLINK and TOUCH are split)",
);

/** The case uses the suite's second pool, on database 3. */
export const SEVERAL_DATABASES = notOnCluster("it uses database 3, and Redis Cluster serves database 0 only");

/** The case checks one server's state through `ctx.admin` or a direct connection. */
export const ONE_SERVER = notOnCluster(
  "it checks one server's clients, connections, CONFIG, ROLE or MONITOR, which a cluster spreads over its masters",
);

/** The case relies on one server's pub/sub, or on a keyless command answered by the node holding its keys. */
export const ONE_NODE = notOnCluster(
  "on a cluster it is per node: PUBSUB, PUBLISH counts and keyless commands (RANDOMKEY, MEMORY STATS) answer for the node they reach",
);

/** The case expects a server without cluster support. */
export const NO_CLUSTER_SUPPORT = notOnCluster("it expects a server without cluster support");

/** The case sorts BY or GETs other keys. */
export const SORT_PATTERNS = notOnCluster("Redis Cluster refuses SORT ... BY and GET patterns");

/** The case blocks for up to 10 s. */
export const BLOCKS_10_S: CaseOptions = { needs: { maxBlockingMs: 10_000 } };

/** The case blocks for ever (a timeout of 0). */
export const BLOCKS_FOR_EVER: CaseOptions = { needs: { maxBlockingMs: Number.POSITIVE_INFINITY } };

/** The case runs pub/sub. */
export const PUBSUB: CaseOptions = { needs: { pubsub: true } };

/** The case runs WATCH transactions. */
export const WATCH: CaseOptions = { needs: { watch: true } };

/**
 * @module The Redis ACL users the gateway's connections log in as, one per lane and database, built from the
 * policy's own tables. They make Redis enforce, also inside Lua scripts and functions, what the gateway allows:
 * a tenant's script cannot SELECT another database, COPY into one, or run an admin command, and a read-only
 * token's script cannot write.
 */
import { createHmac } from "node:crypto";
import { type RedisPool, Registry, type ValidatedRegistry } from "@beeredis/core";
import { tcp } from "@beeredis/ioredis";
import { redisRefusal } from "./http-error.js";
import { databaseChannels } from "./policy/channels.js";
import { NEVER } from "./policy/never.js";
import type { Lane } from "./policy/policy.js";
import {
  NOT_FROM_SCRIPTS,
  READ_ONLY_COMMANDS,
  SCRIPT_RUNNERS,
  TENANT_COMMANDS,
} from "./policy/tenant-commands.js";

/** The login of one lane's connections. */
export interface AclLogin {
  readonly username: string;
  readonly password: string;
}

/** One user to provision: its login and its ACL SETUSER rules (the password rule included). */
interface AclUser extends AclLogin {
  readonly rules: readonly string[];
}

/**
 * The user of `lane` on database `db`. The password is derived from the gateway's own Redis password (HMAC),
 * so several gateways in front of one Redis provision the same users and do not lock each other out.
 */
export function aclLogin(redis: string, lane: Lane, db: number): AclLogin {
  const username =
    lane === "admin" || lane === "subscriber"
      ? `beeredis-gateway-${lane}`
      : `beeredis-gateway-db${db}-${lane}`;
  const password = createHmac("sha256", redisPassword(redis))
    .update(`beeredis-gateway:${username}`)
    .digest("hex");
  return { username, password };
}

/**
 * The users for the given lanes, as ACL SETUSER rules. `reset` first, so a rerun replaces the rules rather than
 * adding to them; SETUSER applies all of a call's rules at once, so there is no moment without a password.
 * @param deny the deny list, subtracted from every user
 */
export function aclUsers(
  redis: string,
  lanes: readonly { lane: Lane; db: number }[],
  deny: ReadonlySet<string>,
): AclUser[] {
  return lanes.map(({ lane, db }) => {
    const login = aclLogin(redis, lane, db);
    const base = ["reset", "on", `>${login.password}`, "~*"];
    if (lane === "admin") {
      const refused = [...Object.keys(NEVER), ...deny].map((entry) => `-${entry.toLowerCase()}`);
      return { ...login, rules: [...base, "&*", "+@all", ...refused] };
    }
    if (lane === "subscriber") {
      // It runs only the SUBSCRIBE/PSUBSCRIBE the gateway writes, with channel names it confined itself.
      return { ...login, rules: [...base, "&*", "-@all", ...SUBSCRIBER_COMMANDS, `+select|${db}`] };
    }
    const allowed = [...commandsOf(lane)].filter(
      (entry) => !deny.has(entry) && !deny.has(entry.split("|")[0]!),
    );
    // `+select|N`: the connection may select its own database (at connect) and no other, also from Lua. Its
    // channels are its database's own (channels.ts).
    const rules = [
      ...base,
      "resetchannels",
      `&${databaseChannels(db)}*`,
      "-@all",
      ...allowed.map((c) => `+${c.toLowerCase()}`),
      `+select|${db}`,
    ];
    return { ...login, rules };
  });
}

const SUBSCRIBER_COMMANDS = ["+subscribe", "+psubscribe", "+unsubscribe", "+punsubscribe", "+ping"];

function commandsOf(lane: "tenant" | "scripts" | "read-only"): ReadonlySet<string> {
  if (lane === "read-only") return READ_ONLY_COMMANDS;
  // The tenant lane runs no Lua at all; the scripts lane runs it, without what Lua could misuse.
  const dropped = lane === "tenant" ? SCRIPT_RUNNERS : NOT_FROM_SCRIPTS;
  return new Set([...TENANT_COMMANDS].filter((c) => !dropped.has(c)));
}

/**
 * Creates or updates the users through the gateway's own Redis login: at start, and again when a lane's login is
 * refused, since a Redis restarted without an ACL file has forgotten them.
 */
export class AclProvisioner {
  // `#` private: the registry holds the gateway's Redis password, the users their passwords.
  readonly #registry: ValidatedRegistry;
  readonly #users: readonly AclUser[];
  private running: Promise<void> | undefined;

  private constructor(registry: ValidatedRegistry, users: readonly AclUser[]) {
    this.#registry = registry;
    this.#users = users;
  }

  /**
   * Provisions `users` once. Rejects with a TypeError saying what the gateway needs when its login may not run
   * ACL SETUSER (or is refused); an unreachable Redis is not an error here: the users are provisioned once it
   * answers.
   */
  static async start(redis: string, users: readonly AclUser[], timeoutMs: number): Promise<AclProvisioner> {
    const registry = new Registry({ transport: tcp(), commandTimeout: timeoutMs, connectTimeout: timeoutMs });
    registry.registerRedis(redis, 0, "provisioning");
    const provisioner = new AclProvisioner(await registry.validate(), users);
    try {
      await provisioner.provision();
    } catch (error) {
      // Out of reach: provisioned once Redis answers. A refusal by Redis (a wrong password, no permission) is a
      // configuration the gateway cannot work with.
      const refusal = redisRefusal(error);
      if (refusal === undefined) return provisioner;
      await provisioner.close();
      const reason = refusal.message;
      throw new TypeError(
        `createGateway: could not provision the gateway's Redis ACL users (${reason}). The gateway confines each token's commands and scripts with ACL users it creates at start, so the Redis login in \`redis\` must be allowed to run ACL SETUSER (for example the default user, or a user with +acl|setuser and the commands it grants).`,
      );
    }
    return provisioner;
  }

  /** Provisions again; one run at a time (a caller during a run waits for it). Rejects when it failed. */
  provision(): Promise<void> {
    this.running ??= this.setUsers().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A pool logged in as the gateway's own Redis login (the one that provisions the users). */
  get login(): RedisPool {
    return this.#registry.createEngine().getRedis("provisioning");
  }

  /**
   * Stops the script or function Redis is running past its busy threshold (SCRIPT KILL, FUNCTION KILL), over the
   * gateway's own login. Resolves whatever Redis answers: NOTBUSY (it ended), UNKILLABLE (it wrote), NOPERM.
   */
  async stopScripts(): Promise<void> {
    const pool = this.login;
    await Promise.allSettled([pool.call("SCRIPT", "KILL"), pool.call("FUNCTION", "KILL")]);
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.#registry.close();
  }

  private async setUsers(): Promise<void> {
    const pool = this.#registry.createEngine().getRedis("provisioning");
    // A small command first: a refused login answers NOAUTH/WRONGPASS, not a protocol error on the long SETUSER.
    await pool.ping();
    for (const user of this.#users) await pool.aclSetuser(user.username, ...user.rules);
  }
}

/** The password in a `redis://user:password@host` URL, or "" when there is none. */
function redisPassword(redis: string): string {
  if (!/^rediss?:\/\//i.test(redis)) return "";
  try {
    return decodeURIComponent(new URL(redis).password);
  } catch {
    return "";
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "@beeredis/core";
import { Redis } from "ioredis";
import { expect } from "vitest";
import type { Cases } from "./context.js";
import { withPrivateServer } from "./private-server.js";

/** ACL users, permissions and log, on a private server with an ACL file. */
export const aclCases: Cases = (ctx, it) => {
  it("aclCat, aclWhoami, aclGenpass, aclUsers, aclList and aclHelp", async () => {
    expect(await ctx.pool.aclCat()).toContain("geo");
    expect(await ctx.pool.aclCat("hyperloglog")).toContain("pfadd");
    await expect(ctx.pool.aclCat("no-such-category")).rejects.toMatchObject({ code: "REPLY_ERROR" });
    expect(await ctx.pool.aclWhoami()).toBe("default");
    expect(await ctx.pool.aclGenpass()).toMatch(/^[0-9a-f]{64}$/);
    expect(await ctx.pool.aclGenpass(32)).toMatch(/^[0-9a-f]{8}$/);
    expect(await ctx.pool.aclUsers()).toEqual(["default"]);
    expect((await ctx.pool.aclList())[0]).toMatch(/^user default on/);
    expect((await ctx.pool.aclHelp()).join("\n")).toMatch(/DRYRUN/);
    await expect(ctx.pool.aclGenpass(0)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("aclSetuser, aclGetuser, aclDryrun, aclLog, aclLogReset, aclSave, aclDeluser and aclLoad (private server)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "beeredis-acl-"));
    const aclfile = join(dir, "users.acl");
    writeFileSync(aclfile, "user default on nopass ~* &* +@all\n");
    try {
      await withPrivateServer(ctx, { args: ["--aclfile", aclfile] }, async ({ pool, server }) => {
        expect(await pool.aclSetuser("bob", "on", ">bobs-password", "~k*", "+get")).toBe("OK");
        expect(await pool.aclUsers()).toEqual(["bob", "default"]);
        const bob = await pool.aclGetuser("bob");
        expect(bob).toMatchObject({ commands: "-@all +get", keys: "~k*", channels: "", selectors: [] });
        expect(bob!.flags).toContain("on");
        expect(bob!.passwords).toHaveLength(1);
        expect(await pool.aclGetuser("nobody")).toBeNull();
        expect(await pool.aclDryrun("bob", "get", "k1")).toBe("OK");
        expect(await pool.aclDryrun("bob", "set", "k1", "v")).toMatch(/no permissions/);

        const client = new Redis({
          host: server.host,
          port: server.port,
          username: "bob",
          password: "bobs-password",
        });
        client.on("error", () => {});
        await expect(client.set("k1", "v")).rejects.toThrow(/NOPERM/);
        client.disconnect();
        const [entry] = await pool.aclLog();
        expect(entry).toMatchObject({
          count: 1,
          reason: "command",
          context: "toplevel",
          object: "set",
          username: "bob",
        });
        expect(entry!.ageSeconds).toBeGreaterThanOrEqual(0);
        expect(entry!.clientInfo).toMatch(/user=bob/);
        expect(await pool.aclLog(1)).toHaveLength(1);
        expect(await pool.aclLogReset()).toBe("OK");
        expect(await pool.aclLog()).toEqual([]);

        expect(await pool.aclSave()).toBe("OK");
        expect(readFileSync(aclfile, "utf8")).toMatch(/user bob on/);
        expect(await pool.aclDeluser("bob", "nobody")).toBe(1);
        expect(await pool.aclUsers()).toEqual(["default"]);
        expect(await pool.aclLoad()).toBe("OK");
        expect(await pool.aclUsers()).toEqual(["bob", "default"]);
        await expect(pool.aclSetuser("bob", "no-such-rule")).rejects.toMatchObject({ code: "REPLY_ERROR" });
        await expect(pool.aclDeluser()).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(pool.aclGetuser("")).rejects.toBeInstanceOf(InvalidArgumentError);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("aclLoad and aclSave without an ACL file are ReplyErrors", async () => {
    await expect(ctx.pool.aclSave()).rejects.toMatchObject({ code: "REPLY_ERROR" });
    await expect(ctx.pool.aclLoad()).rejects.toMatchObject({ code: "REPLY_ERROR" });
  });
};

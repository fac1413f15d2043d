// Loads every package with `import` (their ESM builds) and runs the README examples.
import * as core from "@beeredis/core";
import * as gateway from "@beeredis/gateway";
import * as hono from "@beeredis/hono";
import * as ioredis from "@beeredis/ioredis";
import * as otel from "@beeredis/otel";
import * as testkit from "@beeredis/testkit";
import * as upstash from "@beeredis/upstash";
import { Hono } from "hono";
import scenario from "./scenario.cjs";

await scenario.run("ESM", { core, ioredis, upstash, gateway, testkit, hono, otel, Hono });

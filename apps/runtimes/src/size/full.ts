/** Bundle-size probe: all of @beeredis/core and @beeredis/upstash in one worker (nothing tree-shaken away). */
export * from "@beeredis/core";
export * from "@beeredis/upstash";

/**
 * What Next.js does around middleware.ts, reduced to what the test needs: a fetch-event listener (the way
 * edge-runtime runs code) that calls `middleware()` and answers 200 "next" when it lets the request through.
 */
import { middleware } from "../middleware.js";

interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

addEventListener("fetch", (event) => {
  const { request, respondWith } = event as FetchEvent;
  respondWith.call(
    event,
    middleware(request).then(
      (response) => response ?? new Response("next", { headers: { "x-middleware-next": "1" } }),
      (error: unknown) => new Response(String(error), { status: 500 }),
    ),
  );
});

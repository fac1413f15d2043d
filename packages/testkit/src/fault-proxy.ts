import { connect, createServer, type Socket } from "node:net";

/** A TCP proxy started by {@link startFaultProxy}; every method affects it at once. */
export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Delays every chunk, in both directions, by `ms`. */
  latency(ms: number): void;
  /** Accepts connections and keeps the sockets open, but drops everything sent either way (until heal()). */
  blackhole(): void;
  /** Destroys every live connection, on both sides. New connections are still accepted. */
  reset(): void;
  /** New connections are reset as soon as they are accepted (until heal()). Live ones are left alone. */
  refuse(): void;
  /** Back to plain forwarding, for new and live connections: no latency, no throttle, no blackhole, no refusal. */
  heal(): void;
  /** Limits each direction of each connection to `bytesPerSec` (0 or Infinity: no limit). */
  throttle(bytesPerSec: number): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface StartFaultProxyOptions {
  /** The real server the proxy forwards to. */
  target: { host: string; port: number };
}

/** One direction of one connection: chunks wait in order until their send time. */
interface Pipe {
  queue: { chunk: Buffer; at: number }[];
  next: number; // when the throttle lets the next chunk go
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Starts a TCP proxy on a free loopback port in front of `target`, to inject network faults between a client and
 * a real server: latency, blackholes, resets, refusals and throttling.
 * @example const proxy = await startFaultProxy({ target: server }); proxy.blackhole(); ...; proxy.heal();
 */
export async function startFaultProxy(options: StartFaultProxyOptions): Promise<FaultProxy> {
  const host = "127.0.0.1";
  const sockets = new Set<Socket>();
  const pipes = new Set<{ pipe: Pipe; to: Socket }>();
  let delayMs = 0;
  let bytesPerSec = 0;
  let blackholed = false;
  let refusing = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  /** Writes the queued chunks whose time has come, then sleeps until the next one's. */
  const pump = (pipe: Pipe, to: Socket) => {
    pipe.timer = undefined;
    while (pipe.queue.length > 0) {
      const head = pipe.queue[0]!;
      const wait = head.at - Date.now();
      if (wait > 0) {
        pipe.timer = setTimeout(() => pump(pipe, to), wait);
        return;
      }
      pipe.queue.shift();
      // A blackhole also swallows what was already in flight.
      if (!blackholed && to.writable) to.write(head.chunk);
    }
  };

  const forward = (from: Socket, to: Socket) => {
    const pipe: Pipe = { queue: [], next: 0 };
    const entry = { pipe, to };
    pipes.add(entry);
    from.on("data", (chunk: Buffer) => {
      if (blackholed) return;
      const now = Date.now();
      let at = now + delayMs;
      if (bytesPerSec > 0 && Number.isFinite(bytesPerSec)) {
        pipe.next = Math.max(pipe.next, now) + (chunk.length / bytesPerSec) * 1000;
        at = Math.max(at, pipe.next);
      }
      // Never overtake a chunk queued earlier (latency may have been lowered since).
      const last = pipe.queue[pipe.queue.length - 1];
      pipe.queue.push({ chunk, at: Math.max(at, last?.at ?? 0) });
      if (!pipe.timer) pump(pipe, to);
    });
    from.on("close", () => {
      clearTimeout(pipe.timer);
      pipes.delete(entry);
      to.destroy();
    });
  };

  const server = createServer((client) => {
    track(client);
    if (refusing) {
      kill(client);
      return;
    }
    const upstream = connect(options.target.port, options.target.host);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });

  /** Destroys with a TCP RST where the socket allows it (a plain destroy otherwise). */
  const kill = (socket: Socket) => {
    try {
      socket.resetAndDestroy();
    } catch {
      socket.destroy();
    }
  };
  const reset = () => {
    for (const socket of sockets) kill(socket);
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    latency: (ms) => {
      delayMs = ms;
    },
    blackhole: () => {
      blackholed = true;
    },
    reset,
    refuse: () => {
      refusing = true;
    },
    heal: () => {
      blackholed = false;
      refusing = false;
      delayMs = 0;
      bytesPerSec = 0;
      // Queued chunks go now, in order.
      for (const { pipe, to } of pipes) {
        for (const item of pipe.queue) item.at = 0;
        pipe.next = 0;
        clearTimeout(pipe.timer);
        pump(pipe, to);
      }
    },
    throttle: (rate) => {
      bytesPerSec = rate;
    },
    close: () => {
      reset();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

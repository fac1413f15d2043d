/** Counters of the lock benches: the commands each client sent. */
import type { Transport, TransportFactory } from "@beeredis/core";
import type { Redis } from "ioredis";

/** Wraps a transport factory so every command sent (batched ones included) is counted. */
export function counting(factory: TransportFactory, counter: { n: number }): TransportFactory {
  return {
    ...factory,
    create(endpoint): Transport {
      const transport = factory.create(endpoint);
      return {
        send: (argv, options) => {
          counter.n++;
          return transport.send(argv, options);
        },
        batch: (commands, options) => {
          counter.n += commands.length;
          return transport.batch(commands, options);
        },
        close: () => transport.close(),
      };
    },
  };
}

/** Counts the commands an ioredis client sends. */
export function countSent(client: Redis): { n: number } {
  const counter = { n: 0 };
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((...args: Parameters<Redis["sendCommand"]>) => {
    counter.n++;
    return send(...args);
  }) as Redis["sendCommand"];
  return counter;
}

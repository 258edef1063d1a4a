import net from "node:net";

export type ResetProxy = {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Cuts every open connection with a TCP reset toward the client, as a failing network or a killed server does. */
  resetAll: () => number;
  close: () => Promise<void>;
};

/** A TCP proxy to `target` that can cut its connections: the client sees ECONNRESET mid-statement. */
export async function startResetProxy(target: { host: string; port: number }): Promise<ResetProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    resetAll() {
      const cut = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
      return cut;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

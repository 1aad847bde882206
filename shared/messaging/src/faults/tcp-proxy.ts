/** A TCP proxy on loopback between clients and the broker, able to cut every connection at once. */
import net from "node:net";

export interface TcpProxy {
  port: number;
  /** Destroys every open connection (both sides), as a network failure would. */
  cutAll(): number;
  close(): Promise<void>;
}

/** Listens on `listenPort` of loopback (any free one by default) and forwards to `targetPort`. */
export async function startTcpProxy(targetPort: number, listenPort = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    cutAll() {
      const n = sockets.size / 2;
      for (const socket of sockets) socket.destroy();
      return n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

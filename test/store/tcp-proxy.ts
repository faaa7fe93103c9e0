import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy in front of a local port, to cut a client's connection as a restart would. */
export interface TcpProxy {
  readonly port: number;
  /** Closes every open connection; new ones are still accepted. */
  dropConnections(): void;
  /** Refuses connections until `resume`, as a server that is down. */
  suspend(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export async function createTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const createListener = () =>
    createServer((client) => {
      const upstream = connect(targetPort, "127.0.0.1");
      const close = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("error", close);
        socket.on("close", close);
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  let server: Server | null = createListener();
  const port = await listen(server, 0);

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const suspend = async () => {
    const closing = server;
    server = null;
    dropConnections();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port,
    dropConnections,
    suspend,
    resume: async () => {
      if (server) return;
      server = createListener();
      await listen(server, port);
    },
    close: suspend,
  };
}

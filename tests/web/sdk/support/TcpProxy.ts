import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy to the server whose connections the test can cut without a WebSocket close frame, as a lost
 * network would: the server sees the session drop and keeps its room seat for the resume window.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #sockets: Set<Socket>;
  readonly port: number;

  private constructor(server: Server, sockets: Set<Socket>, port: number) {
    this.#server = server;
    this.#sockets = sockets;
    this.port = port;
  }

  /** A proxy on a free loopback port to 127.0.0.1:`targetPort`. */
  static start(targetPort: number): Promise<TcpProxy> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }

      client.pipe(upstream);
      upstream.pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        resolve(new TcpProxy(server, sockets, typeof address === "object" && address !== null ? address.port : 0));
      });
    });
  }

  /** Drops every proxied connection at once (TCP reset, no close handshake). */
  cut(): void {
    for (const socket of this.#sockets) {
      socket.resetAndDestroy();
    }
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

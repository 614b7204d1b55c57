import { createSocket, type Socket } from "node:dgram";

/**
 * A STUN server on 127.0.0.1 that answers Binding requests with the sender's address (RFC 5389 XOR-MAPPED-ADDRESS).
 * werift asks a public STUN server when it is given none; tests give it this one, so ICE gathering finishes at once
 * and nothing leaves the machine.
 */
export class LoopbackStun {
  readonly #socket: Socket;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("message", (request, sender) => {
      // Binding request (0x0001) with the magic cookie; echo its transaction id.
      if (request.length < 20 || request.readUInt16BE(0) !== 0x0001 || request.readUInt32BE(4) !== 0x2112a442) {
        return;
      }

      const response = Buffer.alloc(32);
      response.writeUInt16BE(0x0101, 0); // Binding success
      response.writeUInt16BE(12, 2); // attribute bytes
      request.copy(response, 4, 4, 20); // cookie + transaction id
      response.writeUInt16BE(0x0020, 20); // XOR-MAPPED-ADDRESS
      response.writeUInt16BE(8, 22);
      response.writeUInt8(0x01, 25); // IPv4
      response.writeUInt16BE(sender.port ^ 0x2112, 26);
      const octets = sender.address.split(".").map(Number);
      response.writeUInt32BE((((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) ^ 0x2112a442, 28);
      socket.send(response, sender.port, sender.address);
    });
  }

  /** Starts one on a free loopback port. */
  static start(): Promise<LoopbackStun> {
    return new Promise((resolve, reject) => {
      const socket = createSocket("udp4");
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve(new LoopbackStun(socket)));
    });
  }

  /** The `stun:` URL to put in iceServers. */
  get url(): string {
    return `stun:127.0.0.1:${this.#socket.address().port}`;
  }

  close(): void {
    this.#socket.close();
  }
}

import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { ClientFrameSchema, ServerFrameSchema, type ClientFrame } from "../../../../web/sdk/src/gen/protocol.js";
import type { WebSocketConstructor, WebSocketLike } from "../../../../web/sdk/src/platform/WebSocketLike.js";

/** A ServerFrame as the test writes it. */
export type ServerFrameInit = MessageInitShape<typeof ServerFrameSchema>;

/** Serializes a ServerFrame. */
export function serverFrame(init: ServerFrameInit): Uint8Array {
  return toBinary(ServerFrameSchema, create(ServerFrameSchema, init));
}

/** One batch frame holding `frames`, in order. */
export function batchFrame(frames: readonly ServerFrameInit[]): Uint8Array {
  return serverFrame({ batch: frames.map(serverFrame) });
}

/**
 * A WebSocket the test plays the server of: it records what the SDK sends (decoded ClientFrames) and delivers what
 * the test pushes. It does not open by itself unless its factory says so.
 */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  protocol = "";
  binaryType = "blob";
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  readonly url: string;
  readonly protocols: string | string[] | undefined;
  readonly sent: ClientFrame[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | undefined;
  #waiters: Array<(frame: ClientFrame) => void> = [];
  #read = 0;

  /** Called for every frame the SDK sends (the scripted server's hook). */
  onClientFrame: (frame: ClientFrame) => void = () => {};

  constructor(url: string, protocols?: string | string[]) {
    this.url = url;
    this.protocols = protocols;
  }

  // ---- the SDK's side --------------------------------------------------------------------------------------------

  send(data: Uint8Array): void {
    if (this.readyState !== 1) {
      throw new Error("send on a socket that is not open");
    }

    const frame = fromBinary(ClientFrameSchema, data);
    this.sent.push(frame);
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.#read++;
      waiter(frame);
    }

    this.onClientFrame(frame);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) {
      return;
    }

    this.closedByClient = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? "" }));
  }

  // ---- the test's (server's) side --------------------------------------------------------------------------------

  /** Accepts the connection with the openlive.v1 subprotocol. */
  accept(): void {
    this.readyState = 1;
    this.protocol = "openlive.v1";
    this.onopen?.({});
  }

  /** Fails the connection before it opens. */
  refuse(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: "" });
  }

  /** Delivers a ServerFrame (or raw bytes / text) to the SDK. */
  push(frame: ServerFrameInit | Uint8Array | string): void {
    const data = typeof frame === "string" ? frame : frame instanceof Uint8Array ? frame : serverFrame(frame);
    const payload = typeof data === "string" ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    this.onmessage?.({ data: payload });
  }

  /** The server drops the connection. */
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** The next frame the SDK sends that the test has not read yet. */
  next(): Promise<ClientFrame> {
    const unread = this.sent[this.#read];
    if (unread !== undefined) {
      this.#read++;
      return Promise.resolve(unread);
    }

    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/** A WebSocket constructor whose sockets the test can reach. */
export interface FakeSockets {
  readonly WebSocket: WebSocketConstructor;
  readonly sockets: FakeWebSocket[];
  /** Called for every socket the SDK creates (after it was created). */
  onSocket: (socket: FakeWebSocket) => void;
  /** The socket created next (or the newest not yet taken). */
  next(): Promise<FakeWebSocket>;
}

/** A fresh fake WebSocket constructor. */
export function fakeSockets(): FakeSockets {
  const waiters: Array<(socket: FakeWebSocket) => void> = [];
  let taken = 0;
  const sockets: FakeWebSocket[] = [];
  const result: FakeSockets = {
    sockets,
    onSocket: () => {},
    WebSocket: class extends FakeWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
        const waiter = waiters.shift();
        if (waiter !== undefined) {
          taken++;
          waiter(this);
        }

        queueMicrotask(() => result.onSocket(this));
      }
    },
    next() {
      const socket = sockets[taken];
      if (socket !== undefined) {
        taken++;
        return Promise.resolve(socket);
      }

      return new Promise((resolve) => waiters.push(resolve));
    },
  };
  return result;
}

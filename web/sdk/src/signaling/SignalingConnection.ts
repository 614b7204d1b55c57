import type { ServerFrame } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { Clock } from "../platform/Clock.js";
import type { WebSocketConstructor, WebSocketLike } from "../platform/WebSocketLike.js";
import {
  decodeServerFrame,
  encodeClientFrame,
  subProtocol,
  type ClientBody,
  type ServerBodyCase,
  type ServerBodyValue,
} from "./frames.js";

/** How to open a {@link SignalingConnection}. */
export interface ConnectOptions {
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  readonly clock: Clock;
  /** Connecting longer than this fails with 8012. */
  readonly timeoutMs: number;
}

interface PendingRequest {
  /** Settles the request from its answer frame (runs as the frame is read). */
  readonly answer: (frame: ServerFrame) => void;
  readonly reject: (error: LiveError) => void;
  readonly timer: unknown;
  /** When it was sent (the clock's ms): a heartbeat behind it may wait for it (see {@link SignalingConnection.oldestPendingSentAt}). */
  readonly sentAt: number;
}

const open = 1;
const maxRequestId = 0xffff_ffff;

/**
 * One WebSocket to the server: numbered requests matched to their answers (1005 when none comes in time), pushes
 * (request_id 0) delivered in order, batch frames unpacked in order, and every pending request failed with 8012 when
 * the connection goes away. The .NET SDK's SignalingConnection, in the host's event loop.
 */
export class SignalingConnection {
  /** The server sent something that is not a ServerFrame (8052). */
  onProtocolError: (error: LiveError) => void = () => {};

  /** The connection ended (once). The reason is set unless it was closed by {@link SignalingConnection.close}. */
  onClosed: (reason: LiveError | undefined) => void = () => {};

  readonly #socket: WebSocketLike;
  readonly #clock: Clock;
  readonly #pending = new Map<number, PendingRequest>();
  /** Pushes held until {@link SignalingConnection.deliverPushesTo} (undefined once delivering). */
  #heldPushes: ServerFrame[] | undefined = [];
  #pushHandler: (frame: ServerFrame) => void = () => {};
  #lastRequestId = 0;
  #closed = false;
  #lastReceivedAt: number;

  private constructor(socket: WebSocketLike, clock: Clock) {
    this.#socket = socket;
    this.#clock = clock;
    this.#lastReceivedAt = clock.now();
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) =>
      this.#end(LiveError.iLive(ILiveErrorCode.NetUndefine, `the server closed the connection (${event.code}${event.reason ? ` ${event.reason}` : ""})`));
    socket.onerror = () => {
      // A close event follows; it carries the reason.
    };
  }

  /** Opens a connection; rejects with 8012 when the server cannot be reached in time. */
  static connect(options: ConnectOptions): Promise<SignalingConnection> {
    return new Promise((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new options.WebSocket(options.url, subProtocol);
      } catch (error) {
        reject(LiveError.iLive(ILiveErrorCode.NetUndefine, `cannot connect to ${options.url}: ${describe(error)}`, error));
        return;
      }

      socket.binaryType = "arraybuffer";
      let settled = false;
      const fail = (detail: string): void => {
        if (settled) {
          return;
        }

        settled = true;
        options.clock.clearTimeout(timer);
        socket.onopen = socket.onclose = socket.onerror = null;
        try {
          socket.close();
        } catch {
          // Already closed.
        }

        reject(LiveError.iLive(ILiveErrorCode.NetUndefine, `cannot reach ${options.url}: ${detail}`));
      };
      const timer = options.clock.setTimeout(() => fail(`no connection within ${options.timeoutMs} ms`), options.timeoutMs);
      socket.onerror = () => fail("the connection failed");
      socket.onclose = (event) => fail(`the connection closed (${event.code})`);
      socket.onopen = () => {
        if (settled) {
          return;
        }

        settled = true;
        options.clock.clearTimeout(timer);
        socket.onopen = null;
        resolve(new SignalingConnection(socket, options.clock));
      };
    });
  }

  /** When the server last sent anything (the clock's ms; the connection's opening before that). */
  get lastReceivedAt(): number {
    return this.#lastReceivedAt;
  }

  /**
   * When the oldest request still waiting for its answer was sent, or undefined. The server answers a connection's
   * frames in order, so a heartbeat sent behind a slow request (a room entry during a failover) is answered after it.
   */
  get oldestPendingSentAt(): number | undefined {
    let oldest: number | undefined;
    for (const pending of this.#pending.values()) {
      oldest = oldest === undefined ? pending.sentAt : Math.min(oldest, pending.sentAt);
    }

    return oldest;
  }

  /**
   * Gives the connection up as dead (the server stopped answering): closes the socket and ends with `reason`, so the
   * session reconnects as after any drop.
   */
  abandon(reason: LiveError): void {
    if (this.#closed) {
      return;
    }

    try {
      this.#socket.close(4000, "no answer");
    } catch {
      // Closing anyway.
    }

    this.#end(reason);
  }

  /** True until the connection ends. */
  get isOpen(): boolean {
    return !this.#closed && this.#socket.readyState === open;
  }

  /**
   * Sends a request and resolves with the answer's body of the `expected` case, passed through `apply` when given.
   * `apply` runs when the answer is read, before any frame behind it: state the answer carries (a room, a role) is in
   * place before the pushes that follow it are handled. An error answer rejects with its {@link LiveError}; no answer
   * within `timeoutMs` rejects with 1005; a lost connection with 8012.
   */
  request<C extends ServerBodyCase, R = ServerBodyValue<C>>(
    body: ClientBody,
    expected: C,
    timeoutMs: number,
    apply?: (value: ServerBodyValue<C>) => R,
  ): Promise<R> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(LiveError.iLive(ILiveErrorCode.NetUndefine, "the connection to the server is lost"));
        return;
      }

      const id = this.#nextRequestId();
      const timer = this.#clock.setTimeout(() => {
        if (this.#pending.delete(id)) {
          reject(LiveError.av(AVErrorCode.Timeout, `no answer to ${body.case} within ${timeoutMs / 1000} s`));
        }
      }, timeoutMs);
      const answer = (frame: ServerFrame): void => {
        if (frame.error !== undefined) {
          reject(LiveError.fromWire(frame.error));
        } else if (frame.body.case !== expected) {
          reject(LiveError.iLive(ILiveErrorCode.ParseFail, `the answer to ${body.case} carries ${frame.body.case ?? "nothing"}, not ${expected}`));
        } else {
          const value = frame.body.value as ServerBodyValue<C>;
          try {
            resolve(apply === undefined ? (value as R) : apply(value));
          } catch (error) {
            reject(error);
          }
        }
      };
      this.#pending.set(id, { answer, reject, timer, sentAt: this.#clock.now() });
      try {
        this.#socket.send(encodeClientFrame(id, body));
      } catch (error) {
        this.#settle(id)?.reject(LiveError.iLive(ILiveErrorCode.NetUndefine, `the connection to the server is lost: ${describe(error)}`, error));
      }
    });
  }

  /**
   * Starts delivering pushes (request_id 0, or answers nobody waits for any more) to `handler`, first those that came
   * before. Pushes are held until then because an answer settles its promise a turn later: pushes that arrived right
   * behind a login answer (inbox messages, room changes) must be handled after the login result was adopted.
   */
  deliverPushesTo(handler: (frame: ServerFrame) => void): void {
    this.#pushHandler = handler;
    const held = this.#heldPushes ?? [];
    this.#heldPushes = undefined;
    for (const frame of held) {
      if (this.#closed) {
        return;
      }

      handler(frame);
    }
  }

  /** Sends a frame that expects no answer (heartbeats); false when the connection is gone. */
  send(body: ClientBody): boolean {
    if (!this.isOpen) {
      return false;
    }

    try {
      this.#socket.send(encodeClientFrame(0, body));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection on purpose: pending requests fail with 8012, {@link SignalingConnection.onClosed} gets no reason. */
  close(): void {
    if (this.#closed) {
      return;
    }

    try {
      this.#socket.close(1000, "bye");
    } catch {
      // Closing anyway.
    }

    this.#end(undefined);
  }

  #nextRequestId(): number {
    this.#lastRequestId = this.#lastRequestId >= maxRequestId ? 1 : this.#lastRequestId + 1;
    return this.#lastRequestId;
  }

  #settle(id: number): PendingRequest | undefined {
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      this.#pending.delete(id);
      this.#clock.clearTimeout(pending.timer);
    }

    return pending;
  }

  #receive(data: unknown): void {
    if (this.#closed) {
      return;
    }

    this.#lastReceivedAt = this.#clock.now();
    if (data instanceof ArrayBuffer) {
      this.#deliver(new Uint8Array(data));
    } else if (ArrayBuffer.isView(data)) {
      this.#deliver(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } else if (typeof data === "string") {
      this.onProtocolError(LiveError.iLive(ILiveErrorCode.ParseFail, "the server sent a text frame; signaling frames are binary"));
    } else {
      this.onProtocolError(LiveError.iLive(ILiveErrorCode.ParseFail, "the WebSocket delivered a frame that is not an ArrayBuffer (binaryType must be \"arraybuffer\")"));
    }
  }

  #deliver(bytes: Uint8Array): void {
    let frame: ServerFrame;
    try {
      frame = decodeServerFrame(bytes);
    } catch (error) {
      this.onProtocolError(LiveError.iLive(ILiveErrorCode.ParseFail, `the server sent a frame that is not a ServerFrame (${describe(error)})`, error));
      return;
    }

    // A batch carries nothing else: its frames are handled in order, as if they had come one by one.
    if (frame.batch.length > 0) {
      for (const inner of frame.batch) {
        if (this.#closed) {
          return;
        }

        this.#deliver(inner);
      }

      return;
    }

    const pending = frame.requestId !== 0 ? this.#settle(frame.requestId) : undefined;
    if (pending !== undefined) {
      pending.answer(frame);
    } else if (this.#heldPushes !== undefined) {
      this.#heldPushes.push(frame);
    } else {
      this.#pushHandler(frame);
    }
  }

  #end(reason: LiveError | undefined): void {
    if (this.#closed) {
      return;
    }

    this.#closed = true;
    this.#socket.onmessage = this.#socket.onclose = this.#socket.onerror = null;
    const failure = reason ?? LiveError.iLive(ILiveErrorCode.NetUndefine, "the connection was closed");
    for (const id of [...this.#pending.keys()]) {
      this.#settle(id)?.reject(failure);
    }

    this.onClosed(reason);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CallInvitationSchema, ClientFrame, IceServerSchema, MemberSchema, RoomStateSchema } from "../../../../web/sdk/src/gen/protocol.js";
import { LiveClient } from "../../../../web/sdk/src/client/LiveClient.js";
import type { LiveClientOptions } from "../../../../web/sdk/src/client/LiveClientOptions.js";
import { FakeClock, settle } from "./FakeClock.js";
import { fakeSockets, type FakeSockets, type FakeWebSocket, type ServerFrameInit } from "./FakeWebSocket.js";

/** What a scripted handler answers: a body, an error, or {@link noAnswer}. */
export type Reply = ServerFrameInit["body"] | { readonly error: { module: string; code: number; message: string } } | typeof noAnswer;

/** A handler's way to leave a request unanswered (to test timeouts). */
export const noAnswer = Symbol("no answer");

export type ClientCase = NonNullable<ClientFrame["body"]["case"]>;
type Handler = (frame: ClientFrame, socket: FakeWebSocket) => Reply | Promise<Reply>;

/** A login result as the test writes it. */
export interface LoginResultInit {
  tinyId?: bigint;
  sigExpiresAt?: bigint;
  heartbeatIntervalMs?: number;
  sessionTimeoutMs?: number;
  resumeToken?: string;
  nodeId?: string;
  resumeWindowMs?: number;
  resumed?: boolean;
  room?: MessageInitShape<typeof RoomStateSchema>;
  iceServers?: Array<MessageInitShape<typeof IceServerSchema>>;
  ringingCalls?: Array<MessageInitShape<typeof CallInvitationSchema>>;
}

/** A server member as the test writes it. */
export function member(userId: string, init: MessageInitShape<typeof MemberSchema> = {}): MessageInitShape<typeof MemberSchema> {
  return { userId, tinyId: 1000n, controlRole: "Guest", authBits: 0xaan, joinedAtMs: 1_700_000_000_000n, ...init };
}

/**
 * A fake server behind fake WebSockets: accepts every connection, answers each request with its handler (a login
 * result, a room state, or ok by default) and records every frame, so unit tests can drive a real LiveClient.
 */
export class ScriptedServer {
  readonly sockets: FakeSockets = fakeSockets();
  readonly clock = new FakeClock();
  readonly handlers = new Map<ClientCase, Handler>();
  loginResult: LoginResultInit = {
    tinyId: 42n,
    sigExpiresAt: 1_800_000_000n,
    heartbeatIntervalMs: 10_000,
    sessionTimeoutMs: 30_000,
    resumeToken: "resume-1",
    nodeId: "node-1",
    resumeWindowMs: 30_000,
  };
  /** Accept new connections (false: leave them connecting, to test connect timeouts). */
  accepting = true;
  /** Acknowledge heartbeats, as the real server does (false: a server gone silent without closing). */
  answeringHeartbeats = true;
  #userId = "";

  constructor() {
    this.sockets.onSocket = (socket) => {
      socket.onClientFrame = (frame) => this.#handle(socket, frame);
      if (this.accepting) {
        socket.accept();
      }
    };
  }

  /** Sets the handler of a request kind. */
  on(kind: ClientCase, handler: Handler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** The frames of one kind the SDK sent, on every connection. */
  requests(kind: ClientCase | "heartbeat"): ClientFrame[] {
    return this.sockets.sockets.flatMap((socket) => socket.sent.filter((frame) => frame.body.case === kind));
  }

  /** The newest connection. */
  get socket(): FakeWebSocket {
    const socket = this.sockets.sockets.at(-1);
    if (socket === undefined) {
      throw new Error("no connection yet");
    }

    return socket;
  }

  /** Pushes a frame (request_id 0) on the newest connection. */
  push(frame: ServerFrameInit): void {
    this.socket.push(frame);
  }

  /** A client on this server, with the fake clock and sockets. */
  client(options: Partial<LiveClientOptions> = {}): LiveClient {
    return new LiveClient({ serverUrl: "http://openlive.test:7880", sdkAppId: 1400000000, WebSocket: this.sockets.WebSocket, clock: this.clock, ...options });
  }

  /** A client logged in as `userId`. */
  async loggedIn(userId = "alice", options: Partial<LiveClientOptions> = {}): Promise<LiveClient> {
    const client = this.client(options);
    await client.login(userId, "sig");
    await settle();
    return client;
  }

  /** A room state as the server would answer for the current user. */
  roomState(
    roomId: { case: "number"; value: number } | { case: "text"; value: string },
    init: { ownerUserId?: string; self?: MessageInitShape<typeof MemberSchema>; others?: Array<MessageInitShape<typeof MemberSchema>> } = {},
  ): MessageInitShape<typeof RoomStateSchema> {
    const self = init.self ?? member(this.#userId, { controlRole: "LiveMaster", authBits: 0xffn });
    return {
      roomId: { id: roomId },
      groupId: String(roomId.value),
      ownerUserId: init.ownerUserId ?? this.#userId,
      self,
      members: [self, ...(init.others ?? [])],
      video: { width: 640, height: 480, fps: 15, maxBitrateKbps: 800 },
    };
  }

  #handle(socket: FakeWebSocket, frame: ClientFrame): void {
    const kind = frame.body.case;
    if (kind === "heartbeat") {
      if (this.answeringHeartbeats && socket.readyState === 1) {
        socket.push({ body: { case: "heartbeat", value: { clientTimeMs: frame.body.value.clientTimeMs, serverTimeMs: BigInt(this.clock.now()) } } });
      }

      return;
    }

    if (kind === undefined || frame.requestId === 0) {
      return;
    }

    const handler = this.handlers.get(kind) ?? ((f: ClientFrame) => this.#defaultReply(f));
    void Promise.resolve(handler(frame, socket)).then((reply) => {
      if (reply === noAnswer || socket.readyState !== 1) {
        return;
      }

      if (reply !== undefined && "error" in reply) {
        socket.push({ requestId: frame.requestId, error: reply.error });
      } else {
        socket.push({ requestId: frame.requestId, body: reply ?? { case: "ok", value: {} } });
      }
    });
  }

  #defaultReply(frame: ClientFrame): Reply {
    switch (frame.body.case) {
      case "login":
        this.#userId = frame.body.value.userId;
        return { case: "login", value: this.loginResult };
      case "createRoom":
      case "joinRoom":
      case "switchRoom": {
        const id = frame.body.value.roomId?.id;
        return { case: "room", value: this.roomState(id?.case === "text" ? { case: "text", value: id.value } : { case: "number", value: id?.value ?? 0 }) };
      }
      default:
        return { case: "ok", value: {} };
    }
  }
}

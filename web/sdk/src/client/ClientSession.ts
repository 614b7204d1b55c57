import type { LoginResult, ServerFrame } from "../gen/protocol.js";
import type { roomIdToWire } from "../rooms/roomIdWire.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { protocolVersion, type ClientBody, type ServerBodyCase, type ServerBodyValue } from "../signaling/frames.js";
import { SignalingConnection } from "../signaling/SignalingConnection.js";
import { retryUntil } from "./Backoff.js";
import type { ConnectionState } from "./ConnectionState.js";
import { Heartbeat } from "./Heartbeat.js";
import { iceServersOf } from "./iceServers.js";
import type { LoginIceServer } from "./LoginIceServer.js";
import type { ResolvedOptions } from "./resolveOptions.js";

const defaultResumeWindowMs = 30_000;

type WireRoomId = ReturnType<typeof roomIdToWire>;

/** What the session tells the client it belongs to; the client owns rooms, calls and events. */
export interface SessionHooks {
  /** A push of the adopted connection (in order; those that came with the login answer first). */
  push(connection: SignalingConnection, frame: ServerFrame): void;
  /** The wire id of the room the client is in (a resuming login names it, so a room moved off a lost node hands the seat back). */
  resumeRoom(): WireRoomId | undefined;
  /** A reconnect resumed the session: before the state turns `connected` and before the connection's pushes. */
  resumed(result: LoginResult): void;
  /** A login or resume succeeded and the state is `connected`; still before the connection's pushes. */
  loggedIn(result: LoginResult): void;
  /** The session is over (logged out, kicked, reconnecting gave up): what hung on it ends, with the reason. */
  ended(reason: LiveError | undefined): void;
  stateChanged(state: ConnectionState, error: LiveError | undefined): void;
  protocolError(error: LiveError): void;
}

/**
 * One user's signaling session: the connection, its login and heartbeat, the state the app sees, and the reconnect
 * with the server's resume token after an unexpected drop. {@link LiveClient} is the API over it; rooms, calls and IM
 * only send requests through it and hear of its end.
 */
export class ClientSession {
  readonly #options: ResolvedOptions;
  readonly #hooks: SessionHooks;

  #state: ConnectionState = "disconnected";
  #connection: SignalingConnection | undefined;
  #heartbeat: Heartbeat | undefined;
  #busy = false;
  #stopped = false;
  #userId: string | undefined;
  #userSig: string | undefined;
  #tinyId = 0n;
  #sigExpiresAt: Date | undefined;
  #iceServers: readonly LoginIceServer[] = [];
  #resumeToken: string | undefined;
  #resumeWindowMs = 0;
  /** Which of serverUrl (0) and the fallbacks (1…) the last connection went to. */
  #serverIndex = 0;

  constructor(options: ResolvedOptions, hooks: SessionHooks) {
    this.#options = options;
    this.#hooks = hooks;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  get tinyId(): bigint {
    return this.#tinyId;
  }

  get sigExpiresAt(): Date | undefined {
    return this.#sigExpiresAt;
  }

  get iceServers(): readonly LoginIceServer[] {
    return this.#iceServers;
  }

  /** The adopted connection while it is open (for fire-and-forget sends such as trickled candidates). */
  get openConnection(): SignalingConnection | undefined {
    const connection = this.#connection;
    return connection !== undefined && connection.isOpen ? connection : undefined;
  }

  /** 1101 once the client is stopped. */
  ensureUsable(): void {
    if (this.#stopped) {
      throw LiveError.av(AVErrorCode.ContextNotExist, "the client is stopped; create a new LiveClient");
    }
  }

  /** The open connection; 8001 while reconnecting, 8009 when logged out. */
  requireConnection(): SignalingConnection {
    const connection = this.openConnection;
    if (connection !== undefined) {
      return connection;
    }

    if (this.#state === "reconnecting") {
      throw LiveError.iLive(ILiveErrorCode.NetUndefine, "the connection dropped; the client is reconnecting");
    }

    throw LiveError.iLive(ILiveErrorCode.NotLogin, "log in first");
  }

  async request<C extends ServerBodyCase, R = ServerBodyValue<C>>(body: ClientBody, expected: C, apply?: (value: ServerBodyValue<C>) => R): Promise<R> {
    this.ensureUsable();
    return this.requireConnection().request(body, expected, this.#options.requestTimeoutMs, apply);
  }

  /** IM calls while reconnecting fail with 8001: the IM side is not ready yet. */
  async imRequest<C extends ServerBodyCase>(body: ClientBody, expected: C): Promise<ServerBodyValue<C>> {
    if (this.#state === "reconnecting") {
      throw LiveError.iLive(ILiveErrorCode.ImNotReady, "IM is not ready: the connection dropped and the client is reconnecting");
    }

    return this.request(body, expected);
  }

  /** Logs in on a new connection (the checks of the arguments are the client's). */
  async login(userId: string, userSig: string): Promise<void> {
    this.#enterBusy();
    try {
      if (this.#state === "connected") {
        throw LiveError.iLive(ILiveErrorCode.AlreadyState, `already logged in as "${this.#userId ?? ""}"`);
      }

      if (this.#state === "reconnecting") {
        throw LiveError.iLive(ILiveErrorCode.BusyHere, `the session of "${this.#userId ?? ""}" is reconnecting`);
      }

      this.#setState("connecting", undefined);
      let connection: SignalingConnection;
      try {
        this.#serverIndex = 0;
        connection = await this.#connect(this.#options.url);
      } catch (error) {
        this.#setState("disconnected", error instanceof LiveError ? error : undefined);
        throw error;
      }

      let result: LoginResult;
      try {
        result = await this.#requestLogin(connection, userId, userSig, "");
      } catch (error) {
        connection.close();
        this.#setState("disconnected", undefined);
        throw error;
      }

      this.#userId = userId;
      this.#userSig = userSig;
      this.#adopt(connection, result, false);
    } finally {
      this.#busy = false;
    }
  }

  /** Logs out on `connection` (the client checked it may) and ends the session whatever the answer. */
  async logout(connection: SignalingConnection): Promise<void> {
    this.#enterBusy();
    try {
      await connection.request({ case: "logout", value: {} }, "ok", this.#options.requestTimeoutMs);
    } finally {
      this.tearDown(connection, undefined);
      this.#busy = false;
    }
  }

  /** The server accepted a new userSig that expires at `sigExpiresAt` (seconds since the epoch). */
  renewed(userSig: string, sigExpiresAt: bigint): void {
    this.#sigExpiresAt = new Date(Number(sigExpiresAt) * 1000);
    this.#userSig = userSig;
  }

  /** Stops for good: logs out if logged in (errors ignored), or gives up a reconnect. */
  async stop(): Promise<void> {
    const connection = this.#connection;
    if (connection !== undefined) {
      try {
        await this.logout(this.requireConnection());
      } catch {
        this.tearDown(connection, undefined);
      }
    } else if (this.#state === "reconnecting") {
      this.#endSession(undefined);
    }

    this.#stopped = true;
  }

  /**
   * Ends the session of `connection` (if it is still the adopted one) with `reason`, and closes it. When
   * `forcedOffline`, the change to "disconnected" carries no error: the client's `forceOffline`, raised next, does.
   */
  tearDown(connection: SignalingConnection, reason: LiveError | undefined, forcedOffline = false): void {
    if (this.#connection !== connection) {
      return;
    }

    this.#connection = undefined;
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#endSession(reason, forcedOffline);
    connection.close();
  }

  #enterBusy(): void {
    if (this.#busy) {
      throw LiveError.iLive(ILiveErrorCode.BusyHere, "another login or logout is still running");
    }

    this.#busy = true;
  }

  async #connect(url: string): Promise<SignalingConnection> {
    const { WebSocket, connectTimeoutMs: timeoutMs, clock } = this.#options;
    const connection = await SignalingConnection.connect({ url, WebSocket, clock, timeoutMs });
    connection.onProtocolError = (error) => this.#hooks.protocolError(error);
    connection.onClosed = (reason) => this.#onConnectionClosed(connection, reason);
    return connection;
  }

  /**
   * The URL of the next reconnect attempt: serverUrl, then the fallbacks, round robin (the node that dropped the
   * connection may be gone; another node of the cluster resumes the session).
   */
  #nextUrl(): string {
    const fallbacks = this.#options.fallbackUrls;
    if (fallbacks.length === 0) {
      return this.#options.url;
    }

    this.#serverIndex = (this.#serverIndex + 1) % (fallbacks.length + 1);
    return this.#serverIndex === 0 ? this.#options.url : fallbacks[this.#serverIndex - 1] ?? this.#options.url;
  }

  /** Logs in on a fresh connection (with a resume token and the room it was in when reconnecting). */
  #requestLogin(connection: SignalingConnection, userId: string, userSig: string, resumeToken: string, resumeRoom?: WireRoomId): Promise<LoginResult> {
    const { sdkAppId, device } = this.#options;
    return connection.request(
      { case: "login", value: { sdkAppId, userId, userSig, protocolVersion, resumeToken, device, ...(resumeRoom === undefined ? {} : { resumeRoom }) } },
      "login",
      this.#options.requestTimeoutMs,
    );
  }

  /**
   * Takes over a logged-in connection: what the server said about the session, and the heartbeat. Its pushes flow from
   * here on (those that came with the login answer first), after the hooks heard of the login.
   */
  #adopt(connection: SignalingConnection, result: LoginResult, resumed: boolean): void {
    const clock = this.#options.clock;
    this.#connection = connection;
    this.#resumeToken = result.resumeToken.length > 0 ? result.resumeToken : undefined;
    this.#resumeWindowMs = result.resumeWindowMs;
    this.#tinyId = result.tinyId;
    this.#sigExpiresAt = new Date(Number(result.sigExpiresAt) * 1000);
    this.#iceServers = iceServersOf(result);
    this.#heartbeat?.stop();
    this.#heartbeat = new Heartbeat(clock, Math.max(1000, result.heartbeatIntervalMs), () => {
      connection.send({ case: "heartbeat", value: { clientTimeMs: BigInt(clock.now()) } });
    }, {
      deadAfterMs: this.#options.deadConnectionTimeoutMs,
      lastReceivedAt: () => connection.lastReceivedAt,
      oldestPendingSentAt: () => connection.oldestPendingSentAt,
      onDead: (unansweredMs) => connection.abandon(LiveError.iLive(ILiveErrorCode.NetUndefine, `the server answered no heartbeat for ${unansweredMs} ms`)),
    });
    this.#heartbeat.start();
    if (resumed) {
      this.#hooks.resumed(result);
    }

    this.#setState("connected", undefined);
    this.#hooks.loggedIn(result);
    connection.deliverPushesTo((frame) => this.#hooks.push(connection, frame));
  }

  #onConnectionClosed(connection: SignalingConnection, reason: LiveError | undefined): void {
    if (this.#connection !== connection) {
      return; // closed by us (logout, force-offline, stop), or not adopted yet (the pending login fails by itself)
    }

    const why = reason ?? LiveError.iLive(ILiveErrorCode.NetUndefine, "the server closed the connection");
    if (this.#options.autoReconnect && !this.#stopped && this.#resumeToken !== undefined) {
      void this.#reconnect(connection, why);
    } else {
      this.tearDown(connection, why);
    }
  }

  /**
   * After an unexpected drop: log in again with the userSig and resume token, with backoff, until the server's resume
   * window runs out. The server hands back the room seat it kept; a refused login or a lost seat ends it with a reason.
   */
  async #reconnect(lost: SignalingConnection, reason: LiveError): Promise<void> {
    const clock = this.#options.clock;
    this.#connection = undefined;
    this.#heartbeat?.stop();
    lost.close();
    this.#setState("reconnecting", reason);
    const deadline = clock.now() + (this.#resumeWindowMs > 0 ? this.#resumeWindowMs : defaultResumeWindowMs);
    const outcome = await retryUntil(clock, deadline, () => !this.#stopped && this.#state === "reconnecting", async () => {
      const connection = await this.#connect(this.#nextUrl());
      try {
        const resumeRoom = this.#hooks.resumeRoom();
        return { connection, result: await this.#requestLogin(connection, this.#userId ?? "", this.#userSig ?? "", this.#resumeToken ?? "", resumeRoom) };
      } catch (error) {
        connection.close();
        throw error;
      }
    });
    if (outcome.ok) {
      if (this.#stopped || this.#state !== "reconnecting") {
        outcome.value.connection.close(); // stopped meanwhile
        return;
      }

      this.#adopt(outcome.value.connection, outcome.value.result, true);
    } else if (this.#state === "reconnecting") {
      this.#endSession(outcome.error ?? reason);
    }
  }

  /** The session is over (logged out, kicked, or reconnecting gave up): forget it and say why. */
  #endSession(reason: LiveError | undefined, forcedOffline = false): void {
    this.#hooks.ended(reason);
    this.#resumeToken = undefined;
    this.#userId = undefined;
    this.#userSig = undefined;
    this.#tinyId = 0n;
    this.#sigExpiresAt = undefined;
    this.#iceServers = [];
    this.#setState("disconnected", forcedOffline ? undefined : reason);
  }

  #setState(state: ConnectionState, error: LiveError | undefined): void {
    if (this.#state === state && error === undefined) {
      return;
    }

    this.#state = state;
    this.#hooks.stateChanged(state, error);
  }
}

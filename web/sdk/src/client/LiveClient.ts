import { CallSlot } from "../calls/CallSlot.js";
import type { LiveCallInvitation, LiveCallOptions } from "../calls/callTypes.js";
import type { LiveCall } from "../calls/LiveCall.js";
import { DeviceTest } from "../devices/DeviceTest.js";
import { LiveDevices } from "../devices/LiveDevices.js";
import type { LoginResult, ServerFrame } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { TypedEmitter } from "../events/TypedEmitter.js";
import { Conversation } from "../im/Conversation.js";
import { conversationToWire } from "../im/conversationWire.js";
import { getMessagesBody, sendMessageBody, sentFromWire, unreadFromWire } from "../im/imRequests.js";
import type { LiveMessage } from "../im/LiveMessage.js";
import { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { SendOptions, SentMessage, UnreadCount } from "../im/SentMessage.js";
import type { LiveMember } from "../rooms/LiveMember.js";
import { memberFromWire } from "../rooms/memberWire.js";
import { LiveRoom } from "../rooms/LiveRoom.js";
import type { LiveRoomId } from "../rooms/LiveRoomId.js";
import { roomIdToWire, sameRoom } from "../rooms/roomIdWire.js";
import { listRoomsRequest, roomListFromWire, type ListRoomsOptions, type RoomList } from "../rooms/RoomList.js";
import type { LiveRoomOptions } from "../rooms/LiveRoomOptions.js";
import { qualityIntervalOf, roomOptionsToWire } from "../rooms/roomOptionsWire.js";
import type { RoomHost } from "../rooms/RoomHost.js";
import type { ClientBody } from "../signaling/frames.js";
import type { SignalingConnection } from "../signaling/SignalingConnection.js";
import { ClientSession } from "./ClientSession.js";
import { createPeerConnection } from "./createPeerConnection.js";
import type { LoginIceServer } from "./LoginIceServer.js";
import type { ConnectionState } from "./ConnectionState.js";
import type { LiveClientEvents } from "./LiveClientEvents.js";
import type { LiveClientOptions } from "./LiveClientOptions.js";
import { IncomingMessages } from "./IncomingMessages.js";
import { resolveOptions, type ResolvedOptions } from "./resolveOptions.js";
import { RoomSlot } from "./RoomSlot.js";
import { routePush } from "./routePush.js";

/**
 * The entry point of the SDK, iLiveSDK's context + login manager: one user's session with an OpenLive server.
 * Every failed call rejects with a {@link LiveError} carrying iLiveSDK's module and code.
 *
 * A client is usable when constructed and stopped by {@link LiveClient.stop}; calls on a stopped client fail with
 * 1101 (AV_ERR_CONTEXT_NOT_EXIST).
 */
export class LiveClient extends TypedEmitter<LiveClientEvents> {
  readonly #options: ResolvedOptions;
  readonly #session: ClientSession;
  readonly #incoming: IncomingMessages;
  readonly #rooms: RoomSlot;
  readonly #calls: CallSlot;

  /** The host's cameras, microphones and speakers, and capture from them (screen sharing too). */
  readonly devices: LiveDevices;
  /** iLiveSDK's device test: `deviceTest.start()` / `stop()` / `isStarted` are startDeviceTest / stopDeviceTest / isInDeviceTest. */
  readonly deviceTest: DeviceTest;

  /** Creates a client. 8021 when the options lack a usable server URL, app id or WebSocket, or timeouts are not positive. */
  constructor(options: LiveClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#session = new ClientSession(this.#options, {
      push: (connection, frame) => this.#onPush(connection, frame),
      resumeRoom: () => {
        const room = this.#rooms.current;
        return room === undefined ? undefined : roomIdToWire(room.id);
      },
      resumed: (result) => this.#onResumed(result),
      loggedIn: (result) => result.ringingCalls.forEach((invitation) => this.#calls.ring(invitation)),
      ended: (reason) => this.#onSessionEnded(reason),
      stateChanged: (state, error) => this.emit("connectionStateChanged", { state, error }),
      protocolError: (error) => this.emit("protocolError", { error }),
    });
    this.#incoming = new IncomingMessages((message) => this.emit("message", { message }), this.#options.requestTimeoutMs);
    this.#rooms = new RoomSlot(this.#createRoomHost(), this.#options.clock);
    this.#calls = new CallSlot({
      rooms: this.#rooms,
      request: (body, expected, apply) => this.#session.request(body, expected, apply),
      ensureCanEnter: () => {
        this.#ensureCanEnter();
        this.#session.requireConnection();
      },
      userId: () => this.#session.userId,
      incoming: (invitation) => this.emit("incomingCall", { invitation }),
      ended: (reason) => this.emit("callEnded", reason),
    });
    this.devices = new LiveDevices(this.#options.mediaDevices);
    this.deviceTest = new DeviceTest(this.devices, this.#options.levelMeter, () => this.#rooms.current?.id);
  }

  // ---- session -----------------------------------------------------------------------------------------------------

  /** The connection state. */
  get state(): ConnectionState {
    return this.#session.state;
  }

  /** True while logged in. */
  get isLoggedIn(): boolean {
    return this.#session.state === "connected";
  }

  /** The app this client logs in to. */
  get sdkAppId(): number {
    return this.#options.sdkAppId;
  }

  /** The logged-in user's id. */
  get userId(): string | undefined {
    return this.#session.userId;
  }

  /** The logged-in user's tinyId (iLiveSDK's numeric id; 0n when not logged in). */
  get tinyId(): bigint {
    return this.#session.tinyId;
  }

  /** When the current userSig expires; renew it before with {@link LiveClient.renewUserSig}. */
  get sigExpiresAt(): Date | undefined {
    return this.#session.sigExpiresAt;
  }

  /**
   * The ICE servers the latest login issued (empty when the server configures none, and while logged out). Every peer
   * connection the SDK creates uses them (see {@link LiveClientOptions.rtcConfiguration}); every login, a resumed one
   * included, replaces them with fresh credentials.
   */
  get iceServers(): readonly LoginIceServer[] {
    return this.#session.iceServers;
  }

  /** The room the client is in, if any. */
  get currentRoom(): LiveRoom | undefined {
    return this.#rooms.current;
  }

  // ---- calls (iLiveSDK's CallSDK; docs/protocol.md, "Calls") ------------------------------------------------------

  /** The call the client is in, if any (its `room` is also `currentRoom`). */
  get currentCall(): LiveCall | undefined {
    return this.#calls.current;
  }

  /** The invitations ringing for this user now (`incomingCall` announced each). */
  get ringingCalls(): readonly LiveCallInvitation[] {
    return this.#calls.ringing;
  }

  /** Calls one user (makeCall). 8021 bad options or id (or oneself); 1801 a user the app does not know; 8010 in a room. */
  makeCall(userId: string, options: LiveCallOptions = {}): Promise<LiveCall> {
    return this.#calls.make([userId], options, false);
  }

  /** Calls several users (makeMutiCall): a group call, which goes on while two are in it. */
  makeGroupCall(userIds: readonly string[], options: LiveCallOptions = {}): Promise<LiveCall> {
    return this.#calls.make(userIds, options, true);
  }

  /** Accepts a ringing invitation and enters the call's room; the first accept wins (1802 when it no longer rings). */
  acceptCall(callId: bigint): Promise<LiveCall> {
    return this.#calls.accept(callId);
  }

  /** Refuses a ringing invitation; the caller gets end code 3 (1803 when it no longer rings). */
  refuseCall(callId: bigint): Promise<void> {
    return this.#calls.refuse(callId);
  }

  /**
   * Logs in with a userSig issued for this app and user.
   * Rejects with 8005/8021 (bad arguments), 8024 (already logged in), 8011 (another login is running), 8012 (server
   * unreachable), 8051 (expired ticket), TLSSDK codes (other ticket failures), 1005 (timeout).
   */
  async login(userId: string, userSig: string): Promise<void> {
    this.#session.ensureUsable();
    if (typeof userId !== "string" || typeof userSig !== "string") {
      throw LiveError.iLive(ILiveErrorCode.NullPointer, typeof userId !== "string" ? "userId is not a string" : "userSig is not a string");
    }

    if (userId.length === 0 || userSig.length === 0) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, userId.length === 0 ? "userId is empty" : "userSig is empty");
    }

    await this.#session.login(userId, userSig);
  }

  /** Logs out and closes the connection. 8009 when not logged in; 1202 while still in a room (quit it first). */
  async logout(): Promise<void> {
    this.#session.ensureUsable();
    const connection = this.#session.requireConnection();
    this.#rooms.ensureNone(AVErrorCode.RoomNotExited, "logging out");

    await this.#session.logout(connection);
  }

  /** Replaces the session's userSig before it expires (the server then ends the session at the new expiry). */
  async renewUserSig(userSig: string): Promise<void> {
    this.#session.ensureUsable();
    if (typeof userSig !== "string" || userSig.length === 0) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, "userSig is empty");
    }

    const result = await this.#session.request({ case: "renewUserSig", value: { userSig } }, "renewUserSig");
    this.#session.renewed(userSig, result.sigExpiresAt);
  }

  /** The tinyId of a user of this app (1502 when the server knows no such user). */
  async getTinyId(userId: string): Promise<bigint> {
    const result = await this.#session.request({ case: "resolveUsers", value: { userIds: [userId] } }, "resolveUsers");
    return result.users[0]?.tinyId ?? 0n;
  }

  /** The user id of a tinyId (1501 when the server knows no such tinyId). */
  async getUserId(tinyId: bigint | number): Promise<string> {
    const result = await this.#session.request({ case: "resolveUsers", value: { tinyIds: [BigInt(tinyId)] } }, "resolveUsers");
    return result.users[0]?.userId ?? "";
  }

  /** Stops the client (iLiveSDK's StopContext): logs out if logged in; the client cannot be used afterwards. 1102 while in a room. */
  async stop(): Promise<void> {
    if (this.#session.stopped) {
      return;
    }

    this.#rooms.ensureNone(AVErrorCode.ContextNotStopped, "stopping the client");

    if (this.deviceTest.isStarted) {
      throw LiveError.av(AVErrorCode.DeviceTestNotStopped, "a device test is running; stop it before stopping the client");
    }

    this.devices.dispose();

    await this.#session.stop();
  }

  // ---- rooms -------------------------------------------------------------------------------------------------------

  /**
   * Creates a room and enters it as its owner (iLiveSDK: the host). 8009 not logged in; 8010 in another room; 8011
   * another room operation is running; 8004 the room exists; 10003 no CREATE_ROOM (or privateMapKey refused);
   * 10002 invalid room id or role; 6999/7000 the IM step failed.
   */
  createRoom(roomId: LiveRoomId, options?: LiveRoomOptions): Promise<LiveRoom> {
    return this.#enter("createRoom", roomId, options);
  }

  /** Joins an existing room (iLiveSDK: the audience or a co-host); as createRoom, with 10009 when it does not exist. */
  joinRoom(roomId: LiveRoomId, options?: LiveRoomOptions): Promise<LiveRoom> {
    return this.#enter("joinRoom", roomId, options);
  }

  /** Moves to another room (8003 not in a room; 8023 the owner cannot switch; 1003 already there; 10009 no such room). */
  async switchRoom(roomId: LiveRoomId, options?: LiveRoomOptions): Promise<LiveRoom> {
    this.#ensureCanEnter();
    const value = { roomId: roomIdToWire(roomId), options: roomOptionsToWire(options) };
    const qualityIntervalMs = qualityIntervalOf(options);
    this.#session.requireConnection();
    return this.#rooms.operation(async () => {
      const old = this.#rooms.current;
      if (old === undefined) {
        throw LiveError.iLive(ILiveErrorCode.NoRoom, "not in a room; join one instead");
      }

      return this.#session.request({ case: "switchRoom", value }, "room", (state) => {
        old.end(undefined);
        return this.#rooms.adopt(state, qualityIntervalMs);
      });
    });
  }

  /** Leaves the current room (8003 when in none); the owner leaving dismisses it. */
  async quitRoom(): Promise<void> {
    this.#session.ensureUsable();
    this.#session.requireConnection();
    await this.#rooms.operation(async () => {
      const room = this.#rooms.requireCurrent();
      try {
        await this.#session.request({ case: "quitRoom", value: {} }, "ok", () => this.#rooms.leave(room));
      } catch (error) {
        // The server had already taken us out (dismissed concurrently): out either way.
        if (!(error instanceof LiveError && (error.is("ILiveSDK", ILiveErrorCode.NoRoom) || error.is("AVSDK", AVErrorCode.ServerIdNotInRoom)))) {
          throw error;
        }

        this.#rooms.leave(room);
      }
    });
  }

  /** Dismisses the current room (owner only: 10003); its members get `ended` with `dismissed`. */
  async dismissRoom(): Promise<void> {
    this.#session.ensureUsable();
    await this.#rooms.operation(async () => {
      const room = this.#rooms.requireCurrent();
      await this.#session.request({ case: "dismissRoom", value: {} }, "ok", () => this.#rooms.leave(room));
    });
  }

  /** The members of a room; only its members may list it (10006 not a member, 10009 no such room). */
  async getRoomMembers(roomId: LiveRoomId): Promise<LiveMember[]> {
    this.#session.ensureUsable();
    const list = await this.#session.request({ case: "getMembers", value: { roomId: roomIdToWire(roomId) } }, "members");
    return list.members.map(memberFromWire);
  }

  /**
   * Lists the app's rooms going on now, newest first (by when their owner entered), for a lobby; calls' rooms are not
   * listed. Any logged-in user may list, at most twice a second (8011 beyond). 8021 for a limit outside 1..100.
   */
  async listRooms(options?: ListRoomsOptions): Promise<RoomList> {
    this.#session.ensureUsable();
    const request = listRoomsRequest(options);
    return roomListFromWire(await this.#session.request({ case: "listRooms", value: request }, "roomList"));
  }

  // ---- IM ----------------------------------------------------------------------------------------------------------

  /**
   * Sends a message to a user (C2C) or a room's group; resolves after the server stored it (unless `onlineOnly`).
   * 8022 unknown receiver; 8021 empty or oversized; 8011 sending too fast; 10006 a room the sender is not in;
   * 10003 muted; 8001 while reconnecting. A retry of the same LiveMessage is stored once.
   */
  async sendMessage(to: Conversation, message: LiveMessage | string, options?: SendOptions): Promise<SentMessage> {
    this.#session.ensureUsable();
    return sentFromWire(await this.#session.imRequest(sendMessageBody(to, message, options), "sent"));
  }

  /** Sends a C2C message to `userId`. */
  sendC2CMessage(userId: string, message: LiveMessage | string, options?: SendOptions): Promise<SentMessage> {
    return this.sendMessage(Conversation.withUser(userId), message, options);
  }

  /** Sends a message to the current room's group (8003 when in no room). */
  async sendGroupMessage(message: LiveMessage | string, options?: SendOptions): Promise<SentMessage> {
    return this.sendMessage(Conversation.inGroup(this.#rooms.requireCurrent().groupId), message, options);
  }

  /** History, newest first: up to `count` (1-100, default 20) messages before `beforeSeq` (0 = the newest). */
  async getMessages(conversation: Conversation, options?: { count?: number; beforeSeq?: number }): Promise<ReceivedMessage[]> {
    this.#session.ensureUsable();
    const list = await this.#session.imRequest(getMessagesBody(conversation, options), "messages");
    return list.messages.map((message) => new ReceivedMessage(message));
  }

  /** Unread counts of this user's conversations. */
  async getUnreadCounts(): Promise<UnreadCount[]> {
    this.#session.ensureUsable();
    return unreadFromWire(await this.#session.imRequest({ case: "getUnread", value: {} }, "unread"));
  }

  /** Marks a conversation read up to `seq`. */
  async markRead(conversation: Conversation, seq: number): Promise<void> {
    this.#session.ensureUsable();
    await this.#session.imRequest({ case: "markRead", value: { conversation: conversationToWire(conversation), seq: BigInt(seq) } }, "ok");
  }

  // ---- rooms plumbing ----------------------------------------------------------------------------------------------

  #onPush(connection: SignalingConnection, frame: ServerFrame): void {
    routePush(frame, {
      forceOffline: (reason) => {
        // Documented order: the room's `ended` (sessionEnded, no error), "disconnected" (no error), then `forceOffline`
        // with the reason: the app gets the error once.
        this.#session.tearDown(connection, reason, true);
        this.emit("forceOffline", { reason });
      },
      message: (message) => this.#incoming.receive(connection, message, this.#rooms.current),
      roomFor: (roomId) => this.#rooms.roomFor(roomId),
      currentRoom: () => this.#rooms.current,
      loseRoom: (room, dismissed, error) => this.#rooms.lose(room, dismissed, error),
      callEvent: (event) => this.#calls.handle(event),
      protocolError: (error) => this.emit("protocolError", { error }),
    });
  }

  /** A reconnect resumed the session: the room takes the seat the server kept, or is lost. */
  #onResumed(result: LoginResult): void {
    this.#calls.forgetVanished(result.ringingCalls);
    const room = this.#rooms.current;
    if (room === undefined) {
      return;
    }

    if (result.room !== undefined && sameRoom(room.id, result.room.roomId)) {
      room.refresh(result.room);
    } else if (this.#calls.current?.room === room) {
      this.#calls.lost("the connection dropped and the call did not keep the seat");
    } else {
      this.#rooms.lose(room, false, LiveError.iLive(ILiveErrorCode.NetUndefine, "the connection dropped and the room did not keep the seat"));
    }
  }

  /** The session is over: calls end, and the room is left (logout) or lost (with the reason). */
  #onSessionEnded(reason: LiveError | undefined): void {
    this.#calls.endAll(reason?.message ?? "logged out", reason === undefined);
    const room = this.#rooms.current;
    if (room !== undefined) {
      if (reason === undefined) {
        this.#rooms.leave(room);
      } else {
        // The session's cause is reported once, by the session (forceOffline, or the state change); the room only says why it ended.
        this.#rooms.lose(room, false, undefined, true);
      }
    }
  }

  async #enter(kind: "createRoom" | "joinRoom", roomId: LiveRoomId, options: LiveRoomOptions | undefined): Promise<LiveRoom> {
    this.#ensureCanEnter();
    const value = { roomId: roomIdToWire(roomId), options: roomOptionsToWire(options) };
    const qualityIntervalMs = qualityIntervalOf(options);
    this.#session.requireConnection();
    return this.#rooms.operation(async () => {
      // In another room: 8010 here. In this very room: the server answers 10008 (repeated operation).
      const current = this.#rooms.current;
      if (current !== undefined && current.id !== roomId) {
        throw LiveError.iLive(ILiveErrorCode.AlreadyInRoom, `already in room ${current.id}; quit it or use switchRoom`);
      }

      const body: ClientBody = kind === "createRoom" ? { case: "createRoom", value } : { case: "joinRoom", value };
      return this.#session.request(body, "room", (state) => this.#rooms.adopt(state, qualityIntervalMs));
    });
  }

  /** Usable, and no device test running (iLiveSDK: stop the test before entering a room; 1602). */
  #ensureCanEnter(): void {
    this.#session.ensureUsable();
    if (this.deviceTest.isStarted) {
      throw LiveError.av(AVErrorCode.DeviceTestNotStopped, "a device test is running; stop it before entering a room");
    }
  }

  #createRoomHost(): RoomHost {
    return {
      request: (body, expected, apply) => this.#session.request(body, expected, apply),
      trickle: (candidate, subscriber) => {
        const connection = this.#session.openConnection;
        if (connection !== undefined) {
          connection.request({ case: "trickle", value: { candidate, subscriber } }, "ok", this.#options.requestTimeoutMs).catch(() => undefined);
        }
      },
      createPeerConnection: () => createPeerConnection(this.#options, this.#session.iceServers),
      restartsDeadMedia: this.#options.restartDeadMedia,
      deadMediaTimeoutMs: this.#options.deadMediaTimeoutMs,
      quitRoom: () => this.quitRoom(),
      dismissRoom: () => this.dismissRoom(),
      sendMessage: (to, message, options) => this.sendMessage(to, message, options),
      getMessages: (conversation, options) => this.getMessages(conversation, options),
      roomEnded: (room, reason) => {
        if (room instanceof LiveRoom) {
          this.emit("roomDisconnected", { room, ...reason });
        }
      },
    };
  }
}

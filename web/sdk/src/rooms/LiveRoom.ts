import { create } from "@bufbuild/protobuf";
import { MemberSchema, type MemberEvent as WireMemberEvent, type MemberUpdated as WireMemberUpdated, type Member, type PushStreamRsp as WirePushStreamRsp, type RoomCountersChanged, type RoomState, type SubscriberOffer } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { TypedEmitter } from "../events/TypedEmitter.js";
import { Conversation } from "../im/Conversation.js";
import { LiveCommandIds } from "../im/LiveCommand.js";
import { LiveMessage } from "../im/LiveMessage.js";
import type { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { SendOptions, SentMessage } from "../im/SentMessage.js";
import type { MediaStats } from "../media/MediaStats.js";
import { mediaStatsFromWire } from "../media/mediaStatsWire.js";
import type { PublishOptions } from "../media/PublishOptions.js";
import { RoomQualityReporter, type QualitySchedule } from "../media/RoomQualityReporter.js";
import { qualityIntervalLimits, type RoomQuality } from "../media/RoomQuality.js";
import { systemClock } from "../platform/Clock.js";
import { RoomMedia } from "./RoomMedia.js";
import type { TrackSource, VideoQuality } from "../media/TrackSource.js";
import { trackSourceToWire, videoQualityToWire } from "../media/trackSourceWire.js";
import type { ClientBody, ServerBodyCase, ServerBodyValue } from "../signaling/frames.js";
import type { LiveMember } from "./LiveMember.js";
import type { LiveRoomId } from "./LiveRoomId.js";
import { memberFromWire } from "./memberWire.js";
import { roomIdFromWire } from "./roomIdWire.js";
import type { LiveRoomEvents, RoomEnded } from "./RoomEvents.js";
import type { RoomHost } from "./RoomHost.js";
import { MemberEventId } from "./MemberEventId.js";
import { MemberOutReason } from "./MemberOutReason.js";
import { countersFromWire, maxLikesPerRequest, noCounters, type RoomCounters } from "./RoomCounters.js";
import { PushDataType, RecordFileType, StreamEncode, type PushStreamOption, type PushStreamRsp, type RecordOption } from "./PushStream.js";

import type { VideoParams } from "../media/VideoParams.js";

export type { VideoParams } from "../media/VideoParams.js";

/** A video view to receive (iLiveSDK's requestViewList entry). */
export interface View {
  /** The member whose video to receive. */
  readonly userId: string;
  /** "camera" or "screen". */
  readonly source: Exclude<TrackSource, "audio">;
  /** The simulcast layer to receive; "auto" (default) lets the server choose. */
  readonly quality?: VideoQuality;
}

type PendingChange = "role" | "authority";

/**
 * The room a {@link LiveClient} is in. Its member list follows the server's events. Once the client has left
 * (quit, switched, dismissed, disconnected), every call rejects with 1201 (AV_ERR_ROOM_NOT_EXIST).
 */
export class LiveRoom extends TypedEmitter<LiveRoomEvents> {
  /** The room id. */
  readonly id: LiveRoomId;
  /** The room's IM group id. */
  readonly groupId: string;
  /** The user who created the room. */
  readonly ownerUserId: string;

  readonly #host: RoomHost;
  readonly #members = new Map<string, LiveMember>();
  #self: LiveMember;
  #video: VideoParams = { width: 0, height: 0, fps: 0, maxBitrateKbps: 0 };
  #counters: RoomCounters = noCounters;
  #pendingInvitationFrom: string | undefined;
  readonly #pendingInvites = new Set<string>();
  #pendingChange: PendingChange | undefined;
  #ended = false;
  readonly #media: RoomMedia;
  readonly #quality: RoomQualityReporter;

  /** @internal Rooms come from LiveClient.createRoom / joinRoom / switchRoom. */
  constructor(host: RoomHost, state: RoomState, quality: QualitySchedule = { intervalMs: qualityIntervalLimits.defaultMs, clock: systemClock }) {
    super();
    this.#host = host;
    this.id = roomIdFromWire(state.roomId);
    this.groupId = state.groupId;
    this.ownerUserId = state.ownerUserId;
    this.#self = memberFromWire(state.self ?? create(MemberSchema));
    this.#media = new RoomMedia(host, () => this.#video, state.mediaEpoch, quality.clock, {
      remoteTrack: (track) => this.emit("remoteTrack", track),
      remoteTrackRemoved: (removed) => this.emit("remoteTrackRemoved", removed),
      localTrackEnded: (source) => this.emit("localTrackEnded", { source }),
      mediaError: (error, detail) => this.emit("mediaError", { error: asLiveError(error, detail) }),
      mediaReconnected: (mediaEpoch) => this.emit("mediaReconnected", { mediaEpoch }),
    });
    this.#apply(state);
    this.#quality = new RoomQualityReporter(quality, () => this.#media.connections(this.#self.userId), (sample) => this.emit("quality", sample));
  }

  /** This client as a member (role, granted bits). */
  get self(): LiveMember {
    return this.#self;
  }

  /** The video parameters of this client's role. */
  get video(): VideoParams {
    return this.#video;
  }

  /** The members by user id, as of the last event. */
  get members(): ReadonlyMap<string, LiveMember> {
    return this.#members;
  }

  /** The room's likes and viewers, as of entering or the last `countersChanged`. */
  get counters(): RoomCounters {
    return this.#counters;
  }

  /** True until the client leaves the room. */
  get isEntered(): boolean {
    return !this.#ended;
  }

  /** The sources this client is publishing. */
  get published(): TrackSource[] {
    return this.#media.published;
  }

  /**
   * How many times the room's media has moved to another node (its node was lost or drained; 0 for a room that never
   * moved). Each move reconnects this client's media there and raises `mediaReconnected`.
   */
  get mediaEpoch(): number {
    return this.#media.epoch;
  }

  /**
   * How many times this client's media path died (the browser marked a connection `disconnected`) and was started again
   * on new connections (options.restartDeadMedia). Each restart raises `mediaReconnected` with the same `mediaEpoch`.
   */
  get mediaRestarts(): number {
    return this.#media.restarts;
  }

  // ---- membership ------------------------------------------------------------------------------------------------

  /** Changes this member's role (and with it auth bits and video parameters). */
  async changeRole(controlRole: string): Promise<void> {
    if (typeof controlRole !== "string") {
      throw LiveError.iLive(ILiveErrorCode.NullPointer, "controlRole is not a string");
    }

    if (controlRole.length === 0) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, "controlRole is empty");
    }

    await this.#change("role", { case: "changeRole", value: { controlRole } });
  }

  /** Changes this member's auth bits within what its role or privateMapKey grants (a new privateMapKey may widen that). */
  async changeAuthority(authBits: number, privateMapKey = ""): Promise<void> {
    if (!Number.isInteger(authBits) || authBits < 0) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, `authBits ${authBits} is not a non-negative whole number`);
    }

    await this.#change("authority", { case: "changeAuthority", value: { authBits: BigInt(authBits), privateMapKey } });
  }

  /** Fetches the member list from the server (and adopts it). */
  getMembers(): Promise<LiveMember[]> {
    return this.#request({ case: "getMembers", value: {} }, "members", (list) => this.#replaceMembers(list.members));
  }

  /** One member, fresh from the server (10010 when no such user is in the room). */
  async getMember(userId: string): Promise<LiveMember> {
    requireUser(userId);
    const list = await this.#request({ case: "getMembers", value: { userIds: [userId] } }, "members");
    const member = list.members[0];
    if (member === undefined) {
      throw LiveError.av(AVErrorCode.ServerEndpointNotExist, `${userId} is not in room ${this.id}`);
    }

    return memberFromWire(member);
  }

  /** Leaves the room; the owner leaving dismisses it for everyone. */
  async quit(): Promise<void> {
    this.#ensureEntered();
    return this.#host.quitRoom();
  }

  /** Dismisses the room (owner only: 10003 otherwise); the members get `ended` with `dismissed`. */
  async dismiss(): Promise<void> {
    this.#ensureEntered();
    return this.#host.dismissRoom();
  }

  // ---- IM ----------------------------------------------------------------------------------------------------------

  /** Sends a message to the room's group (stored unless `onlineOnly`). */
  async sendMessage(message: LiveMessage | string, options?: SendOptions): Promise<SentMessage> {
    this.#ensureEntered();
    return this.#host.sendMessage(Conversation.inGroup(this.groupId), message, options);
  }

  /**
   * Sends a custom command (iLiveSDK's sendGroupCustomCmd: `{"userAction":cmd,"actionParam":param}`) to the room's
   * connected members, never stored; they get `command` (and `message`, as for every group message). The co-host
   * commands the server originates (0x703, 0x704, 0x706, 0x707, 0x7f0) are refused with 10003.
   */
  async sendCommand(userAction: number, actionParam = ""): Promise<void> {
    await this.sendMessage(LiveMessage.command(userAction, actionParam), { onlineOnly: true });
  }

  /** History of the room's group, newest first. */
  async getMessages(options?: { count?: number; beforeSeq?: number }): Promise<ReceivedMessage[]> {
    return this.#host.getMessages(Conversation.inGroup(this.groupId), options);
  }

  // ---- live show (iLiveSDK's TILLiveManager) ---------------------------------------------------------------------

  /** (Owner) invites a member to co-host (1801 when it cannot be invited; 10003 when not the owner). */
  async inviteCoHost(userId: string, options?: { expireSeconds?: number }): Promise<void> {
    requireUser(userId);
    await this.#request({ case: "inviteCoHost", value: { userId, expireSeconds: Math.ceil(options?.expireSeconds ?? 0) } }, "ok");
    this.#pendingInvites.add(userId);
  }

  /** (Owner) withdraws an open invitation (8022 when there is none). */
  async cancelCoHostInvite(userId: string): Promise<void> {
    requireUser(userId);
    await this.#request({ case: "cancelCoHostInvite", value: { userId } }, "ok");
    this.#pendingInvites.delete(userId);
  }

  /** Accepts the open invitation and becomes a co-host (role `coHostRole`, default LiveGuest) in one step (1802 when there is none). */
  async acceptCoHostInvite(coHostRole = ""): Promise<void> {
    await this.#request({ case: "answerCoHostInvite", value: { accept: true, coHostRole } }, "room", (state) => this.#apply(state));
    this.#pendingInvitationFrom = undefined;
  }

  /** Refuses the open invitation (1803 when there is none). */
  async rejectCoHostInvite(): Promise<void> {
    await this.#request({ case: "answerCoHostInvite", value: { accept: false } }, "ok");
    this.#pendingInvitationFrom = undefined;
  }

  /** (Invitee) the owner whose co-host invitation is open for this member; undefined when none. */
  get pendingCoHostInvitation(): string | undefined {
    return this.#pendingInvitationFrom;
  }

  /** (Owner) the members it invited to co-host who have not answered yet (neither cancelled nor expired). */
  get pendingCoHostInvites(): readonly string[] {
    return [...this.#pendingInvites];
  }

  /** Becomes a video member (TILLiveManager's upToVideoMember): changes role to `role`. */
  async upToVideoMember(role = "LiveGuest"): Promise<void> {
    return this.changeRole(role);
  }

  /** Goes back to the audience (TILLiveManager's downToVideoMember): changes role to `role`. */
  async downToNormalMember(role = "Guest"): Promise<void> {
    return this.changeRole(role);
  }

  /** (Owner) removes a member; it gets `ended` with the reason (10006), the others an OUT event. */
  async kickMember(userId: string, reason = ""): Promise<void> {
    requireUser(userId);
    await this.#request({ case: "kickMember", value: { userId, reason } }, "ok");
  }

  /** (Owner) mutes a member's room chat for `seconds` (0 unmutes); its group messages then fail with 10003. */
  async muteMember(userId: string, seconds: number): Promise<void> {
    requireUser(userId);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, `seconds ${seconds} is not a duration`);
    }

    await this.#request({ case: "muteMember", value: { userId, seconds: Math.ceil(seconds) } }, "ok");
  }

  /**
   * Likes the show `count` times (batch a burst of clicks into one call); everyone, this member too, sees it in
   * `countersChanged`. 8021 when `count` is not a whole number from 1 to 100; 1201 when not in the room.
   */
  async sendLikes(count = 1): Promise<void> {
    if (!Number.isInteger(count) || count < 1 || count > maxLikesPerRequest) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, `a like request carries 1 to ${maxLikesPerRequest} likes, not ${count}`);
    }

    await this.#request({ case: "sendLikes", value: { count } }, "ok");
  }

  // ---- push and record (iLiveSDK's startPushStream / stopPushStream / startRecordVideo / stopRecordVideo) ------------

  /**
   * Starts a channel: live HLS and/or RTMP push and/or a recording of a member's stream. 10003 without the right (the
   * owner's, or what the server's egress policy grants); 10010 the member is not in the room; 1401/1402 it may not send
   * that stream; 8021 a bad option; 8023 an output OpenLive does not produce, or egress not enabled; 10005 a channel limit.
   */
  async startPushStream(option: PushStreamOption = {}): Promise<PushStreamRsp> {
    const value = {
      pushDataType: option.pushDataType ?? PushDataType.Camera,
      encode: option.encode ?? StreamEncode.Hls,
      recordFileType: option.recordFileType ?? RecordFileType.None,
      onlyPushAudio: option.onlyPushAudio ?? false,
      recordId: option.recordId ?? "",
      userId: option.userId ?? "",
    };
    return this.#request({ case: "startPushStream", value: { option: value } }, "pushStream", pushStreamRsp);
  }

  /** Stops channels (1 to 16 ids; all or none: 8022 when one is unknown). */
  async stopPushStream(channelIds: readonly bigint[]): Promise<void> {
    await this.#request({ case: "stopPushStream", value: { channelIds: [...channelIds] } }, "ok");
  }

  /** Starts a recording of a member's stream; stopRecordVideo stops it (8021 for a file name with path parts). */
  async startRecordVideo(option: RecordOption = {}): Promise<PushStreamRsp> {
    const value = {
      recordDataType: option.recordDataType ?? PushDataType.Camera,
      fileName: option.fileName ?? "",
      classId: option.classId ?? 0,
      userId: option.userId ?? "",
    };
    return this.#request({ case: "startRecordVideo", value: { option: value } }, "pushStream", pushStreamRsp);
  }

  /** Stops the recordings this client started with startRecordVideo and answers their file ids (8022 when none run). */
  async stopRecordVideo(): Promise<string[]> {
    return this.#request({ case: "stopRecordVideo", value: {} }, "recordFiles", (files) => [...files.fileIds]);
  }

  // ---- media -------------------------------------------------------------------------------------------------------

  /**
   * Publishes tracks on the publisher connection (created at the first call): each source gets a sendonly m-line,
   * the offer goes to the server as `Publish`, and its answer is applied. Calling again adds or replaces tracks.
   * 10003 without the source's send bit; 8002 when no RTCPeerConnection is available.
   */
  async publish(options: PublishOptions): Promise<void> {
    this.#ensureEntered();
    return this.#media.publish(options);
  }

  /** Stops publishing a source (its m-line goes inactive; the others see NO_* events). */
  async unpublish(source: TrackSource): Promise<void> {
    this.#ensureEntered();
    await this.#media.unpublish(source);
  }

  /**
   * The video views to receive, replacing the previous list (iLiveSDK requestViewList). Audio is received from every
   * publishing member. 1401 member not sending, 1402 no video of that source, 10003 without the receive bit.
   */
  async requestViews(views: readonly View[]): Promise<void> {
    const wire = views.map((view) => {
      requireUser(view.userId);
      if (view.source !== "camera" && view.source !== "screen") {
        throw LiveError.iLive(ILiveErrorCode.InvalidParam, `a view's source is "camera" or "screen", not "${String(view.source)}"`);
      }

      return { userId: view.userId, source: trackSourceToWire(view.source), quality: videoQualityToWire(view.quality) };
    });
    await this.#request({ case: "requestViews", value: { views: wire } }, "ok");
  }

  /** Receives no video views any more (iLiveSDK cancelAllView; auto-received camera video stops too). */
  async cancelViews(): Promise<void> {
    await this.#request({ case: "cancelViews", value: {} }, "ok");
  }

  /** This client's media as the server sees it: per track, packets, bitrates, losses, layers. */
  async getMediaStats(): Promise<MediaStats> {
    return mediaStatsFromWire(await this.#request({ case: "getMediaStats", value: {} }, "mediaStats"));
  }

  // ---- from the client -------------------------------------------------------------------------------------------

  /** @internal A member event push. */
  handleMemberEvent(push: WireMemberEvent): void {
    const out = push.eventId === MemberEventId.Out;
    const members = push.members.map(memberFromWire);
    for (const member of members) {
      if (out) {
        this.#members.delete(member.userId);
      } else {
        this.#members.set(member.userId, member);
      }
    }

    const outReason = out && push.outReason >= MemberOutReason.Left && push.outReason <= MemberOutReason.Dropped ? (push.outReason as MemberOutReason) : undefined;
    this.emit("memberEvent", { eventId: push.eventId as MemberEventId, members, outReason });
  }

  /** @internal A member-updated push. */
  handleMemberUpdated(push: WireMemberUpdated): void {
    if (push.member === undefined) {
      return;
    }

    const member = memberFromWire(push.member);
    this.#members.set(member.userId, member);
    if (member.userId === this.#self.userId) {
      this.#self = member;
    }

    this.emit("memberUpdated", { member });
  }

  /** @internal A counters push. */
  handleCounters(push: RoomCountersChanged): void {
    if (push.counters !== undefined) {
      this.#counters = countersFromWire(push.counters);
    }

    this.emit("countersChanged", { counters: this.#counters, likesAdded: push.likesAdded, lastLiker: push.lastLiker });
  }

  /** @internal A message to the room's group. */
  handleMessage(message: ReceivedMessage): void {
    this.emit("message", { message });
    const command = message.command;
    if (command !== undefined) {
      this.emit("command", { sender: message.sender, command });
    }
  }

  /** @internal A live command from another member (co-host invitations). */
  handleLiveCommand(from: string, command: number): void {
    const event = { userId: from, accepted: command === LiveCommandIds.Agree };
    switch (command) {
      case LiveCommandIds.Invite:
        this.#pendingInvitationFrom = from;
        this.emit("coHostInvited", event);
        break;
      case LiveCommandIds.InviteCancel:
        this.#pendingInvitationFrom = undefined;
        this.emit("coHostInviteCanceled", event);
        break;
      case LiveCommandIds.Agree:
      case LiveCommandIds.Reject:
        this.#pendingInvites.delete(from);
        this.emit("coHostAnswered", event);
        break;
      case LiveCommandIds.InviteExpired:
        // To the invitee the parameter is the owner, to the owner the invitee: clear whichever side this is.
        if (this.#pendingInvitationFrom === from) {
          this.#pendingInvitationFrom = undefined;
        }

        this.#pendingInvites.delete(from);
        this.emit("coHostInviteExpired", event);
        break;
    }
  }

  /** @internal The server's offer for the subscriber connection. */
  handleSubscriberOffer(offer: SubscriberOffer): void {
    if (!this.#ended) {
      this.#media.handleOffer(offer);
    }
  }

  /** @internal A MediaReset push: the room's media moved to another node (see {@link LiveRoom.mediaEpoch}). */
  handleMediaReset(mediaEpoch: number): void {
    if (!this.#ended) {
      this.#media.reset(mediaEpoch);
    }
  }

  /** @internal After a resume: adopt the server's state and report who came and went while the client was away. */
  refresh(state: RoomState): void {
    const before = new Map(this.#members);
    const countersBefore = this.#counters;
    this.#apply(state);
    // The room's media moved while the client was away (its node was lost): connect again (nothing when it did not).
    this.handleMediaReset(state.mediaEpoch);
    if (this.#counters.likes !== countersBefore.likes || this.#counters.viewers !== countersBefore.viewers) {
      // What changed while away, as one change (the likes in between have no liker to name).
      this.emit("countersChanged", { counters: this.#counters, likesAdded: Math.max(0, this.#counters.likes - countersBefore.likes), lastLiker: "" });
    }

    const arrived = [...this.#members.values()].filter((member) => !before.has(member.userId));
    const departed = [...before.values()].filter((member) => !this.#members.has(member.userId));
    if (arrived.length > 0) {
      this.emit("memberEvent", { eventId: MemberEventId.In, members: arrived });
    }

    if (departed.length > 0) {
      this.emit("memberEvent", { eventId: MemberEventId.Out, members: departed });
    }
  }

  /**
   * The client's own view of its media now (iLiveSDK's getQualityData): the same snapshot as the `quality` event,
   * measured since the last periodic one (which it repeats when asked within 100 ms of it). 1201 after leaving.
   */
  async getStats(): Promise<RoomQuality> {
    this.#ensureEntered();
    const quality = await this.#quality.current();
    this.#ensureEntered();
    return quality;
  }

  /** @internal Marks the room left and closes its media; raises `ended` unless the client left on purpose. */
  end(reason: RoomEnded | undefined): void {
    if (this.#ended) {
      return;
    }

    this.#ended = true;
    this.#quality.stop();
    this.#media.close();
    if (reason !== undefined) {
      this.emit("ended", reason);
      this.#host.roomEnded(this, reason);
    }
  }

  // ---- internals ---------------------------------------------------------------------------------------------------

  /** A request while in the room; `apply` adopts what the answer says before the pushes behind it are handled. */
  async #request<C extends ServerBodyCase, R = ServerBodyValue<C>>(body: ClientBody, expected: C, apply?: (value: ServerBodyValue<C>) => R): Promise<R> {
    this.#ensureEntered();
    return this.#host.request(body, expected, apply);
  }

  async #change(kind: PendingChange, body: ClientBody): Promise<void> {
    this.#ensureEntered();
    if (this.#pendingChange !== undefined) {
      throw this.#pendingChange === kind
        ? LiveError.av(AVErrorCode.RepeatedOperation, "the same change is already in progress")
        : LiveError.av(AVErrorCode.ExclusiveOperation, "another role or authority change is in progress");
    }

    this.#pendingChange = kind;
    try {
      await this.#host.request(body, "room", (state) => this.#apply(state));
    } finally {
      this.#pendingChange = undefined;
    }
  }

  #ensureEntered(): void {
    if (this.#ended) {
      throw LiveError.av(AVErrorCode.RoomNotExist, `no longer in room ${this.id}`);
    }
  }

  #apply(state: RoomState): void {
    if (state.self !== undefined) {
      this.#self = memberFromWire(state.self);
    }

    const previous = this.#video;
    this.#video = {
      width: state.video?.width ?? 0,
      height: state.video?.height ?? 0,
      fps: state.video?.fps ?? 0,
      maxBitrateKbps: state.video?.maxBitrateKbps ?? 0,
    };
    const video = this.#video;
    const changed = video.width !== previous.width || video.height !== previous.height || video.fps !== previous.fps
      || video.maxBitrateKbps !== previous.maxBitrateKbps;
    if (changed) {
      this.#media.applyRoleVideo();
    }
    this.#replaceMembers(state.members);
    if (state.counters !== undefined) {
      this.#counters = countersFromWire(state.counters);
    }
  }

  #replaceMembers(wires: readonly Member[]): LiveMember[] {
    const members = wires.map(memberFromWire);
    this.#members.clear();
    for (const member of members) {
      this.#members.set(member.userId, member);
    }

    return members;
  }
}

function pushStreamRsp(wire: WirePushStreamRsp): PushStreamRsp {
  return {
    channelId: wire.channelId,
    urls: wire.urls.map((url) => ({ encodeType: url.encodeType, url: url.url, rateType: url.rateType })),
    fileIds: [...wire.fileIds],
  };
}

function requireUser(userId: string): void {
  if (typeof userId !== "string") {
    throw LiveError.iLive(ILiveErrorCode.NullPointer, "userId is not a string");
  }

  if (userId.length === 0) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "userId is empty");
  }
}

function asLiveError(error: unknown, detail: string): LiveError {
  return error instanceof LiveError ? error : LiveError.iLive(ILiveErrorCode.SdkFailed, `${detail}: ${error instanceof Error ? error.message : String(error)}`, error);
}

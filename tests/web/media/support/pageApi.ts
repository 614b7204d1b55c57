// What the test page (page/harness.ts, in Chromium) offers the tests (ChromiumPage.ts, in Node), and what it reports.
// Types only: both sides import them; values cross the page boundary as JSON.

/** A refusal as the SDK reported it (LiveError's module, code and detail). */
export interface Refusal {
  readonly module: string;
  readonly code: number;
  readonly detail: string;
}

/** The outcome of a call the test expects may be refused. */
export type Outcome = { readonly ok: true } | ({ readonly ok: false } & Refusal);

/** A member event as the page saw it. */
export interface SeenMemberEvent {
  readonly eventId: number;
  readonly userIds: readonly string[];
  /** ms since the page loaded. */
  readonly at: number;
}

/** A remote track as the page saw it (SDK's remoteTrack event). */
export interface SeenTrack {
  readonly userId: string;
  readonly source: string;
  readonly kind: string;
  readonly mid: string;
}

/** A page's view of its room's media moving to another node (a cluster node's loss). */
export interface FailoverSeen {
  /** The room's `mediaEpoch` (0 when not in a room). */
  readonly mediaEpoch: number;
  /** The epochs of the room's `mediaReconnected` events, in order. */
  readonly mediaReconnected: readonly number[];
  /** The room's `mediaRestarts`: how often its dead media path was started again (0 when not in a room). */
  readonly mediaRestarts: number;
  /** True when the room raised `ended`. */
  readonly roomEnded: boolean;
  /** True while the page's client is in its room. */
  readonly inRoom: boolean;
  /** The client's connection state. */
  readonly connectionState: string;
}

/** Everything the page has observed so far. */
export interface Observed {
  readonly events: readonly SeenMemberEvent[];
  readonly tracks: readonly SeenTrack[];
  readonly removed: readonly SeenTrack[];
  readonly mediaErrors: readonly string[];
}

/** A received video (inbound-rtp, kind video) with the member it comes from. */
export interface InboundVideo {
  /** Which of the page's peer connections it arrives on, in the order they were created (a new one after the room's media moved). */
  readonly connection: number;
  readonly mid: string;
  readonly userId: string;
  readonly codec: string;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly framesReceived: number;
  readonly framesDecoded: number;
  readonly framesDropped: number;
  readonly keyFramesDecoded: number;
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly freezeCount: number;
  readonly nackCount: number;
  readonly pliCount: number;
  readonly retransmittedPacketsReceived: number;
  /** Frames decoded per second over the browser's last second. */
  readonly framesPerSecond: number;
}

/** A received audio (inbound-rtp, kind audio). */
export interface InboundAudio {
  readonly mid: string;
  readonly userId: string;
  readonly codec: string;
  readonly packetsReceived: number;
  readonly audioLevel: number;
  readonly totalAudioEnergy: number;
  readonly totalSamplesReceived: number;
}

/** A sent video (outbound-rtp, kind video). */
export interface OutboundVideo {
  /** The simulcast encoding's rid ("" without simulcast). */
  readonly rid: string;
  readonly framesEncoded: number;
  readonly framesPerSecond: number;
  /** Why the encoder sends less than asked: "none", "cpu", "bandwidth" or "other". */
  readonly qualityLimitationReason: string;
  /** The encoder's target bitrate in bit/s. */
  readonly targetBitrate: number;
  readonly bytesSent: number;
  readonly framesSent: number;
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly nackCount: number;
  readonly retransmittedPacketsSent: number;
}

/** The page's WebRTC stats, summarized over its peer connections. */
export interface RtcSummary {
  readonly inboundVideo: readonly InboundVideo[];
  readonly inboundAudio: readonly InboundAudio[];
  readonly outboundVideo: readonly OutboundVideo[];
  readonly outboundAudioPackets: number;
  /** The sending connection's bandwidth estimate (candidate pair availableOutgoingBitrate), 0 before one. */
  readonly availableOutgoingBitrate: number;
}

/** A `<video>` element playing a remote track. */
export interface VideoElementState {
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly currentTime: number;
}

/** A track in the server's media stats (the SDK's TrackStats, source as text). */
export interface ServerTrackStats {
  readonly direction: string;
  readonly userId: string;
  readonly source: string;
  readonly codec: string;
  readonly packets: number;
  readonly nacks: number;
  readonly packetsLost: number;
  /** The simulcast layer forwarded (0 = lowest), -1 when not simulcast. */
  readonly layer: number;
}

/** What to publish from the page's fake devices. */
export interface PublishRequest {
  readonly audio: boolean;
  readonly camera: boolean;
  readonly width?: number;
  readonly height?: number;
  /** Send the camera as three simulcast layers (SDK's PublishOptions.simulcast). */
  readonly simulcast?: boolean;
  /** Put this codec first in the offer (e.g. "h264"); Chromium's own order (VP8 first) when absent. */
  readonly videoCodec?: string;
}

/** What the SDK's devices and device test did with Chromium's fake devices. */
export interface DeviceCheck {
  readonly cameras: number;
  readonly microphones: number;
  readonly cameraLabels: boolean;
  /** The preview's video size while the device test ran. */
  readonly previewWidth: number;
  /** The highest microphone level read during the test (the fake microphone beeps). */
  readonly maxLevel: number;
  /** Codes as "MODULE CODE": stop with no test, start twice, enter a room during the test, an unknown camera. */
  readonly codes: readonly string[];
  /** Every tested track ended after stop. */
  readonly stopped: boolean;
}

/** The ICE candidate pair a peer connection selected (getStats: the transport's selectedCandidatePairId). */
export interface SelectedPair {
  /** The candidate pair's state ("succeeded" once media may flow). */
  readonly state: string;
  /** host, srflx, prflx or relay. */
  readonly localType: string;
  readonly remoteType: string;
  /** udp or tcp: the local candidate's protocol (for a relay, towards the TURN server: relayProtocol). */
  readonly protocol: string;
  /** For a relay candidate: udp, tcp or tls to the TURN server; "" otherwise. */
  readonly relayProtocol: string;
  /** "address:port" of each candidate. */
  readonly localAddress: string;
  readonly remoteAddress: string;
  /** The remote candidate's address and port apart. */
  readonly remoteHost: string;
  readonly remotePort: number;
  /** Same as protocol (the local candidate's transport). */
  readonly localProtocol: string;
  /** "active" for Chromium's TCP candidates; "" for UDP. */
  readonly localTcpType: string;
  readonly remoteProtocol: string;
  readonly bytesReceived: number;
}

/** A started egress channel: iLiveSDK's PushStreamRsp, the uint64 channel id as text. */
export interface EgressAnswer {
  readonly channelId: string;
  readonly urls: ReadonlyArray<{ readonly encodeType: number; readonly url: string }>;
  readonly fileIds: readonly string[];
}

/** The test page's API, `window.harness`. */
export interface PageHarness {
  /**
   * Logs in; `rtcConfiguration` becomes the SDK's LiveClientOptions.rtcConfiguration when given, `fallbackServerUrls`
   * its LiveClientOptions.fallbackServerUrls.
   */
  login(serverUrl: string, sdkAppId: number, userId: string, userSig: string, rtcConfiguration?: object, fallbackServerUrls?: readonly string[], deadMediaTimeoutMs?: number): Promise<void>;
  /** The room's media epoch, and what the page saw of its room's media moving to another node. */
  failover(): FailoverSeen;
  /** The ICE servers the login issued (the SDK's LiveClient.iceServers). */
  iceServers(): ReadonlyArray<{ readonly urls: string; readonly username?: string }>;
  /** The selected candidate pair of each open peer connection (one entry per connection that has one). */
  selectedPairs(): Promise<SelectedPair[]>;
  /** Lists the fake devices, runs the SDK's device test (preview + microphone level) and its error cases; logged in, in no room. */
  checkDevices(roomId: number): Promise<DeviceCheck>;
  /** Creates a room as its host; `qualityIntervalMs` is the SDK's option (its default when not given). */
  createRoom(roomId: number, qualityIntervalMs?: number): Promise<void>;
  /** Joins as `controlRole` (Guest: audience, LiveGuest: co-host), receiving camera video automatically. */
  joinRoom(roomId: number, controlRole: string, qualityIntervalMs?: number): Promise<void>;
  /** Changes this member's role; the new role's video parameters. */
  changeRole(controlRole: string): Promise<{ width: number; height: number; fps: number; maxBitrateKbps: number }>;
  /** The room's `quality` events so far, in order. */
  qualityEvents(): readonly QualitySeen[];
  /** The room's getStats() (quality data on demand). */
  roomQuality(): Promise<QualitySeen>;
  /** The room's auth bits for this member. */
  authBits(): number;
  publish(request: PublishRequest): Promise<Outcome>;
  unpublish(source: "audio" | "camera"): Promise<void>;
  /** Asks for `userId`'s camera at a simulcast quality (SDK's requestViews). */
  requestView(userId: string, quality: "auto" | "low" | "medium" | "high"): Promise<void>;
  observed(): Observed;
  rtcStats(): Promise<RtcSummary>;
  /** The `<video>` playing `userId`'s camera, or undefined before its track arrived. */
  video(userId: string): VideoElementState | undefined;
  mediaStats(): Promise<ServerTrackStats[]>;
  /** iLiveSDK's startRecordVideo for this member's camera and microphone: the channel (id as text) and its file ids. */
  startRecordVideo(): Promise<EgressAnswer>;
  /** Stops this client's recordings; their file ids. */
  stopRecordVideo(): Promise<string[]>;
  /** iLiveSDK's startPushStream with `encode` (StreamEncode: 1 HLS, 5 RTMP, 6 both). */
  startPushStream(encode: number): Promise<EgressAnswer>;
  stopPushStream(channelIds: readonly string[]): Promise<void>;
  /** Plays an HLS playlist (a URL) through hls.js in a `<video>` of its own, as a mass-audience page would. */
  playHls(url: string): Promise<void>;
  /** The hls.js player's `<video>`, with hls.js's fatal error if one happened. */
  hlsVideo(): VideoElementState & { readonly error: string | null };
  /** Calls users (one: makeCall, several: makeGroupCall) with `type` 1 audio / 2 video; enters the call's room. The call id. */
  makeCall(userIds: readonly string[], type: number, ringTimeoutSeconds?: number): Promise<string>;
  /** Accepts a ringing call and enters its room. */
  acceptCall(callId: string): Promise<void>;
  /** Refuses a ringing call. */
  refuseCall(callId: string): Promise<void>;
  /** Hangs up the current call (the sponsor before an answer: a cancel). */
  hangUp(): Promise<void>;
  /** What this page saw of calls: invitations, ends (with codes), and the current call. */
  calls(): CallsSeen;
  /** Leaves the room and logs out (errors ignored). */
  leave(): Promise<void>;
}

/** What a page saw of calls. */
export interface CallsSeen {
  readonly incoming: readonly { readonly callId: string; readonly sponsorId: string; readonly type: number; readonly isGroup: boolean }[];
  readonly ended: readonly { readonly callId: string; readonly code: number; readonly byUserId: string | null }[];
  readonly current: { readonly callId: string; readonly established: boolean; readonly members: readonly { readonly userId: string; readonly state: number }[] } | null;
}

/** One quality snapshot (the SDK's RoomQuality, as JSON crosses from the page). */
export interface QualitySeen {
  readonly at: number;
  readonly intervalMs: number;
  readonly sendKbps: number;
  readonly receiveKbps: number;
  readonly upLoss: number;
  readonly downLoss: number;
  readonly rttMs?: number | undefined;
  readonly jitterMs: number;
  readonly tracks: ReadonlyArray<{
    readonly direction: "send" | "receive";
    readonly userId: string;
    readonly source: string;
    readonly kbps: number;
    readonly fps: number;
    readonly width: number;
    readonly height: number;
    readonly loss: number;
    readonly rttMs?: number | undefined;
    readonly jitterMs: number;
  }>;
}

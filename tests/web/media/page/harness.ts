// The test page's script (bundled with the SDK for the browser by tests/web/run.mjs): a LiveClient driven by the tests
// through `window.harness`. It plays every remote track in an element, as an app would (Chromium decodes audio only for
// tracks that play), records what the SDK reports, and summarizes getStats() of the SDK's peer connections.
import Hls from "hls.js";
import { LiveClient, LiveError, type LiveCall, type LiveRoom, type PushStreamRsp, type StreamEncode } from "@openlive/sdk";
import type {
  CallsSeen,
  DeviceCheck,
  EgressAnswer,
  FailoverSeen,
  InboundAudio,
  InboundVideo,
  Observed,
  OutboundVideo,
  PageHarness,
  PublishRequest,
  QualitySeen,
  RtcSummary,
  SelectedPair,
  SeenMemberEvent,
  SeenTrack,
  ServerTrackStats,
  VideoElementState,
} from "../support/pageApi.js";

const peers: RTCPeerConnection[] = [];

/** The SDK's peer connections, recorded for getStats(). */
// The video codec this page's publications prefer (PublishRequest.videoCodec); undefined: Chromium's order (VP8 first).
let preferredVideoCodec: string | undefined;

/** Puts the preferred codec first on every sending video transceiver (the SDK has no codec option). */
function preferVideoCodec(peer: RTCPeerConnection): void {
  if (preferredVideoCodec === undefined) {
    return;
  }

  const codecs = RTCRtpSender.getCapabilities("video")?.codecs ?? [];
  const preferred = codecs.filter((c) => c.mimeType.toLowerCase() === `video/${preferredVideoCodec}` && !/packetization-mode=0/.test(c.sdpFmtpLine ?? ""));
  for (const transceiver of peer.getTransceivers()) {
    if (transceiver.receiver.track.kind === "video" && transceiver.direction !== "recvonly" && preferred.length > 0) {
      transceiver.setCodecPreferences([...preferred, ...codecs.filter((c) => !preferred.includes(c))]);
    }
  }
}

class RecordedPeerConnection extends RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    peers.push(this);
    const createOffer = this.createOffer.bind(this) as (options?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit>;
    this.createOffer = ((options?: RTCOfferOptions) => {
      preferVideoCodec(this);
      return createOffer(options);
    }) as RTCPeerConnection["createOffer"];
  }
}

const events: SeenMemberEvent[] = [];
const tracks: SeenTrack[] = [];
const removed: SeenTrack[] = [];
const mediaErrors: string[] = [];
const mediaReconnected: number[] = [];
let roomEnded = false;
const videos = new Map<string, HTMLVideoElement>();
let client: LiveClient | undefined;
let room: LiveRoom | undefined;
let local: MediaStream | undefined;
let hlsElement: HTMLVideoElement | undefined;
let hlsError: string | null = null;
let call: LiveCall | undefined;
const callsIncoming: CallsSeen["incoming"][number][] = [];
const callsEnded: CallsSeen["ended"][number][] = [];

function egressAnswer(rsp: PushStreamRsp): EgressAnswer {
  return { channelId: rsp.channelId.toString(), urls: rsp.urls.map((url) => ({ encodeType: url.encodeType, url: url.url })), fileIds: [...rsp.fileIds] };
}

function requireRoom(): LiveRoom {
  if (room === undefined) {
    throw new Error("not in a room");
  }

  return room;
}

/** The room's quality events, in order. */
const qualityEvents: QualitySeen[] = [];

function watch(entered: LiveRoom): void {
  room = entered;
  entered.on("memberEvent", (event) => events.push({ eventId: event.eventId, userIds: event.members.map((member) => member.userId), at: performance.now() }));
  entered.on("mediaError", ({ error }) => mediaErrors.push(`${error.module} ${error.code} ${error.detail ?? error.message}`));
  entered.on("quality", (quality) => qualityEvents.push(quality));
  entered.on("mediaReconnected", ({ mediaEpoch }) => mediaReconnected.push(mediaEpoch));
  entered.on("ended", () => {
    roomEnded = true;
  });
  entered.on("remoteTrackRemoved", (track) => removed.push({ userId: track.userId, source: track.source, kind: "", mid: track.mid }));
  entered.on("remoteTrack", (remote) => {
    const track = remote.track as MediaStreamTrack;
    tracks.push({ userId: remote.userId, source: remote.source, kind: track.kind, mid: remote.mid });
    const element = document.createElement(track.kind === "video" ? "video" : "audio");
    element.autoplay = true;
    element.setAttribute("playsinline", "");
    element.muted = track.kind === "video";
    element.srcObject = new MediaStream([track]);
    element.dataset["user"] = remote.userId;
    element.dataset["source"] = remote.source;
    document.body.append(element);
    void element.play().catch(() => undefined);
    if (element instanceof HTMLVideoElement && remote.source === "camera") {
      videos.set(remote.userId, element);
    }
  });
}

function labelOf(mid: unknown): SeenTrack | undefined {
  return typeof mid === "string" ? [...tracks].reverse().find((track) => track.mid === mid) : undefined;
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

async function rtcStats(): Promise<RtcSummary> {
  const inboundVideo: InboundVideo[] = [];
  const inboundAudio: InboundAudio[] = [];
  const outboundVideo: OutboundVideo[] = [];
  let outboundAudioPackets = 0;
  let availableOutgoingBitrate = 0;
  for (const [connection, peer] of peers.entries()) {
    if (peer.connectionState === "closed") {
      continue;
    }

    const report = new Map<string, Record<string, unknown>>();
    (await peer.getStats()).forEach((entry: Record<string, unknown>, id: string) => report.set(id, entry));
    const codecOf = (id: unknown): string => (typeof id === "string" ? String(report.get(id)?.["mimeType"] ?? "") : "");
    report.forEach((entry) => {
      const label = labelOf(entry["mid"]);
      if (entry["type"] === "inbound-rtp" && entry["kind"] === "video") {
        inboundVideo.push({
          connection,
          mid: String(entry["mid"] ?? ""),
          userId: label?.userId ?? "",
          codec: codecOf(entry["codecId"]),
          packetsReceived: num(entry["packetsReceived"]),
          packetsLost: num(entry["packetsLost"]),
          framesReceived: num(entry["framesReceived"]),
          framesDecoded: num(entry["framesDecoded"]),
          framesDropped: num(entry["framesDropped"]),
          keyFramesDecoded: num(entry["keyFramesDecoded"]),
          frameWidth: num(entry["frameWidth"]),
          frameHeight: num(entry["frameHeight"]),
          freezeCount: num(entry["freezeCount"]),
          nackCount: num(entry["nackCount"]),
          pliCount: num(entry["pliCount"]),
          retransmittedPacketsReceived: num(entry["retransmittedPacketsReceived"]),
          framesPerSecond: num(entry["framesPerSecond"]),
        });
      } else if (entry["type"] === "inbound-rtp" && entry["kind"] === "audio") {
        inboundAudio.push({
          mid: String(entry["mid"] ?? ""),
          userId: label?.userId ?? "",
          codec: codecOf(entry["codecId"]),
          packetsReceived: num(entry["packetsReceived"]),
          audioLevel: num(entry["audioLevel"]),
          totalAudioEnergy: num(entry["totalAudioEnergy"]),
          totalSamplesReceived: num(entry["totalSamplesReceived"]),
        });
      } else if (entry["type"] === "outbound-rtp" && entry["kind"] === "video") {
        outboundVideo.push({
          rid: String(entry["rid"] ?? ""),
          framesEncoded: num(entry["framesEncoded"]),
          framesPerSecond: num(entry["framesPerSecond"]),
          qualityLimitationReason: String(entry["qualityLimitationReason"] ?? ""),
          targetBitrate: num(entry["targetBitrate"]),
          bytesSent: num(entry["bytesSent"]),
          framesSent: num(entry["framesSent"]),
          frameWidth: num(entry["frameWidth"]),
          frameHeight: num(entry["frameHeight"]),
          nackCount: num(entry["nackCount"]),
          retransmittedPacketsSent: num(entry["retransmittedPacketsSent"]),
        });
      } else if (entry["type"] === "outbound-rtp" && entry["kind"] === "audio") {
        outboundAudioPackets += num(entry["packetsSent"]);
      } else if (entry["type"] === "candidate-pair" && entry["nominated"] === true && entry["state"] === "succeeded") {
        availableOutgoingBitrate = Math.max(availableOutgoingBitrate, num(entry["availableOutgoingBitrate"]));
      }
    });
  }

  return { inboundVideo, inboundAudio, outboundVideo, outboundAudioPackets, availableOutgoingBitrate };
}

/** Each open peer connection's selected candidate pair (none before ICE connects), with both candidates' types and protocols. */
async function selectedPairs(): Promise<SelectedPair[]> {
  const pairs: SelectedPair[] = [];
  for (const peer of peers) {
    if (peer.connectionState === "closed") {
      continue;
    }

    const report = new Map<string, Record<string, unknown>>();
    (await peer.getStats()).forEach((entry: Record<string, unknown>, id: string) => report.set(id, entry));
    for (const transport of [...report.values()].filter((entry) => entry["type"] === "transport")) {
      const pair = report.get(String(transport["selectedCandidatePairId"] ?? ""));
      const local = report.get(String(pair?.["localCandidateId"] ?? ""));
      const remote = report.get(String(pair?.["remoteCandidateId"] ?? ""));
      if (local !== undefined && remote !== undefined) {
        pairs.push({
          state: String(pair?.["state"] ?? ""),
          localType: String(local["candidateType"] ?? ""),
          remoteType: String(remote["candidateType"] ?? ""),
          protocol: String(local["protocol"] ?? ""),
          localProtocol: String(local["protocol"] ?? ""),
          localTcpType: String(local["tcpType"] ?? ""),
          remoteProtocol: String(remote["protocol"] ?? ""),
          bytesReceived: num(pair?.["bytesReceived"]),
          relayProtocol: String(local["relayProtocol"] ?? ""),
          localAddress: `${String(local["address"] ?? "")}:${String(local["port"] ?? "")}`,
          remoteAddress: `${String(remote["address"] ?? "")}:${String(remote["port"] ?? "")}`,
          remoteHost: String(remote["address"] ?? ""),
          remotePort: num(remote["port"]),
        });
      }
    }
  }

  return pairs;
}

const harness: PageHarness = {
  async startRecordVideo() {
    return egressAnswer(await requireRoom().startRecordVideo({}));
  },

  async stopRecordVideo() {
    return requireRoom().stopRecordVideo();
  },

  async startPushStream(encode) {
    return egressAnswer(await requireRoom().startPushStream({ encode: encode as StreamEncode }));
  },

  async stopPushStream(channelIds) {
    await requireRoom().stopPushStream(channelIds.map((id) => BigInt(id)));
  },

  async playHls(url) {
    const element = document.createElement("video");
    element.muted = true;
    element.autoplay = true;
    element.setAttribute("playsinline", "");
    element.dataset["source"] = "hls";
    document.body.append(element);
    hlsElement = element;
    const player = new Hls();
    player.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) {
        hlsError = `${data.type}: ${data.details}`;
      }
    });
    player.on(Hls.Events.MANIFEST_PARSED, () => void element.play().catch(() => undefined));
    player.loadSource(url);
    player.attachMedia(element);
  },

  hlsVideo() {
    return { videoWidth: hlsElement?.videoWidth ?? 0, videoHeight: hlsElement?.videoHeight ?? 0, currentTime: hlsElement?.currentTime ?? 0, error: hlsError };
  },

  async login(serverUrl, sdkAppId, userId, userSig, rtcConfiguration, fallbackServerUrls, deadMediaTimeoutMs) {
    // Arguments left out arrive as null through page.evaluate: pass only those given.
    client = new LiveClient({
      serverUrl, sdkAppId, RTCPeerConnection: RecordedPeerConnection, rtcConfiguration: rtcConfiguration ?? undefined,
      fallbackServerUrls: fallbackServerUrls ?? undefined, deadMediaTimeoutMs: deadMediaTimeoutMs ?? undefined,
    });
    client.on("incomingCall", ({ invitation }) => callsIncoming.push({ callId: invitation.callId.toString(), sponsorId: invitation.sponsorId, type: invitation.type, isGroup: invitation.isGroup }));
    client.on("callEnded", (ended) => callsEnded.push({ callId: ended.callId.toString(), code: ended.code, byUserId: ended.byUserId ?? null }));
    await client.login(userId, userSig);
  },

  iceServers() {
    return (client?.iceServers ?? []).map((server) => ({ urls: server.urls, username: server.username }));
  },

  selectedPairs,

  async checkDevices(roomId): Promise<DeviceCheck> {
    if (client === undefined) {
      throw new Error("log in first");
    }

    const codes: string[] = [];
    const code = async (call: () => Promise<unknown>): Promise<void> => {
      try {
        await call();
        codes.push("ok");
      } catch (error) {
        codes.push(error instanceof LiveError ? `${error.module} ${error.code}` : String(error));
      }
    };
    await code(() => client!.deviceTest.stop());
    const tracks = await client.deviceTest.start();
    const preview = document.createElement("video");
    preview.muted = true;
    preview.autoplay = true;
    preview.srcObject = new MediaStream([tracks.camera as MediaStreamTrack]);
    document.body.append(preview);
    let maxLevel = 0;
    const until = Date.now() + 5000;
    while (Date.now() < until && (preview.videoWidth === 0 || maxLevel === 0)) {
      maxLevel = Math.max(maxLevel, client.deviceTest.microphoneLevel());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const previewWidth = preview.videoWidth;
    await code(() => client!.deviceTest.start());
    await code(() => client!.joinRoom(roomId, { controlRole: "Guest" }));
    await client.deviceTest.stop();
    preview.remove();
    const stopped = [tracks.camera, tracks.microphone].every((track) => (track as MediaStreamTrack).readyState === "ended");
    await code(() => client!.devices.openCamera({ deviceId: "no-such-camera" }));
    const cameras = await client.devices.getCameras();
    const microphones = await client.devices.getMicrophones();
    return { cameras: cameras.length, microphones: microphones.length, cameraLabels: cameras.every((camera) => camera.label.length > 0), previewWidth, maxLevel, codes, stopped };
  },

  async makeCall(userIds, type, ringTimeoutSeconds) {
    if (client === undefined) {
      throw new Error("log in first");
    }

    const options = { type: type as 1 | 2, ...(ringTimeoutSeconds === undefined ? {} : { ringTimeoutSeconds }) };
    call = userIds.length === 1 ? await client.makeCall(userIds[0]!, options) : await client.makeGroupCall(userIds, options);
    watch(call.room);
    return call.callId.toString();
  },

  async acceptCall(callId) {
    if (client === undefined) {
      throw new Error("log in first");
    }

    call = await client.acceptCall(BigInt(callId));
    watch(call.room);
  },

  async refuseCall(callId) {
    await client?.refuseCall(BigInt(callId));
  },

  async hangUp() {
    await call?.hangUp();
  },

  calls() {
    const current = client?.currentCall;
    return {
      incoming: callsIncoming,
      ended: callsEnded,
      current: current === undefined ? null : {
        callId: current.callId.toString(),
        established: current.isEstablished,
        members: current.members.map((member) => ({ userId: member.userId, state: member.state })),
      },
    };
  },

  async createRoom(roomId, qualityIntervalMs) {
    if (client === undefined) {
      throw new Error("log in first");
    }

    watch(await client.createRoom(roomId, { controlRole: "LiveMaster", ...(qualityIntervalMs === undefined ? {} : { qualityIntervalMs }) }));
  },

  async changeRole(controlRole) {
    if (room === undefined) {
      throw new Error("enter a room first");
    }

    await room.changeRole(controlRole);
    return room.video;
  },

  async joinRoom(roomId, controlRole, qualityIntervalMs) {
    if (client === undefined) {
      throw new Error("log in first");
    }

    watch(await client.joinRoom(roomId, { controlRole, autoRequestCamera: true, ...(qualityIntervalMs === undefined ? {} : { qualityIntervalMs }) }));
  },

  qualityEvents() {
    return qualityEvents;
  },

  async roomQuality() {
    return await requireRoom().getStats();
  },

  authBits() {
    return requireRoom().self.authBits;
  },

  async publish(request: PublishRequest) {
    const entered = requireRoom();
    if (local === undefined) {
      local = await navigator.mediaDevices.getUserMedia({
        audio: request.audio,
        video: request.camera ? { width: request.width ?? 640, height: request.height ?? 360 } : false,
      });
      // A preview of what is sent, for screenshots after a failure.
      const preview = document.createElement("video");
      preview.muted = true;
      preview.autoplay = true;
      preview.srcObject = local;
      preview.dataset["source"] = "local";
      document.body.append(preview);
    }

    preferredVideoCodec = request.videoCodec;
    try {
      await entered.publish({ audio: local.getAudioTracks()[0], camera: local.getVideoTracks()[0], streams: [local], simulcast: request.simulcast === true });
      return { ok: true };
    } catch (error) {
      if (error instanceof LiveError) {
        return { ok: false, module: error.module, code: error.code, detail: error.detail ?? error.message };
      }

      throw error;
    }
  },

  async unpublish(source) {
    await requireRoom().unpublish(source);
  },

  async requestView(userId, quality) {
    await requireRoom().requestViews([{ userId, source: "camera", quality }]);
  },

  failover(): FailoverSeen {
    return {
      mediaEpoch: room?.mediaEpoch ?? 0,
      mediaReconnected,
      mediaRestarts: room?.mediaRestarts ?? 0,
      roomEnded,
      inRoom: room?.isEntered ?? false,
      connectionState: client?.state ?? "disconnected",
    };
  },

  observed(): Observed {
    return { events, tracks, removed, mediaErrors };
  },

  rtcStats,

  video(userId): VideoElementState | undefined {
    const element = videos.get(userId);
    return element === undefined ? undefined : { videoWidth: element.videoWidth, videoHeight: element.videoHeight, currentTime: element.currentTime };
  },

  async mediaStats(): Promise<ServerTrackStats[]> {
    const stats = await requireRoom().getMediaStats();
    return stats.tracks.map((track) => ({
      direction: track.direction,
      userId: track.userId,
      source: track.source ?? "",
      codec: track.codec,
      packets: track.packets,
      nacks: track.nacks,
      packetsLost: track.packetsLost,
      layer: track.layer,
    }));
  },

  async leave() {
    try {
      await room?.quit();
    } catch {
      // Already out.
    }

    try {
      await client?.logout();
    } catch {
      // Already logged out.
    }

    for (const track of local?.getTracks() ?? []) {
      track.stop();
    }
  },
};

(window as unknown as { harness: PageHarness }).harness = harness;

import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from "werift";
import { LiveClient, type LiveRoom, type PeerConnectionConstructor } from "@openlive/sdk";
import type { LoopbackStun } from "../../sdk/support/LoopbackStun.js";
import { hostWebSocket, type RealServer } from "../../sdk/support/RealServer.js";
import { isVp8KeyframeStart, renumberVp8, vp8KeyframeSize } from "./vp8.js";

/** RTP a werift subscriber got on one track. */
export interface ReceivedRtp {
  readonly userId: string;
  readonly source: string;
  readonly kind: string;
  /** The negotiated codec's MIME type (video/VP8, audio/opus). */
  readonly codec: string;
  readonly packets: number;
  /** VP8 keyframes whose first packet arrived. */
  readonly keyframes: number;
}

/** One VP8 frame's RTP payloads, in order (the last one carried the marker). */
export type Vp8Frame = readonly Buffer[];

interface TrackRecord {
  userId: string;
  source: string;
  kind: string;
  codec: string;
  packets: number;
  keyframes: number;
}

/** Frames kept from the first keyframe on: 1.5 s at 30 fps, replayed in a loop (so a keyframe every 1.5 s). */
const recordedFrames = 45;

/**
 * A werift peer (pure JS, in this process) on the SDK: it receives what the SFU offers and counts the RTP of each track,
 * records VP8 frames from a keyframe on, and publishes such a recording as camera video (werift cannot encode, so a
 * recording made from another stack's encoder is replayed with fresh sequence numbers, timestamps and picture ids).
 * ICE runs on loopback only, with the loopback STUN server for werift's gathering.
 */
export class WeriftPeer {
  readonly client: LiveClient;
  readonly #records: TrackRecord[] = [];
  readonly #recordings = new Map<string, Buffer[][]>();
  readonly #peers: RTCPeerConnection[];
  readonly #keyframeAsked = new Map<MediaStreamTrack, number>();
  #room: LiveRoom | undefined;
  #replay: ReturnType<typeof setInterval> | undefined;
  #recordSize: { width: number; height: number } | undefined;

  private constructor(client: LiveClient, peers: RTCPeerConnection[]) {
    this.client = client;
    this.#peers = peers;
  }

  static async login(server: RealServer, userId: string, userSig: string, stun: LoopbackStun): Promise<WeriftPeer> {
    const loopbackOnly = {
      bundlePolicy: "max-bundle",
      iceServers: [{ urls: stun.url }],
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: "127.0.0.1" },
      iceAdditionalHostAddresses: ["127.0.0.1"],
      iceFilterCandidatePair: (pair: { localCandidate: { host: string }; remoteCandidate: { host: string } }) =>
        pair.localCandidate.host === "127.0.0.1" && pair.remoteCandidate.host === "127.0.0.1",
    };
    // The SDK creates the peer connections; keep them, so the recording can ask for a keyframe (a PLI) on a receiver.
    const peers: RTCPeerConnection[] = [];
    class TrackedPeerConnection extends RTCPeerConnection {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        peers.push(this);
      }
    }

    const client = new LiveClient({
      serverUrl: server.url,
      sdkAppId: server.sdkAppId,
      WebSocket: hostWebSocket(),
      RTCPeerConnection: TrackedPeerConnection as unknown as PeerConnectionConstructor,
      rtcConfiguration: loopbackOnly,
    });
    await client.login(userId, userSig);
    return new WeriftPeer(client, peers);
  }

  get room(): LiveRoom {
    if (this.#room === undefined) {
      throw new Error("not in a room");
    }

    return this.#room;
  }

  /** Joins with `controlRole` (and a privateMapKey, which a sending role in someone else's room needs), receiving camera video automatically. */
  async join(roomId: number, controlRole: string, privateMapKey?: string): Promise<void> {
    this.#watch(await this.client.joinRoom(roomId, { controlRole, autoRequestCamera: true, ...(privateMapKey === undefined ? {} : { privateMapKey }) }));
  }

  /**
   * Records only from a keyframe of this size: a browser's encoder starts a camera smaller and scales it up when its
   * bandwidth estimate allows, each size change a new keyframe, so a recording from the first keyframe may be smaller
   * than the camera.
   */
  recordOnly(size: { width: number; height: number }): void {
    this.#recordSize = size;
  }

  /** What arrived so far, per track. */
  received(): ReceivedRtp[] {
    return this.#records.map((record) => ({ ...record }));
  }

  /** The VP8 frames recorded from `userId`'s camera (from its first keyframe; complete once it holds 45). */
  recording(userId: string): Vp8Frame[] {
    return [...(this.#recordings.get(userId) ?? [])];
  }

  /** Publishes `frames` as camera video, looping at 30 fps. */
  async publishVp8(frames: readonly Vp8Frame[]): Promise<void> {
    if (frames.length === 0) {
      throw new Error("nothing to replay");
    }

    const track = new MediaStreamTrack({ kind: "video" });
    await this.room.publish({ camera: track });
    let sequence = 1;
    let timestamp = 90_000;
    let frameNumber = 1;
    let next = 0;
    this.#replay = setInterval(() => {
      const frame = frames[next] ?? [];
      next = (next + 1) % frames.length;
      frame.forEach((payload, index) => {
        const copy = Buffer.from(payload);
        renumberVp8(copy, frameNumber);
        const header = new RtpHeader({ payloadType: 96, sequenceNumber: sequence, timestamp, marker: index === frame.length - 1 });
        track.writeRtp(new RtpPacket(header, copy));
        sequence = (sequence + 1) & 0xffff;
      });
      timestamp = (timestamp + 3000) >>> 0;
      frameNumber = (frameNumber + 1) & 0x7fff;
    }, 33);
  }

  async close(): Promise<void> {
    if (this.#replay !== undefined) {
      clearInterval(this.#replay);
    }

    try {
      await this.#room?.quit();
    } catch {
      // Already out.
    }

    try {
      await this.client.stop();
    } catch {
      // Already stopped.
    }
  }

  /** Sends a PLI for `ssrc` on the receiver of `track`, at most every 500 ms per track. */
  #askKeyframe(track: MediaStreamTrack, ssrc: number): void {
    const now = Date.now();
    if (now - (this.#keyframeAsked.get(track) ?? 0) < 500) {
      return;
    }

    this.#keyframeAsked.set(track, now);
    const receiver = this.#peers.flatMap((peer) => peer.getTransceivers()).map((transceiver) => transceiver.receiver)
      .find((candidate) => candidate.tracks.includes(track));
    void receiver?.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  #watch(room: LiveRoom): void {
    this.#room = room;
    const seen = new Set<MediaStreamTrack>();
    room.on("remoteTrack", (remote) => {
      const track = remote.track as unknown as MediaStreamTrack;
      // werift fires ontrack again for unchanged m-lines when a re-offer arrives, and the SDK passes that on: one
      // record per track.
      if (seen.has(track)) {
        return;
      }

      seen.add(track);
      const record: TrackRecord = { userId: remote.userId, source: remote.source, kind: track.kind, codec: track.codec?.mimeType ?? "", packets: 0, keyframes: 0 };
      this.#records.push(record);
      let frame: Buffer[] | undefined;
      let lastSequence: number | undefined;
      track.onReceiveRtp.subscribe((packet) => {
        record.packets++;
        record.codec ||= track.codec?.mimeType ?? "";
        if (record.codec.toLowerCase() !== "video/vp8") {
          return;
        }

        let keyframe = isVp8KeyframeStart(packet.payload);
        if (keyframe) {
          record.keyframes++;
          const size = vp8KeyframeSize(packet.payload);
          const wanted = this.#recordSize;
          if (wanted !== undefined && (size?.width !== wanted.width || size.height !== wanted.height)) {
            // Another size: not a start for the recording, and the end of one in progress (the frames after it are
            // of that size).
            keyframe = false;
            const started = this.#recordings.get(remote.userId);
            if (started !== undefined && started.length < recordedFrames) {
              started.length = 0;
            }

            frame = undefined;
          }
        }

        // Record whole frames from the first keyframe on, in unbroken sequence: a packet lost, reordered or repaired
        // late (a loaded machine drops datagrams on loopback too) would make every later delta frame of the replay
        // undecodable, so a gap starts the recording again at the next keyframe.
        const previous = lastSequence;
        lastSequence = packet.header.sequenceNumber;
        const recording = this.#recordings.get(remote.userId) ?? [];
        if (recording.length >= recordedFrames) {
          return;
        }

        if ((recording.length > 0 || frame !== undefined) && previous !== undefined && packet.header.sequenceNumber !== ((previous + 1) & 0xffff)) {
          recording.length = 0;
          frame = undefined;
        }

        if (recording.length === 0 && frame === undefined && !keyframe) {
          // Waiting for a keyframe to (re)start from: ask for one, as a decoder that lost sync does (a publisher
          // sends keyframes only when asked). The SFU passes the request on, throttled.
          this.#askKeyframe(track, packet.header.ssrc);
          return;
        }

        this.#recordings.set(remote.userId, recording);
        frame ??= [];
        frame.push(Buffer.from(packet.payload));
        if (packet.header.marker) {
          recording.push(frame);
          frame = undefined;
        }
      });
    });
  }
}

import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import {
  setDirection,
  type MediaTrackLike,
  type PeerConnectionLike,
  type RtpTransceiverLike,
  type TransceiverInitLike,
} from "../platform/rtc.js";
import { CandidateBuffer } from "./CandidateBuffer.js";
import { collectStats } from "./collectStats.js";
import type { SampledConnection } from "./QualitySampler.js";
import type { PublishOptions } from "./PublishOptions.js";
import { cameraEncodings } from "./roleEncodings.js";
import type { VideoParams } from "./VideoParams.js";
import type { MediaSignaling } from "./MediaSignaling.js";
import { SerialQueue } from "./SerialQueue.js";
import { trackSources, type TrackSource } from "./TrackSource.js";
import { trackSourceToWire } from "./trackSourceWire.js";

/** A track that reports its end (the browser's MediaStreamTrack does). */
interface EndEvents {
  addEventListener?(type: "ended", listener: () => void): void;
  removeEventListener?(type: "ended", listener: () => void): void;
}

const kindOf: Readonly<Record<TrackSource, string>> = { audio: "audio", camera: "video", screen: "video" };

/**
 * The publisher connection: one sendonly transceiver per source on a peer connection this client offers. Every change
 * is a (re-)offer sent as `Publish` with the m-line -> source mapping; the server's `PublishAnswer` completes it.
 * Negotiations run one at a time.
 */
export class Publisher {
  /** A published track ended by itself (the user stopped sharing from the browser's bar, a camera was unplugged): it was unpublished. */
  onTrackEnded: (source: TrackSource) => void = () => {};

  readonly #signaling: MediaSignaling;
  /** The ended-listener on each published track, to remove when the track is replaced or unpublished. */
  readonly #endWatches = new Map<TrackSource, () => void>();
  readonly #queue = new SerialQueue();
  readonly #transceivers = new Map<TrackSource, RtpTransceiverLike>();
  readonly #candidates: CandidateBuffer;
  readonly #roleVideo: () => VideoParams;
  /** The camera track being sent, whose frame size the role's limits are worked out from. */
  #camera: MediaTrackLike | undefined;
  #peer: PeerConnectionLike | undefined;
  #closed = false;

  /** `roleVideo` gives the member's role's video parameters (they change with the role). */
  constructor(signaling: MediaSignaling, roleVideo: () => VideoParams) {
    this.#signaling = signaling;
    this.#roleVideo = roleVideo;
    this.#candidates = new CandidateBuffer((candidate) => signaling.trickle(candidate, false));
  }

  /** The sources being sent. */
  get published(): TrackSource[] {
    return trackSources.filter((source) => this.#transceivers.get(source)?.direction === "sendonly");
  }

  /** Adds or replaces tracks and negotiates (see {@link PublishOptions}). */
  publish(options: PublishOptions): Promise<void> {
    const tracks = trackSources
      .map((source) => [source, options[source]] as const)
      .filter((entry): entry is readonly [TrackSource, MediaTrackLike] => entry[1] !== undefined && entry[1] !== null);
    if (tracks.length === 0) {
      return Promise.reject(LiveError.iLive(ILiveErrorCode.InvalidParam, "nothing to publish: give an audio, camera or screen track"));
    }

    for (const [source, track] of tracks) {
      if (track.kind !== kindOf[source]) {
        return Promise.reject(LiveError.iLive(ILiveErrorCode.InvalidParam, `the ${source} track is of kind "${track.kind}", not "${kindOf[source]}"`));
      }
    }

    return this.#queue.run(async () => {
      this.#ensureOpen();
      const peer = this.#ensurePeer();
      const added: RtpTransceiverLike[] = [];
      for (const [source, track] of tracks) {
        this.#watchEnd(source, track);
        if (source === "camera") {
          this.#camera = track;
        }

        const existing = this.#transceivers.get(source);
        if (existing !== undefined) {
          await existing.sender.replaceTrack(track);
          setDirection(existing, "sendonly");
          if (source === "camera") {
            await this.#limitCamera();
          }

          continue;
        }

        const init: TransceiverInitLike = { direction: "sendonly" };
        if (options.streams !== undefined) {
          init.streams = [...options.streams];
        }

        // The role's frame size, frame rate and bitrate (iLiveSDK applied its Spear role configuration the same way).
        const encodings = source === "camera" ? cameraEncodings(track, this.#roleVideo(), options.simulcast === true) : undefined;
        if (encodings !== undefined) {
          init.sendEncodings = encodings;
        }

        const transceiver = peer.addTransceiver(track, init);
        this.#transceivers.set(source, transceiver);
        added.push(transceiver);
      }

      try {
        await this.#negotiate(peer);
      } catch (error) {
        // Refused (e.g. 10003 without the send bit): what this call added stops sending; the m-lines stay for reuse.
        for (const transceiver of added) {
          await transceiver.sender.replaceTrack(null).catch(() => undefined);
          setDirection(transceiver, "inactive");
        }

        for (const [source] of tracks) {
          if (this.#transceivers.get(source)?.direction !== "sendonly") {
            this.#unwatchEnd(source);
          }
        }

        await peer.setLocalDescription({ type: "rollback" }).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Applies the role's video parameters again to the camera being sent (after a role change); no renegotiation. */
  applyRoleVideo(): Promise<void> {
    return this.#queue.run(() => this.#limitCamera());
  }

  async #limitCamera(): Promise<void> {
    const sender = this.#transceivers.get("camera")?.sender;
    const camera = this.#camera;
    if (sender?.getParameters === undefined || sender.setParameters === undefined || camera === undefined) {
      return; // A Node WebRTC library without send parameters: it sends what it is given.
    }

    const parameters = sender.getParameters();
    const wanted = cameraEncodings(camera, this.#roleVideo(), parameters.encodings.length > 1);
    if (wanted === undefined || wanted.length !== parameters.encodings.length) {
      return;
    }

    parameters.encodings.forEach((encoding, i) => {
      const limits = wanted[i];
      // Absent from the wanted limits means none (full size for a scale): delete rather than leave the previous role's.
      for (const key of ["scaleResolutionDownBy", "maxBitrate", "maxFramerate"] as const) {
        if (limits?.[key] === undefined) {
          delete encoding[key];
        } else {
          encoding[key] = limits[key];
        }
      }
    });
    await sender.setParameters(parameters);
  }

  /** Stops sending a source: the transceiver goes inactive without a track, and the change is negotiated. */
  unpublish(source: TrackSource): Promise<void> {
    return this.#queue.run(async () => {
      this.#ensureOpen();
      await this.#stopSending(source);
    });
  }

  async #stopSending(source: TrackSource): Promise<void> {
    this.#unwatchEnd(source);
    const transceiver = this.#transceivers.get(source);
    if (this.#peer === undefined || transceiver === undefined || transceiver.direction === "inactive") {
      return;
    }

    await transceiver.sender.replaceTrack(null);
    setDirection(transceiver, "inactive");
    await this.#negotiate(this.#peer);
  }

  /** The connection's stats with the sent m-lines labelled (quality data); undefined before the first publish. */
  async stats(userId: string): Promise<SampledConnection | undefined> {
    const peer = this.#peer;
    if (peer === undefined || typeof peer.getStats !== "function") {
      return undefined;
    }

    const labels = new Map<string, { userId: string; source: TrackSource }>();
    for (const [source, transceiver] of this.#transceivers) {
      if (transceiver.direction === "sendonly" && typeof transceiver.mid === "string") {
        labels.set(transceiver.mid, { userId, source });
      }
    }

    return { direction: "send", stats: await collectStats(peer.getStats()), labels };
  }

  /** Closes the connection (the room ended). */
  close(): void {
    this.#closed = true;
    for (const source of [...this.#endWatches.keys()]) {
      this.#unwatchEnd(source);
    }

    this.#transceivers.clear();
    const peer = this.#peer;
    this.#peer = undefined;
    if (peer !== undefined) {
      peer.onicecandidate = null;
      void Promise.resolve(peer.close()).catch(() => undefined);
    }
  }

  async #negotiate(peer: PeerConnectionLike): Promise<void> {
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    const sdp = peer.localDescription?.sdp ?? offer.sdp ?? "";
    const tracks = [...this.#transceivers]
      .filter(([, transceiver]) => typeof transceiver.mid === "string" && transceiver.mid.length > 0)
      .map(([source, transceiver]) => ({ mid: transceiver.mid ?? "", source: trackSourceToWire(source) }));
    const answer = await this.#signaling.request({ case: "publish", value: { sdp, tracks } }, "publishAnswer");
    this.#ensureOpen();
    await peer.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    this.#candidates.release();
  }

  /** Unpublishes `source` when `track` ends by itself (tracks without events, e.g. Node libraries', are not watched). */
  #watchEnd(source: TrackSource, track: MediaTrackLike): void {
    this.#unwatchEnd(source);
    const events = track as MediaTrackLike & EndEvents;
    if (typeof events.addEventListener !== "function") {
      return;
    }

    const onEnded = (): void => {
      // Queued behind other changes; by then the source may carry another track (or none): leave that alone.
      void this.#queue.run(async () => {
        if (this.#closed || this.#endWatches.get(source) !== stop) {
          return;
        }

        try {
          await this.#stopSending(source);
        } finally {
          this.onTrackEnded(source);
        }
      }).catch(() => undefined); // a failed renegotiation: the track is gone anyway
    };
    const stop = (): void => events.removeEventListener?.("ended", onEnded);
    events.addEventListener("ended", onEnded);
    this.#endWatches.set(source, stop);
  }

  #unwatchEnd(source: TrackSource): void {
    const stop = this.#endWatches.get(source);
    this.#endWatches.delete(source);
    stop?.();
  }

  #ensurePeer(): PeerConnectionLike {
    if (this.#peer === undefined) {
      const peer = this.#signaling.createPeerConnection();
      peer.onicecandidate = (event) => this.#candidates.add(event.candidate?.candidate);
      this.#peer = peer;
    }

    return this.#peer;
  }

  #ensureOpen(): void {
    if (this.#closed) {
      throw LiveError.av(AVErrorCode.RoomNotExist, "the room has ended; its media connections are closed");
    }
  }
}

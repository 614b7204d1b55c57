import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import {
  setDirection,
  type MediaTrackLike,
  type PeerConnectionLike,
  type RtpEncodingLike,
  type RtpTransceiverLike,
  type TransceiverInitLike,
} from "../platform/rtc.js";
import { CandidateBuffer } from "./CandidateBuffer.js";
import type { PublishOptions } from "./PublishOptions.js";
import type { MediaSignaling } from "./MediaSignaling.js";
import { SerialQueue } from "./SerialQueue.js";
import { trackSources, type TrackSource } from "./TrackSource.js";
import { trackSourceToWire } from "./trackSourceWire.js";

/** Simulcast layers, lowest first, as the server's layer numbers count them. */
const simulcastEncodings: readonly RtpEncodingLike[] = [
  { rid: "q", scaleResolutionDownBy: 4 },
  { rid: "h", scaleResolutionDownBy: 2 },
  { rid: "f", scaleResolutionDownBy: 1 },
];

const kindOf: Readonly<Record<TrackSource, string>> = { audio: "audio", camera: "video", screen: "video" };

/**
 * The publisher connection: one sendonly transceiver per source on a peer connection this client offers. Every change
 * is a (re-)offer sent as `Publish` with the m-line -> source mapping; the server's `PublishAnswer` completes it.
 * Negotiations run one at a time.
 */
export class Publisher {
  readonly #signaling: MediaSignaling;
  readonly #queue = new SerialQueue();
  readonly #transceivers = new Map<TrackSource, RtpTransceiverLike>();
  readonly #candidates: CandidateBuffer;
  #peer: PeerConnectionLike | undefined;
  #closed = false;

  constructor(signaling: MediaSignaling) {
    this.#signaling = signaling;
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
        const existing = this.#transceivers.get(source);
        if (existing !== undefined) {
          await existing.sender.replaceTrack(track);
          setDirection(existing, "sendonly");
          continue;
        }

        const init: TransceiverInitLike = { direction: "sendonly" };
        if (options.streams !== undefined) {
          init.streams = [...options.streams];
        }

        if (source === "camera" && options.simulcast === true) {
          init.sendEncodings = simulcastEncodings.map((encoding) => ({ ...encoding }));
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

        await peer.setLocalDescription({ type: "rollback" }).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Stops sending a source: the transceiver goes inactive without a track, and the change is negotiated. */
  unpublish(source: TrackSource): Promise<void> {
    return this.#queue.run(async () => {
      this.#ensureOpen();
      const transceiver = this.#transceivers.get(source);
      if (this.#peer === undefined || transceiver === undefined || transceiver.direction === "inactive") {
        return;
      }

      await transceiver.sender.replaceTrack(null);
      setDirection(transceiver, "inactive");
      await this.#negotiate(this.#peer);
    });
  }

  /** Closes the connection (the room ended). */
  close(): void {
    this.#closed = true;
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

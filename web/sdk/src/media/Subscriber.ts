import type { SubscriberOffer } from "../gen/protocol.js";
import type { PeerConnectionLike, TrackEventLike } from "../platform/rtc.js";
import type { RemoteTrack, RemoteTrackRemoved } from "./RemoteTrack.js";
import { CandidateBuffer } from "./CandidateBuffer.js";
import { collectStats } from "./collectStats.js";
import type { SampledConnection } from "./QualitySampler.js";
import type { MediaSignaling } from "./MediaSignaling.js";
import { SerialQueue } from "./SerialQueue.js";
import type { TrackSource } from "./TrackSource.js";
import { trackSourceFromWire } from "./trackSourceWire.js";

interface Label {
  readonly userId: string;
  readonly source: TrackSource;
}

/**
 * The subscriber connection: the server offers it (`SubscriberOffer` pushes, each with a revision) whenever what this
 * client receives changes, and the client answers each offer, in order, with the same revision. The offer's
 * `ReceivedTrack`s label the m-lines, so arriving tracks are reported as (member, source).
 */
export class Subscriber {
  /** A labelled track arrived (or an m-line got a new label). */
  onRemoteTrack: (track: RemoteTrack) => void = () => {};

  /** An m-line stopped carrying a member's track. */
  onRemoteTrackRemoved: (removed: RemoteTrackRemoved) => void = () => {};

  readonly #signaling: MediaSignaling;
  readonly #queue = new SerialQueue();
  readonly #candidates: CandidateBuffer;
  #labels = new Map<string, Label>();
  /** Tracks reported by ontrack during the negotiation being handled, by mid. */
  #arrived = new Map<string, TrackEventLike>();
  #peer: PeerConnectionLike | undefined;
  #closed = false;

  /** The revision of the last offer answered (0 before the first). */
  answeredRevision = 0;

  constructor(signaling: MediaSignaling) {
    this.#signaling = signaling;
    this.#candidates = new CandidateBuffer((candidate) => signaling.trickle(candidate, true));
  }

  /** Answers a server offer after those before it; rejects when this one could not be answered. */
  handleOffer(offer: SubscriberOffer): Promise<void> {
    return this.#queue.run(() => this.#answer(offer));
  }

  /** The connection's stats with the received m-lines labelled (quality data); undefined before the first offer. */
  async stats(): Promise<SampledConnection | undefined> {
    const peer = this.#peer;
    if (peer === undefined || typeof peer.getStats !== "function") {
      return undefined;
    }

    return { direction: "receive", stats: await collectStats(peer.getStats()), labels: new Map(this.#labels) };
  }

  /**
   * Closes the connection because the room's media moved to another node: each track it received is reported removed
   * first (apps drop them; the new connection's tracks come as new `remoteTrack` events).
   */
  closeReportingRemoved(): void {
    const labels = [...this.#labels];
    this.close();
    for (const [mid, label] of labels) {
      this.onRemoteTrackRemoved({ userId: label.userId, source: label.source, mid });
    }
  }

  /** Closes the connection (the room ended). */
  close(): void {
    this.#closed = true;
    this.#labels.clear();
    const peer = this.#peer;
    this.#peer = undefined;
    if (peer !== undefined) {
      peer.onicecandidate = null;
      peer.ontrack = null;
      void Promise.resolve(peer.close()).catch(() => undefined);
    }
  }

  async #answer(offer: SubscriberOffer): Promise<void> {
    if (this.#closed) {
      return;
    }

    const peer = this.#ensurePeer();
    const before = this.#labels;
    const after = new Map<string, Label>();
    for (const track of offer.tracks) {
      const source = trackSourceFromWire(track.source);
      if (source !== undefined && track.mid.length > 0) {
        after.set(track.mid, { userId: track.userId, source });
      }
    }

    this.#labels = after;
    this.#arrived = new Map();
    await peer.setRemoteDescription({ type: "offer", sdp: offer.sdp });
    const answer = await peer.createAnswer();
    await peer.setLocalDescription(answer);
    const sdp = peer.localDescription?.sdp ?? answer.sdp ?? "";
    await this.#signaling.request({ case: "subscriberAnswer", value: { sdp, revision: offer.revision } }, "ok");
    this.answeredRevision = offer.revision;
    this.#candidates.release();
    if (!this.#closed) {
      this.#report(peer, before, after);
    }
  }

  /** Tells what changed: removed or relabelled m-lines first, then the tracks on new or relabelled ones. */
  #report(peer: PeerConnectionLike, before: ReadonlyMap<string, Label>, after: ReadonlyMap<string, Label>): void {
    for (const [mid, label] of before) {
      const now = after.get(mid);
      if (now === undefined || now.userId !== label.userId || now.source !== label.source) {
        this.onRemoteTrackRemoved({ userId: label.userId, source: label.source, mid });
      }
    }

    for (const [mid, label] of after) {
      const was = before.get(mid);
      const arrived = this.#arrived.get(mid);
      if (was !== undefined && was.userId === label.userId && was.source === label.source && arrived === undefined) {
        continue;
      }

      // ontrack fires only when an m-line starts receiving; a relabelled m-line keeps its track, found on its receiver.
      const track = arrived?.track ?? peer.getTransceivers().find((transceiver) => transceiver.mid === mid)?.receiver?.track;
      if (track !== undefined) {
        this.onRemoteTrack({ userId: label.userId, source: label.source, mid, track, streams: arrived?.streams ?? [] });
      }
    }

    this.#arrived = new Map();
  }

  #ensurePeer(): PeerConnectionLike {
    if (this.#peer === undefined) {
      const peer = this.#signaling.createPeerConnection();
      peer.onicecandidate = (event) => this.#candidates.add(event.candidate?.candidate);
      peer.ontrack = (event) => {
        const mid = event.transceiver?.mid;
        if (typeof mid === "string") {
          this.#arrived.set(mid, event);
        }
      };
      this.#peer = peer;
    }

    return this.#peer;
  }
}

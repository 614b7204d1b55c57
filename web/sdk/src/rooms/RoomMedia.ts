import type { SubscriberOffer } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { Backoff } from "../client/Backoff.js";
import { delay, type Clock } from "../platform/Clock.js";
import type { MediaStreamLike, MediaTrackLike, PeerConnectionLike } from "../platform/rtc.js";
import type { MediaSignaling } from "../media/MediaSignaling.js";
import { PathWatch } from "../media/PathWatch.js";
import { Publisher } from "../media/Publisher.js";
import type { PublishOptions } from "../media/PublishOptions.js";
import type { SampledConnection } from "../media/QualitySampler.js";
import type { RemoteTrack, RemoteTrackRemoved } from "../media/RemoteTrack.js";
import { Subscriber } from "../media/Subscriber.js";
import { trackSources, type TrackSource } from "../media/TrackSource.js";
import type { VideoParams } from "../media/VideoParams.js";

/** What the room's media tells its room (which raises the room's events). */
export interface RoomMediaEvents {
  remoteTrack(track: RemoteTrack): void;
  remoteTrackRemoved(removed: RemoteTrackRemoved): void;
  localTrackEnded(source: TrackSource): void;
  mediaError(error: unknown, detail: string): void;
  mediaReconnected(mediaEpoch: number): void;
}

/**
 * A room's media connections (the publisher and the subscriber) and the room's media epoch. A room's media lives on
 * one node; when that node is lost or drained the room comes back on another with its epoch bumped (a MediaReset push,
 * or a resumed login's room state). Every connection of the old epoch is then dead: the subscriber connection goes (its
 * tracks are reported removed; the server offers a new one of the new epoch) and what was published is published again,
 * with the same tracks and options, on a new publisher connection. The .NET SDK does the same (LiveRoom.MediaMove.cs).
 *
 * A connection whose path dies while signaling lives (the browser marks it `disconnected`: a NAT that forgot the
 * mapping, a network change) is restarted the same way within the epoch: the server is asked for new connections
 * (RestartMedia), closes the old ones and offers a new subscriber connection (a higher `connection` number), and what
 * was published is published again (LiveRoom.MediaRestart.cs in the .NET SDK).
 */
export class RoomMedia {
  readonly #signaling: MediaSignaling;
  readonly #roleVideo: () => VideoParams;
  readonly #clock: Clock;
  readonly #events: RoomMediaEvents;
  /** What the app published and still publishes, per source: what a new epoch publishes again. */
  readonly #tracks = new Map<TrackSource, MediaTrackLike>();
  #streams: readonly MediaStreamLike[] | undefined;
  #simulcast = false;
  #publisher: Publisher | undefined;
  #subscriber: Subscriber | undefined;
  #epoch: number;
  /** The epoch of the subscriber connection (an offer of a newer one needs a new connection). */
  #subscriberEpoch: number;
  /** Which of the member's subscriber connections in #subscriberEpoch the current one is (a restart makes a new one). */
  #subscriberConnection = 0;
  /** The signaling the connections are made with: each peer connection it creates has its path watched. */
  readonly #watched: MediaSignaling;
  #restarting = false;
  #restarts = 0;
  #closed = false;

  constructor(signaling: MediaSignaling, roleVideo: () => VideoParams, mediaEpoch: number, clock: Clock, events: RoomMediaEvents) {
    this.#signaling = signaling;
    this.#roleVideo = roleVideo;
    this.#clock = clock;
    this.#events = events;
    this.#epoch = mediaEpoch;
    this.#subscriberEpoch = mediaEpoch;
    this.#watched = {
      request: signaling.request.bind(signaling),
      trickle: signaling.trickle.bind(signaling),
      createPeerConnection: () => this.#watchPath(signaling.createPeerConnection()),
      restartsDeadMedia: signaling.restartsDeadMedia,
      deadMediaTimeoutMs: signaling.deadMediaTimeoutMs,
    };
  }

  /** How many times a dead media path was restarted (the epoch stays). */
  get restarts(): number {
    return this.#restarts;
  }

  /** How many times the room's media moved to another node. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The sources being sent. */
  get published(): TrackSource[] {
    return this.#publisher?.published ?? [];
  }

  async publish(options: PublishOptions): Promise<void> {
    const publisher = this.#publisher ?? this.#newPublisher();
    await publisher.publish(options);
    // Remembered once sent: a later epoch publishes the same again (a refused publish changes nothing).
    for (const source of trackSources) {
      const track = options[source];
      if (track !== undefined && track !== null) {
        if (source === "camera" && !this.#tracks.has("camera")) {
          this.#simulcast = options.simulcast === true;
        }

        this.#tracks.set(source, track);
      }
    }

    if (options.streams !== undefined) {
      this.#streams = options.streams;
    }
  }

  async unpublish(source: TrackSource): Promise<void> {
    this.#tracks.delete(source);
    await this.#publisher?.unpublish(source);
  }

  applyRoleVideo(): void {
    // A new role's limits apply to the camera already being sent; failing that, it keeps sending under the old ones.
    this.#publisher?.applyRoleVideo().catch(() => undefined);
  }

  /**
   * The server's offer for the subscriber connection: a new connection when the offer is for a newer one (a newer epoch,
   * or a higher connection number after a restart); not answered when it is for a connection already replaced (the
   * server has closed it).
   */
  handleOffer(offer: SubscriberOffer): void {
    if (this.#closed) {
      return;
    }

    const order = compareConnections([offer.mediaEpoch, offer.connection], [this.#subscriberEpoch, this.#subscriberConnection]);
    if (order < 0) {
      return;
    }

    if (order > 0) {
      this.#subscriberEpoch = offer.mediaEpoch;
      this.#subscriberConnection = offer.connection;
      this.#dropSubscriber();
    }

    if (this.#subscriber === undefined) {
      const subscriber = new Subscriber(this.#watched);
      subscriber.onRemoteTrack = (track) => this.#events.remoteTrack(track);
      subscriber.onRemoteTrackRemoved = (removed) => this.#events.remoteTrackRemoved(removed);
      this.#subscriber = subscriber;
    }

    this.#subscriber.handleOffer(offer).catch((error: unknown) => {
      if (!this.#closed) {
        this.#events.mediaError(error, `the subscriber offer (revision ${offer.revision}) could not be answered`);
      }
    });
  }

  /**
   * The server said the room's media moved (a push, or a resumed login's room state): connect again there. An epoch not
   * newer than the current one is nothing new (a repeated push, or a room that never moved).
   */
  reset(mediaEpoch: number): void {
    if (this.#closed || mediaEpoch <= this.#epoch) {
      return;
    }

    this.#epoch = mediaEpoch;
    // Offers are handled in the order they came: an offer of this epoch that came first has already replaced it.
    if (this.#subscriberEpoch < mediaEpoch) {
      this.#subscriberEpoch = mediaEpoch;
      this.#subscriberConnection = 0;
      this.#dropSubscriber();
    }

    void this.#republish(mediaEpoch);
  }

  /** The connections to sample for quality data. */
  async connections(selfUserId: string): Promise<SampledConnection[]> {
    const connections = await Promise.all([this.#publisher?.stats(selfUserId), this.#subscriber?.stats()]);
    return connections.filter((connection): connection is SampledConnection => connection !== undefined);
  }

  /** The room ended: every connection closes, and a republish in progress stops. */
  close(): void {
    this.#closed = true;
    this.#publisher?.close();
    this.#subscriber?.close();
  }

  #newPublisher(): Publisher {
    const publisher = new Publisher(this.#watched, this.#roleVideo);
    publisher.onTrackEnded = (source) => {
      this.#tracks.delete(source);
      this.#events.localTrackEnded(source);
    };
    this.#publisher = publisher;
    return publisher;
  }

  #watchPath(peer: PeerConnectionLike): PeerConnectionLike {
    if (this.#signaling.restartsDeadMedia) {
      // The watch lives as long as the connection (it hangs on its state-change handler and its own poll timer).
      const watch: PathWatch = new PathWatch(peer, this.#signaling.deadMediaTimeoutMs, this.#clock, () => void this.#restart(watch));
    }

    return peer;
  }

  /**
   * Asks for new media connections while `dead` is still dead (a path that comes back by itself stops it; closing it
   * for a newer epoch too), then publishes again. A refusal (8011: restarted under 2 s ago; 8012: reconnecting) is tried
   * again with backoff.
   */
  async #restart(dead: PathWatch): Promise<void> {
    if (this.#restarting || this.#closed) {
      return;
    }

    this.#restarting = true;
    try {
      const backoff = new Backoff();
      const epoch = this.#epoch;
      while (!this.#closed && this.#epoch === epoch && dead.dead) {
        const subscriber = [this.#subscriberEpoch, this.#subscriberConnection] as const;
        try {
          // Applied as the answer is read, in order with the pushes: a new offer that came first already replaced
          // the subscriber connection, and must not be dropped.
          await this.#signaling.request({ case: "restartMedia", value: {} }, "ok", () => this.#dropSubscriberUpTo(subscriber));
        } catch {
          await delay(this.#clock, backoff.next());
          continue;
        }

        if (this.#epoch !== epoch) {
          return; // the room's media moved meanwhile: the move connects everything again
        }

        this.#restarts++;
        await this.#republish(epoch);
        return;
      }
    } finally {
      this.#restarting = false;
    }
  }

  #dropSubscriberUpTo(restarted: readonly [number, number]): void {
    if (compareConnections([this.#subscriberEpoch, this.#subscriberConnection], restarted) <= 0) {
      this.#subscriberEpoch = restarted[0];
      this.#subscriberConnection = restarted[1] + 1;
      this.#dropSubscriber();
    }
  }

  /** The old subscriber connection's tracks end (reported removed, so apps drop them) and the connection closes. */
  #dropSubscriber(): void {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    subscriber?.closeReportingRemoved();
  }

  /**
   * Publishes again, on a new connection, what the old one sent (unless the app unpublished it), retrying with backoff
   * while `epoch` is current: the room's new node may not take it yet, or the client may be reconnecting.
   */
  async #republish(epoch: number): Promise<void> {
    // What the app published and still publishes — not what the old connection sends: a republish of an epoch that
    // moved again before it succeeded had sent nothing yet.
    const tracks = [...this.#tracks];
    this.#publisher?.close();
    this.#publisher = undefined;
    if (tracks.length === 0) {
      this.#events.mediaReconnected(epoch);
      return;
    }

    const options: PublishOptions = {
      ...Object.fromEntries(tracks),
      simulcast: this.#simulcast,
      ...(this.#streams === undefined ? {} : { streams: this.#streams }),
    };
    const backoff = new Backoff();
    while (this.#isCurrent(epoch)) {
      const publisher = this.#newPublisher();
      try {
        await publisher.publish(options);
        if (this.#isCurrent(epoch)) {
          this.#events.mediaReconnected(epoch);
        }

        return;
      } catch (error) {
        publisher.close();
        this.#forgetPublisher(publisher);

        if (!this.#isCurrent(epoch)) {
          return;
        }

        if (error instanceof LiveError && (error.is("ILiveSDK", ILiveErrorCode.InvalidParam) || error.is("AVSDK", AVErrorCode.ServerNoPermission))) {
          // Not worth another try (e.g. the role lost its send bit meanwhile): the app hears why, and publishes itself.
          this.#events.mediaError(error, "publishing again after the room's media moved failed");
          return;
        }

        await delay(this.#clock, backoff.next());
      }
    }
  }

  #forgetPublisher(publisher: Publisher): void {
    if (this.#publisher === publisher) {
      this.#publisher = undefined;
    }
  }

  #isCurrent(epoch: number): boolean {
    return !this.#closed && this.#epoch === epoch;
  }
}

/** Orders subscriber connections by (media epoch, connection number). */
function compareConnections(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

import type { SubscriberOffer } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { Backoff } from "../client/Backoff.js";
import { delay, type Clock } from "../platform/Clock.js";
import type { MediaStreamLike, MediaTrackLike } from "../platform/rtc.js";
import type { MediaSignaling } from "../media/MediaSignaling.js";
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
  #closed = false;

  constructor(signaling: MediaSignaling, roleVideo: () => VideoParams, mediaEpoch: number, clock: Clock, events: RoomMediaEvents) {
    this.#signaling = signaling;
    this.#roleVideo = roleVideo;
    this.#clock = clock;
    this.#events = events;
    this.#epoch = mediaEpoch;
    this.#subscriberEpoch = mediaEpoch;
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

  /** The server's offer for the subscriber connection: a new connection when the offer is of a newer epoch. */
  handleOffer(offer: SubscriberOffer): void {
    if (this.#closed) {
      return;
    }

    if (offer.mediaEpoch > this.#subscriberEpoch) {
      this.#subscriberEpoch = offer.mediaEpoch;
      this.#dropSubscriber();
    }

    if (this.#subscriber === undefined) {
      const subscriber = new Subscriber(this.#signaling);
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
    const publisher = new Publisher(this.#signaling, this.#roleVideo);
    publisher.onTrackEnded = (source) => {
      this.#tracks.delete(source);
      this.#events.localTrackEnded(source);
    };
    this.#publisher = publisher;
    return publisher;
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

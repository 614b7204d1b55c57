import type { ClientBody, ServerBodyCase, ServerBodyValue } from "../signaling/frames.js";
import type { PeerConnectionLike } from "../platform/rtc.js";

/** What the media connections need from their room: requests to the server, trickling, and peer connections. */
export interface MediaSignaling {
  /**
   * A request on the session's connection (rejects with the server's LiveError); `apply` runs as the answer is read,
   * before the frames behind it (see SignalingConnection.request).
   */
  request<C extends ServerBodyCase, R = ServerBodyValue<C>>(body: ClientBody, expected: C, apply?: (value: ServerBodyValue<C>) => R): Promise<R>;
  /** Sends one of our ICE candidates (optional for the ICE-lite server; failures are ignored). */
  trickle(candidate: string, subscriber: boolean): void;
  /** A new peer connection from the injected or global constructor (8002 when there is none). */
  createPeerConnection(): PeerConnectionLike;
  /** Whether a room restarts a media connection whose path died (options.restartDeadMedia). */
  readonly restartsDeadMedia: boolean;
  /** How long a connected path may receive nothing before it counts as dead (options.deadMediaTimeoutMs; 0: the browser's verdict only). */
  readonly deadMediaTimeoutMs: number;
}

import type { ClientBody, ServerBodyCase, ServerBodyValue } from "../signaling/frames.js";
import type { PeerConnectionLike } from "../platform/rtc.js";

/** What the media connections need from their room: requests to the server, trickling, and peer connections. */
export interface MediaSignaling {
  /** A request on the session's connection (rejects with the server's LiveError). */
  request<C extends ServerBodyCase>(body: ClientBody, expected: C): Promise<ServerBodyValue<C>>;
  /** Sends one of our ICE candidates (optional for the ICE-lite server; failures are ignored). */
  trickle(candidate: string, subscriber: boolean): void;
  /** A new peer connection from the injected or global constructor (8002 when there is none). */
  createPeerConnection(): PeerConnectionLike;
}

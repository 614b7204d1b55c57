import type { LiveError } from "../errors/LiveError.js";

/**
 * The signaling connection's state: "disconnected" (not logged in, logged out, forced offline), "connecting"
 * (connecting and logging in), "connected" (logged in), "reconnecting" (the connection dropped; resuming the session).
 */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** The connection state changed. */
export interface ConnectionStateChanged {
  /** The new state. */
  readonly state: ConnectionState;
  /** Why the connection was lost, when it was. */
  readonly error: LiveError | undefined;
}

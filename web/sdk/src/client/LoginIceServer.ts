// Its own file, free of generated protobuf types: it is public API (index.ts), and the public .d.ts files must not
// reach the wire types (tests/web/sdk/unit/compat.test.ts).

/**
 * One ICE server the server issued at login, as `RTCIceServer` takes it: STUN without credentials, TURN with a
 * short-lived username/credential (TURN REST API scheme; the username starts with its expiry in unix seconds).
 * One URL per entry: every WebRTC stack the SDK drives (browsers, `@roamhq/wrtc`, werift) takes `urls` as a string.
 */
export interface LoginIceServer {
  /** One `stun:`, `turn:` or `turns:` URL. */
  readonly urls: string;
  /** TURN only: the short-lived user name (it starts with its expiry in unix seconds). */
  readonly username?: string;
  /** TURN only: the password for that user name, valid until the same expiry. */
  readonly credential?: string;
}

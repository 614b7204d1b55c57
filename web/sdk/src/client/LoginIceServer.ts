// Its own file, free of generated protobuf types: it is public API (index.ts), and the public .d.ts files must not
// reach the wire types (tests/web/sdk/unit/compat.test.ts).

/**
 * One ICE server the server issued at login, as `RTCIceServer` takes it: STUN without credentials, TURN with a
 * short-lived username/credential (TURN REST API scheme; the username starts with its expiry in unix seconds).
 * One URL per entry: every WebRTC stack the SDK drives (browsers, `@roamhq/wrtc`, werift) takes `urls` as a string.
 */
export interface LoginIceServer {
  readonly urls: string;
  readonly username?: string;
  readonly credential?: string;
}

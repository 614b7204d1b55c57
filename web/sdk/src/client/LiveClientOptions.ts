import type { LevelMeterFactory } from "../devices/LevelMeter.js";
import type { MediaDevicesLike } from "../devices/mediaDevicesLike.js";
import type { Clock } from "../platform/Clock.js";
import type { PeerConnectionConstructor } from "../platform/rtc.js";
import type { WebSocketConstructor } from "../platform/WebSocketLike.js";

/** How a {@link LiveClient} reaches its server (iLiveSDK's `initSdk(appId)`). */
export interface LiveClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7880` (the SDK connects to `ws://…/signal`). */
  readonly serverUrl: string;
  /**
   * Other nodes of the same cluster, each a base URL as `serverUrl`. Reconnecting after a drop moves to the next URL at
   * each attempt (`serverUrl`, then these, round robin), so a client whose node was lost resumes its session and room
   * seat on a surviving node. The first login always goes to `serverUrl`. None by default (reconnect to `serverUrl`).
   */
  readonly fallbackServerUrls?: readonly string[] | undefined;
  /** The app id the userSigs are issued for. */
  readonly sdkAppId: number;
  /** The WebSocket constructor; the host's global WebSocket by default (Node 20: run with --experimental-websocket, or pass one). */
  readonly WebSocket?: WebSocketConstructor | undefined;
  /** The RTCPeerConnection constructor for media; the host's global by default (Node: `@roamhq/wrtc`'s or werift's). */
  readonly RTCPeerConnection?: PeerConnectionConstructor | undefined;
  /**
   * The configuration new peer connections get. By default `{ bundlePolicy: "max-bundle", iceServers: [] }`: the
   * server is ICE-lite and puts its candidates in its SDP, so no STUN server is needed (and werift, whose own default
   * is a public STUN server, asks none). The ICE servers the server issues at login (its TURN relays, with short-lived
   * credentials; {@link LiveClient.iceServers}) are **appended** to this `iceServers` in every peer connection, the
   * app's own first: an app's STUN/TURN servers add to the server's, they do not silently drop the relay that makes
   * media work behind a firewall. Everything else is the app's as given — `iceTransportPolicy: "relay"` makes the
   * SDK's connections use only TURN relays.
   */
  readonly rtcConfiguration?: object | undefined;
  /** How long a request may wait for its answer before failing with 1005 (AV_ERR_TIMEOUT); 10 s by default. */
  readonly requestTimeoutMs?: number | undefined;
  /** How long connecting may take before failing with 8012 (ERR_NET_UNDEFINE); 10 s by default. */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * Reconnect by itself when the connection drops, resuming the session and its room seat within the server's resume
   * window (30 s by default). While reconnecting, calls fail with 8012 (IM calls with 8001). On by default.
   */
  readonly autoReconnect?: boolean | undefined;
  /**
   * A server that answers nothing this long after a heartbeat is taken as gone — its machine lost or the link cut, which
   * closes no socket — and the client reconnects (to the next of `fallbackServerUrls`). Heartbeats then go every second.
   * 2000 ms by default; 0 turns the watch off (heartbeats every 10 s, as the server asks; a dead server is then noticed
   * only when the operating system gives the socket up). A request still waiting for its answer holds the verdict off:
   * the server answers in order, so a slow request is not a dead server.
   */
  readonly deadConnectionTimeoutMs?: number | undefined;
  /**
   * A media connection whose path died while signaling lives — a NAT that forgot the mapping, a network change — is
   * started again: when nothing arrived on it for `deadMediaTimeoutMs`, or the browser marks it `disconnected`
   * (Chromium about 5 s after the path stopped answering), the room asks the server for new media connections,
   * publishes again what it published and raises `mediaReconnected` (with the same `mediaEpoch`; `room.mediaRestarts`
   * counts them). True by default; false leaves a dead path to the browser (which gives it up as `failed` after about
   * 30 s).
   */
  readonly restartDeadMedia?: boolean | undefined;
  /**
   * How long a connected media path may receive nothing before it counts as dead (see `restartDeadMedia`). The server
   * sends on every connection at least every 500 ms, so silence means the path, not a quiet room; the room looks at the
   * selected candidate pair's counters in `getStats()` four times per timeout. 2000 ms by default; 0 leaves the verdict
   * to the browser; otherwise 500 to 20000 (else 8021).
   */
  readonly deadMediaTimeoutMs?: number | undefined;
  /**
   * The device class this client logs in as (IM SDK's multi-terminal login), e.g. "web", "phone": a user has one session
   * per class, so a second login of the same class forces the first offline (8050) while other classes stay online —
   * C2C messages reach all of them, and a call rings on all until one answers (the others end with
   * `CallEndCode.AnsweredElsewhere`). Empty (the default) is a class of its own. At most 32 characters of
   * A-Z a-z 0-9 . _ - (the server refuses others with 8021).
   */
  readonly device?: string | undefined;
  /** The clock for timeouts, heartbeats and backoff; the host's by default (tests pass a fake one). */
  readonly clock?: Clock | undefined;
  /** Cameras, microphones and screens to capture from; the host's `navigator.mediaDevices` by default. */
  readonly mediaDevices?: MediaDevicesLike | undefined;
  /** How the device test measures a microphone's level; Web Audio by default. */
  readonly levelMeter?: LevelMeterFactory | undefined;
}

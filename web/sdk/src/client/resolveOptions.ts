import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { globalMediaDevices, type MediaDevicesLike } from "../devices/mediaDevicesLike.js";
import { webAudioLevelMeter, type LevelMeterFactory } from "../devices/LevelMeter.js";
import { systemClock, type Clock } from "../platform/Clock.js";
import { globalPeerConnection, type PeerConnectionConstructor } from "../platform/rtc.js";
import { globalWebSocket, type WebSocketConstructor } from "../platform/WebSocketLike.js";
import { signalingUrl } from "../signaling/frames.js";
import type { LiveClientOptions } from "./LiveClientOptions.js";

const defaultTimeoutMs = 10_000;

/** {@link LiveClientOptions} checked, with the defaults filled in. */
export interface ResolvedOptions {
  /** The signaling WebSocket URL (ws(s)://…/signal). */
  readonly url: string;
  /** The signaling URLs of the other nodes to reconnect to (options.fallbackServerUrls), in order. */
  readonly fallbackUrls: readonly string[];
  readonly sdkAppId: number;
  readonly WebSocket: WebSocketConstructor;
  readonly RTCPeerConnection: PeerConnectionConstructor | undefined;
  readonly rtcConfiguration: object;
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly autoReconnect: boolean;
  readonly deadConnectionTimeoutMs: number;
  readonly restartDeadMedia: boolean;
  readonly deadMediaTimeoutMs: number;
  readonly device: string;
  readonly clock: Clock;
  readonly mediaDevices: MediaDevicesLike | undefined;
  readonly levelMeter: LevelMeterFactory;
}

/** Checks the options (8005 missing, 8021 unusable) and fills in the defaults. */
export function resolveOptions(options: LiveClientOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw LiveError.iLive(ILiveErrorCode.NullPointer, "options is null");
  }

  if (!Number.isInteger(options.sdkAppId) || options.sdkAppId <= 0 || options.sdkAppId > 0xffff_ffff) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `options.sdkAppId ${String(options.sdkAppId)} is not an app id`);
  }

  const webSocket = options.WebSocket ?? globalWebSocket();
  if (webSocket === undefined) {
    throw LiveError.iLive(
      ILiveErrorCode.InvalidParam,
      "this host has no global WebSocket: pass options.WebSocket (Node 20: run node with --experimental-websocket, or use the ws package)",
    );
  }

  return {
    url: checkedSignalingUrl(options.serverUrl, "serverUrl"),
    fallbackUrls: checkedFallbackUrls(options.fallbackServerUrls),
    sdkAppId: options.sdkAppId,
    WebSocket: webSocket,
    RTCPeerConnection: options.RTCPeerConnection ?? globalPeerConnection(),
    // The server is ICE-lite and names its candidates in its SDP: no STUN/TURN needed.
    rtcConfiguration: options.rtcConfiguration ?? { bundlePolicy: "max-bundle", iceServers: [] },
    requestTimeoutMs: positive(options.requestTimeoutMs, "requestTimeoutMs"),
    connectTimeoutMs: positive(options.connectTimeoutMs, "connectTimeoutMs"),
    autoReconnect: options.autoReconnect ?? true,
    deadConnectionTimeoutMs: nonNegative(options.deadConnectionTimeoutMs, defaultDeadConnectionTimeoutMs, "deadConnectionTimeoutMs"),
    restartDeadMedia: options.restartDeadMedia ?? true,
    deadMediaTimeoutMs: deadMediaTimeout(options.deadMediaTimeoutMs),
    device: options.device ?? "",
    clock: options.clock ?? systemClock,
    mediaDevices: options.mediaDevices ?? globalMediaDevices(),
    levelMeter: options.levelMeter ?? webAudioLevelMeter,
  };
}

function checkedFallbackUrls(fallbacks: readonly string[] | undefined): readonly string[] {
  if (fallbacks === undefined) {
    return [];
  }

  if (!Array.isArray(fallbacks)) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "options.fallbackServerUrls must be an array of URLs");
  }

  return fallbacks.map((url: unknown, i) => checkedSignalingUrl(url, `fallbackServerUrls[${i}]`));
}

function checkedSignalingUrl(serverUrl: unknown, name: string): string {
  if (typeof serverUrl !== "string" || !/^(https?|wss?):\/\//i.test(serverUrl)) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `options.${name} must be an absolute http(s) or ws(s) URL`);
  }

  try {
    return signalingUrl(serverUrl);
  } catch {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `options.${name} "${serverUrl}" is not a URL`);
  }
}

/** A server silent this long after a heartbeat is gone (the goal: a dead signaling connection noticed in ~2 s). */
const defaultDeadConnectionTimeoutMs = 2000;

/** A connected media path that receives nothing this long is dead (the server sends at least every 500 ms). */
const defaultDeadMediaTimeoutMs = 2000;

function deadMediaTimeout(value: number | undefined): number {
  if (value === undefined) {
    return defaultDeadMediaTimeoutMs;
  }

  // Under 0.5 s the server's own 0.5-s keepalive would not fit in; over 20 s the browser has long given up by itself.
  if (!Number.isFinite(value) || (value !== 0 && (value < 500 || value > 20_000))) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "options.deadMediaTimeoutMs must be 0 (the browser's verdict only) or 500 to 20000");
  }

  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }

  if (!Number.isFinite(value) || value < 0) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `options.${name} must be 0 (off) or more`);
  }

  return value;
}

function positive(value: number | undefined, name: string): number {
  if (value === undefined) {
    return defaultTimeoutMs;
  }

  if (!Number.isFinite(value) || value <= 0) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `options.${name} must be positive`);
  }

  return value;
}

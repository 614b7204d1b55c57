// A libwebrtc peer (@roamhq/wrtc) on the SDK, in its own process (support/ChildPeer.ts kills it; wrtc may crash or hang
// at exit on Node 20). It enters a room, optionally publishes a synthetic camera (I420 frames with a moving bar) and a
// 440 Hz tone, receives what the SFU offers, and reports twice a second what its sinks got:
//   {"type":"stats","video":{"<user>":{"frames":N,"width":W,"height":H}},"audio":{"<user>":{"chunks":N,"rms":R}},"sent":{…}}
import { createRequire } from "node:module";
import { LiveClient, type PeerConnectionConstructor, type WebSocketConstructor } from "@openlive/sdk";
import { fail, peerConfig, report, serveRequests } from "./peerIo.js";

export interface WrtcPeerConfig {
  readonly serverUrl: string;
  readonly sdkAppId: number;
  readonly userId: string;
  readonly userSig: string;
  readonly roomId: number;
  /** "create" as the host (LiveMaster), or "join" with `controlRole`. */
  readonly enter: "create" | "join";
  readonly controlRole: string;
  readonly publish: boolean;
  readonly width: number;
  readonly height: number;
}

type Wrtc = typeof import("@roamhq/wrtc");
const wrtc = createRequire(import.meta.url)("@roamhq/wrtc") as Wrtc;
const config = peerConfig<WrtcPeerConfig>();
const video: Record<string, { frames: number; width: number; height: number }> = {};
const audio: Record<string, { chunks: number; rms: number }> = {};
const sent = { frames: 0, audioChunks: 0 };
const sinks: Array<{ stop(): void }> = [];

serveRequests({}, 180_000);

function startCamera(): MediaStreamTrack {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const { width, height } = config;
  const frame = new Uint8Array(width * height * 3 / 2);
  frame.fill(128, width * height); // grey chroma
  setInterval(() => {
    // A dark picture with a bright bar that moves 4 px a frame: every frame differs, as a camera's would.
    frame.fill(40, 0, width * height);
    const bar = (sent.frames * 4) % width;
    for (let y = 0; y < height; y++) {
      frame.fill(220, y * width + bar, y * width + Math.min(width, bar + 16));
    }

    source.onFrame({ width, height, data: frame });
    sent.frames++;
  }, 33);
  return source.createTrack();
}

function startMicrophone(): MediaStreamTrack {
  const source = new wrtc.nonstandard.RTCAudioSource();
  const samples = new Int16Array(480); // 10 ms at 48 kHz
  let t = 0;
  setInterval(() => {
    for (let i = 0; i < samples.length; i++, t++) {
      samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / 48_000));
    }

    source.onData({ samples, sampleRate: 48_000 });
    sent.audioChunks++;
  }, 10);
  return source.createTrack();
}

function rmsOf(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) {
    sum += sample * sample;
  }

  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

try {
  const WebSocket = (globalThis as { WebSocket?: unknown }).WebSocket as WebSocketConstructor | undefined;
  if (WebSocket === undefined) {
    throw new Error("no global WebSocket: run node with --experimental-websocket (Node 20)");
  }

  const client = new LiveClient({
    serverUrl: config.serverUrl,
    sdkAppId: config.sdkAppId,
    WebSocket,
    RTCPeerConnection: wrtc.RTCPeerConnection as unknown as PeerConnectionConstructor,
  });
  await client.login(config.userId, config.userSig);
  const room = config.enter === "create"
    ? await client.createRoom(config.roomId, { controlRole: "LiveMaster" })
    : await client.joinRoom(config.roomId, { controlRole: config.controlRole, autoRequestCamera: true });
  room.on("mediaError", ({ error }) => report({ type: "mediaError", module: error.module, code: error.code, detail: error.detail ?? error.message }));
  room.on("memberEvent", (event) => report({ type: "memberEvent", eventId: event.eventId, userIds: event.members.map((member) => member.userId) }));
  room.on("remoteTrack", (remote) => {
    const track = remote.track as MediaStreamTrack;
    report({ type: "track", userId: remote.userId, source: remote.source, kind: track.kind });
    if (track.kind === "video") {
      const stats = (video[remote.userId] ??= { frames: 0, width: 0, height: 0 });
      const sink = new wrtc.nonstandard.RTCVideoSink(track);
      sink.onframe = ({ frame }: { frame: { width: number; height: number } }) => {
        stats.frames++;
        stats.width = frame.width;
        stats.height = frame.height;
      };
      sinks.push(sink);
    } else {
      const stats = (audio[remote.userId] ??= { chunks: 0, rms: 0 });
      const sink = new wrtc.nonstandard.RTCAudioSink(track);
      sink.ondata = ({ samples }: { samples: Int16Array }) => {
        stats.chunks++;
        stats.rms = Math.max(stats.rms, rmsOf(samples));
      };
      sinks.push(sink);
    }
  });
  report({ type: "entered", authBits: room.self.authBits });
  if (config.publish) {
    await room.publish({ audio: startMicrophone(), camera: startCamera() });
    report({ type: "published" });
  }

  setInterval(() => report({ type: "stats", video, audio, sent }), 500);
} catch (error) {
  fail(error);
}

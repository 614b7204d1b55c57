import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, it } from "node:test";
import type * as Wrtc from "@roamhq/wrtc";
import { RTCPeerConnection as WeriftPeerConnection, MediaStreamTrack as WeriftTrack } from "werift";
import type { MediaTrackLike, PeerConnectionConstructor, WebSocketConstructor } from "../../../../web/sdk/src/index.js";
import { repoRoot } from "../support/repoRoot.js";

// ---- compile time: tsc checks these before any test runs ---------------------------------------------------------
// The SDK's injectable types must take the browser's, @roamhq/wrtc's and werift's objects without casts.
type Assignable<Target, Source extends Target> = Source;
export type BrowserPeerConnectionFits = Assignable<PeerConnectionConstructor, typeof globalThis.RTCPeerConnection>;
export type BrowserWebSocketFits = Assignable<WebSocketConstructor, typeof globalThis.WebSocket>;
export type BrowserTrackFits = Assignable<MediaTrackLike, MediaStreamTrack>;
export type WrtcPeerConnectionFits = Assignable<PeerConnectionConstructor, typeof Wrtc.RTCPeerConnection>;
const weriftFits: PeerConnectionConstructor = WeriftPeerConnection;
const weriftTrackFits: MediaTrackLike = new WeriftTrack({ kind: "video" });

const dist = join(repoRoot(), "web", "sdk", "dist");

describe("packaging", () => {
  it("injects werift's constructor and tracks as they are", () => {
    assert.equal(typeof weriftFits, "function");
    assert.equal(weriftTrackFits.kind, "video");
  });

  it("public .d.ts files reach no generated protobuf types and no package", () => {
    const seen = new Set<string>();
    const queue = [join(dist, "types", "index.d.ts")];
    const external: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) {
        continue;
      }

      seen.add(file);
      for (const match of readFileSync(file, "utf8").matchAll(/from "([^"]+)"|import\("([^"]+)"\)/g)) {
        const specifier = match[1] ?? match[2] ?? "";
        if (specifier.startsWith(".")) {
          queue.push(normalize(join(dirname(file), specifier.replace(/\.js$/, ".d.ts"))));
        } else {
          external.push(`${file}: ${specifier}`);
        }
      }
    }

    assert.deepEqual(external, []);
    assert.ok(![...seen].some((file) => /gen\/(\w+_pb|protocol)\.d\.ts$/.test(file)), "a public type reaches the generated schema");
  });

  it("is one ESM bundle with no host-specific imports, and loads in Node without globals", async () => {
    const files = readdirSync(dist);
    assert.ok(files.includes("openlive.js") && files.includes("openlive.js.map"));
    const bundle = readFileSync(join(dist, "openlive.js"), "utf8");
    assert.doesNotMatch(bundle, /\brequire\(|from\s*"node:|import\s*\(\s*"/);
    const sdk = await import("@openlive/sdk");
    assert.equal(typeof sdk.LiveClient, "function");
    assert.equal(sdk.ILiveErrorCode.KickOut, 8050);
    assert.equal(sdk.MemberEventId.NoMediaVideo, 10);
  });
});

import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ChildPeer } from "./support/ChildPeer.js";
import { chromiumPeer, harness } from "./support/chromiumPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ReachServer } from "./support/reachServer.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { RtcSummary, SelectedPair } from "./support/pageApi.js";
import { readDevApp } from "./support/devApp.js";
import { describe as show, until } from "./support/poll.js";

// Relay only, through the embedded TURN server (issue 13): the server (SFU + embedded TURN) in namespace A (10.97.0.1),
// two Chromium peers in namespace B (10.97.0.2) with `iceTransportPolicy: 'relay'` and the server's `turn:` URL, and
// nftables in A dropping every UDP and TCP packet from B except to the HTTP port (signaling) and the TURN port. The
// credentials are the TURN REST API ones, computed here from the secret the server was given. Media must flow both
// ways (publish and play), frames must be decoded, and every selected candidate pair must be a relay one. Run once with
// the browsers reaching TURN over UDP (then TCP from B reaches only the HTTP port) and once over TCP (then UDP from B
// is dropped entirely). Needs root.

exitAfterTests();
const httpPort = 7880;
const turnPort = 3478;
const secret = randomBytes(32).toString("base64");

/**
 * nftables in A: from B only the HTTP port and the TURN port over `turnOver` get through; everything else from B (the
 * SFU's UDP port, any TCP media port, TURN over the other transport) is dropped and counted. The login issues both
 * TURN URLs (UDP and TCP) and Chromium may settle on either when both work, so the other one must not.
 */
function blockAllButTurn(namespaces: LinkedNamespaces, turnOver: "udp" | "tcp"): void {
  const [udpRule, tcpRule] = turnOver === "udp"
    ? [`ip saddr ${LinkedNamespaces.addressB} udp dport != ${turnPort} counter drop`,
      `ip saddr ${LinkedNamespaces.addressB} tcp dport != ${httpPort} counter drop`]
    : [`ip saddr ${LinkedNamespaces.addressB} meta l4proto udp counter drop`,
      `ip saddr ${LinkedNamespaces.addressB} tcp dport != { ${httpPort}, ${turnPort} } counter drop`];
  const rules = `table inet openlive_turn_only {
  chain input {
    type filter hook input priority 0; policy accept;
    ${udpRule}
    ${tcpRule}
  }
}
`;
  namespaces.nft("a", rules);
}

/** TURN REST API credentials (coturn's use-auth-secret): username "expiry:userId", credential base64(HMAC-SHA1(secret, username)). */
function turnCredentials(userId: string): { username: string; credential: string } {
  const username = `${Math.floor(Date.now() / 1000) + 3600}:${userId}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

for (const turnOver of ["udp", "tcp"] as const) {
  describe(`relay only through the embedded TURN server over ${turnOver}`, () => {
    it(`publishes and plays with every selected pair a relay over ${turnOver}, media ports blocked`, { timeout: 180_000 }, async (t) => {
      const peers: ChildPeer[] = [];
      let server: ReachServer | undefined;
      const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
      const dataDir = mkdtempSync(join(tmpdir(), "openlive-turn-"));
      try {
        const artifacts = {
          screenshots: async (dir: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [dir, label], 10_000).catch(() => undefined))))
            .filter((path): path is string => typeof path === "string"),
          logs: () => [...peers.map((peer) => peer.diagnostics()), `server:\n${server?.output ?? ""}`].join("\n\n"),
        };
        await withFailureArtifacts(`reach-turn-embedded-${turnOver}`, artifacts, async () => {
          blockAllButTurn(namespaces, turnOver);
          server = ReachServer.start(namespaces, namespaces.a, dataDir, `http://${LinkedNamespaces.addressA}:${httpPort}`, [
            "--media-port", "0", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`,
            "--turn-embedded", "--turn-port", String(turnPort), "--turn-tcp-port", String(turnPort), "--turn-relay-ports", "40000-40099",
            "--Logging:LogLevel:OpenLive.Turn=Information",
          ], { env: { OpenLive__Turn__Secret: secret }, keepChars: 12_000 });
          const publisher = chromiumPeer(namespaces.exec(namespaces.b), "publisher");
          const player = chromiumPeer(namespaces.exec(namespaces.b), "player");
          peers.push(publisher, player);
          const serverUrl = `http://${LinkedNamespaces.addressA}:${httpPort}`;
          await until("both Chromium peers ready", () => {
            publisher.throwIfFailed();
            player.throwIfFailed();
            return [publisher.latest("ready"), player.latest("ready")];
          }, (ready) => ready.every((line) => line !== undefined), 60_000);
          await publisher.call("health", [`${serverUrl}/healthz`, 90_000], 95_000);
          await player.call("health", [`${serverUrl}/healthz`, 10_000], 15_000);
          const dev = readDevApp(dataDir);
          const sig = dev.sig;
          const url = `turn:${LinkedNamespaces.addressA}:${turnPort}?transport=${turnOver}`;
          const rtcConfiguration = (userId: string): RTCConfiguration => ({
            bundlePolicy: "max-bundle",
            iceServers: [{ urls: [url], ...turnCredentials(userId) }],
            iceTransportPolicy: "relay",
          });

          const suffix = randomBytes(3).toString("hex");
          const host = `turn_host_${suffix}`;
          const viewer = `turn_viewer_${suffix}`;
          const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
          await harness(publisher, "login", serverUrl, dev.sdkAppId, host, sig(host), rtcConfiguration(host));
          await harness(publisher, "createRoom", roomId);
          assert.deepEqual(await harness(publisher, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
          await harness(player, "login", serverUrl, dev.sdkAppId, viewer, sig(viewer), rtcConfiguration(viewer));
          await harness(player, "joinRoom", roomId, "Guest");

          const decoded = await until("the player decoding the publisher's camera through the relay",
            () => harness<RtcSummary>(player, "rtcStats"),
            (stats) => (stats.inboundVideo.find((video) => video.userId === host)?.framesDecoded ?? 0) >= 30
              && (stats.inboundAudio.find((audio) => audio.userId === host)?.packetsReceived ?? 0) > 50,
            60_000);

          const pairs = { publisher: await harness<SelectedPair[]>(publisher, "selectedPairs"), player: await harness<SelectedPair[]>(player, "selectedPairs") };
          const summary = `selected pairs ${show(pairs)}; player ${show(decoded.inboundVideo)}`;
          t.diagnostic(summary);
          for (const [who, selected] of Object.entries(pairs)) {
            assert.ok(selected.length > 0, `${who} has no selected pair: ${summary}`);
            for (const pair of selected) {
              assert.equal(pair.localType, "relay", `${who}'s selected pair is not a relay: ${summary}`);
              assert.equal(pair.relayProtocol, turnOver, `${who} reaches TURN over ${pair.relayProtocol}: ${summary}`);
              assert.ok(pair.remoteAddress.startsWith(`${LinkedNamespaces.addressA}:`), `${who}'s remote is not the SFU: ${summary}`);
            }
          }
        });
      } finally {
        await Promise.all(peers.map(async (peer) => {
          await peer.call("close", [], 5000).catch(() => undefined);
          await peer.kill();
        }));
        server?.kill();
        namespaces.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

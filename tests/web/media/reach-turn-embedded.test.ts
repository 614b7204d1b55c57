import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ChromiumPeerConfig } from "./peers/chromium-peer.js";
import { ChildPeer } from "./support/ChildPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { RtcSummary, SelectedPair } from "./support/pageApi.js";
import { readDevApp } from "./support/devApp.js";
import { peerScript } from "./support/paths.js";
import { describe as show, until } from "./support/poll.js";

// Relay only, through the embedded TURN server (issue 13): the server (SFU + embedded TURN) in namespace A (10.97.0.1),
// two Chromium peers in namespace B (10.97.0.2) with `iceTransportPolicy: 'relay'` and the server's `turn:` URL, and
// nftables in A dropping every UDP and TCP packet from B except to the HTTP port (signaling) and the TURN port. The
// credentials are the TURN REST API ones, computed here from the secret the server was given. Media must flow both
// ways (publish and play), frames must be decoded, and every selected candidate pair must be a relay one. Run once with
// the browsers reaching TURN over UDP and once over TCP (then UDP from B is dropped entirely). Needs root.

exitAfterTests();
const httpPort = 7880;
const turnPort = 3478;
const secret = randomBytes(32).toString("base64");

function serverDll(): string {
  const dll = process.env["OPENLIVE_SERVER_DLL"];
  if (dll === undefined || dll.length === 0) {
    throw new Error("OPENLIVE_SERVER_DLL is not set: run the tests with tests/web/run.sh");
  }

  return dll;
}

/** The server in namespace A with the embedded TURN server on 3478 (UDP and TCP); its output kept for diagnostics. */
function startServer(namespaces: LinkedNamespaces, dataDir: string): { child: ChildProcess; output: () => string } {
  const [exec, ...prefix] = namespaces.exec(namespaces.a);
  const child = spawn(exec ?? "ip", [
    ...prefix, "setpriv", "--pdeathsig", "KILL", "dotnet", serverDll(), "serve", "--dev", "--dev-expose",
    "--urls", `http://${LinkedNamespaces.addressA}:${httpPort}`, "--data", dataDir,
    "--silo-port", "11111", "--gateway-port", "30000", "--media-port", "0",
    `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`,
    "--turn-embedded", "--turn-port", String(turnPort), "--turn-tcp-port", String(turnPort), "--turn-relay-ports", "40000-40099",
    "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:OpenLive.Turn=Information",
  ], {
    stdio: ["ignore", "pipe", "pipe"],
    // The secret goes by environment, not argv (argv is world-readable in /proc).
    env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1", OpenLive__Turn__Secret: secret },
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-12_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

/**
 * nftables in A: from B only the HTTP port and the TURN port (UDP, or only TCP when `turnOver` is tcp) get through;
 * everything else from B (the SFU's UDP port, any TCP media port) is dropped and counted.
 */
function blockAllButTurn(namespaces: LinkedNamespaces, turnOver: "udp" | "tcp"): void {
  const udpRule = turnOver === "udp"
    ? `ip saddr ${LinkedNamespaces.addressB} udp dport != ${turnPort} counter drop`
    : `ip saddr ${LinkedNamespaces.addressB} meta l4proto udp counter drop`;
  const rules = `table inet openlive_turn_only {
  chain input {
    type filter hook input priority 0; policy accept;
    ${udpRule}
    ip saddr ${LinkedNamespaces.addressB} tcp dport != { ${httpPort}, ${turnPort} } counter drop
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

function chromiumPeer(namespaces: LinkedNamespaces, name: string): ChildPeer {
  const config: ChromiumPeerConfig = { name };
  return new ChildPeer(name, [...namespaces.exec(namespaces.b), process.execPath, peerScript("chromium-peer")], config);
}

async function harness<T>(peer: ChildPeer, method: string, ...args: unknown[]): Promise<T> {
  return (await peer.call("harness", [method, args], 30_000)) as T;
}

for (const turnOver of ["udp", "tcp"] as const) {
  describe(`relay only through the embedded TURN server over ${turnOver}`, () => {
    it(`publishes and plays with every selected pair a relay over ${turnOver}, media ports blocked`, { timeout: 180_000 }, async (t) => {
      const peers: ChildPeer[] = [];
      let server: ReturnType<typeof startServer> | undefined;
      const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
      const dataDir = mkdtempSync(join(tmpdir(), "openlive-turn-"));
      try {
        const artifacts = {
          screenshots: async (dir: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [dir, label], 10_000).catch(() => undefined))))
            .filter((path): path is string => typeof path === "string"),
          logs: () => [...peers.map((peer) => peer.diagnostics()), `server:\n${server?.output() ?? ""}`].join("\n\n"),
        };
        await withFailureArtifacts(`reach-turn-embedded-${turnOver}`, artifacts, async () => {
          blockAllButTurn(namespaces, turnOver);
          server = startServer(namespaces, dataDir);
          const publisher = chromiumPeer(namespaces, "publisher");
          const player = chromiumPeer(namespaces, "player");
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
        server?.child.kill("SIGKILL");
        namespaces.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

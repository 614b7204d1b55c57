import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { PeerConnectionReport, ReachPeerConfig } from "./peers/reach-peer.js";
import { ChildPeer } from "./support/ChildPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { RtcSummary } from "./support/pageApi.js";
import { readDevApp } from "./support/devApp.js";
import { peerScript } from "./support/paths.js";
import { until } from "./support/poll.js";
import { waitForSettledLinks } from "./support/settledLinks.js";

// Media bound to two of a server's three addresses (issue 13, OpenLive:Media:BindAddresses / --media-bind a,b): the
// server in namespace S has a link to network A (10.96.1.1), one to network B (10.96.2.1) and a management link M
// (10.96.3.1); it binds media to 10.96.1.1 and 10.96.2.1 only. A Chromium in A publishes camera and microphone, a
// Chromium in B plays them: each one's media flows to the server's address on its own network. The third address has
// no media socket (ss in S), refuses a datagram to the media port (ICMP port unreachable), and no SDP names it.
// Needs root.

exitAfterTests();
const httpPort = 7880;
const mediaPort = 7882;
const tcpPort = 7881;
const Net = {
  serverA: "10.96.1.1",
  clientA: "10.96.1.2",
  serverB: "10.96.2.1",
  clientB: "10.96.2.2",
  serverM: "10.96.3.1",
  clientM: "10.96.3.2",
} as const;
const urlA = `http://${Net.serverA}:${httpPort}`;
const urlB = `http://${Net.serverB}:${httpPort}`;

/** Namespaces of this file: olb<pid>x<random><role> (apart from the other media tests' olm… and olr… ones). */
const base = `olb${process.pid}x${randomBytes(2).toString("hex")}`;
const roles = ["s", "a", "b", "m"] as const;
type Role = (typeof roles)[number];
const ns = (role: Role): string => `${base}${role}`;

function ip(args: readonly string[], input?: string): string {
  return execFileSync("ip", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"], timeout: 10_000 });
}

function inNs(role: Role, command: readonly string[], input?: string): string {
  return ip(["netns", "exec", ns(role), ...command], input);
}

/** Creates the four namespaces and the three veth links (IPv6 off: this topology is about IPv4 addresses). */
function createNetworks(): void {
  try {
    for (const role of roles) {
      ip(["netns", "add", ns(role)]);
      ip(["-n", ns(role), "link", "set", "lo", "up"]);
    }

    const links: Array<[Role, string, string, string]> = [
      ["a", "veth-sa", Net.serverA, Net.clientA],
      ["b", "veth-sb", Net.serverB, Net.clientB],
      ["m", "veth-sm", Net.serverM, Net.clientM],
    ];
    const settled: Array<{ ns: string; device: string }> = [];
    for (const [role, device, serverAddress, clientAddress] of links) {
      ip(["-n", ns("s"), "link", "add", device, "type", "veth", "peer", "name", "veth-c", "netns", ns(role)]);
      ip(["-n", ns("s"), "addr", "add", `${serverAddress}/24`, "dev", device]);
      ip(["-n", ns(role), "addr", "add", `${clientAddress}/24`, "dev", "veth-c"]);
      ip(["-n", ns("s"), "link", "set", device, "up"]);
      ip(["-n", ns(role), "link", "set", "veth-c", "up"]);
      settled.push({ ns: ns("s"), device }, { ns: ns(role), device: "veth-c" });
    }

    waitForSettledLinks(settled);
  } catch (error) {
    destroyNetworks();
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`could not set up network namespaces (this test needs root: ip netns add, veth): ${stderr || (error as Error).message}`);
  }
}

/** Kills what still runs in the namespaces and deletes them (never throws). */
function destroyNetworks(): void {
  for (const role of roles) {
    try {
      for (const pid of ip(["netns", "pids", ns(role)]).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    } catch {
      // No such namespace.
    }

    try {
      ip(["netns", "del", ns(role)]);
    } catch {
      // Not there.
    }
  }
}

/** The local addresses ("10.96.1.1:7882") of the sockets `ss` lists in S: UDP (-u) or listening TCP (-t). */
function socketsInServer(kind: "-u" | "-t"): string[] {
  return inNs("s", ["ss", "-H", "-n", "-l", kind]).split("\n").filter(Boolean)
    .map((line) => line.trim().split(/\s+/)[3] ?? "");
}

let server: ChildProcess;
let serverOutput = "";
let dataDir: string;
let peerA: ChildPeer;
let peerB: ChildPeer;

function sig(userId: string): string {
  return readDevApp(dataDir).sig(userId);
}

const call = <T>(peer: ChildPeer, method: string, ...args: unknown[]): Promise<T> => peer.call(method, args, 60_000) as Promise<T>;
const harness = <T>(peer: ChildPeer, page: string, method: string, ...args: unknown[]): Promise<T> => call<T>(peer, "harness", page, method, args);
const connections = (peer: ChildPeer, page: string): Promise<PeerConnectionReport[]> => call<PeerConnectionReport[]>(peer, "connections", page);

function startPeer(role: Role): ChildPeer {
  const config: ReachPeerConfig = { name: role };
  return new ChildPeer(role, ["ip", "netns", "exec", ns(role), process.execPath, peerScript("reach-peer")], config);
}

const artifacts = {
  screenshots: async (dir: string, label: string) => [
    ...((await peerA?.call("screenshot", [dir, `${label}-a`], 10_000).catch(() => [])) ?? []) as string[],
    ...((await peerB?.call("screenshot", [dir, `${label}-b`], 10_000).catch(() => [])) ?? []) as string[],
  ],
  logs: () => `peer A:\n${peerA?.diagnostics() ?? ""}\n\npeer B:\n${peerB?.diagnostics() ?? ""}\n\nserver:\n${serverOutput}`,
};

describe("media bound to two of three addresses: a peer on each bound network, nothing on the third", { timeout: 420_000 }, () => {
  before(async () => {
    const dll = process.env["OPENLIVE_SERVER_DLL"];
    if (dll === undefined || dll.length === 0) {
      throw new Error("OPENLIVE_SERVER_DLL is not set: run the tests with tests/web/run.sh");
    }

    createNetworks();
    dataDir = mkdtempSync(join(tmpdir(), "openlive-multiaddr-"));
    server = spawn("ip", [
      "netns", "exec", ns("s"), "setpriv", "--pdeathsig", "KILL", "dotnet", dll, "serve", "--dev", "--dev-expose",
      "--urls", `${urlA};${urlB}`, "--data", dataDir, "--silo-port", "11111", "--gateway-port", "30000",
      "--Logging:LogLevel:Default=Warning", "--media-bind", `${Net.serverA},${Net.serverB}`,
      "--media-port", String(mediaPort), "--media-tcp-port", String(tcpPort),
    ], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" } });
    const append = (chunk: Buffer): void => {
      serverOutput = (serverOutput + chunk.toString()).slice(-8000);
    };
    server.stdout?.on("data", append);
    server.stderr?.on("data", append);
    peerA = startPeer("a");
    peerB = startPeer("b");
    for (const peer of [peerA, peerB]) {
      await until("the Chromium peer ready", () => {
        peer.throwIfFailed();
        return peer.latest("ready");
      }, (ready) => ready !== undefined, 60_000);
    }

    await withFailureArtifacts("multiaddr-start", artifacts, async () => {
      await call(peerA, "health", `${urlA}/healthz`, 90_000);
      await call(peerB, "health", `${urlB}/healthz`, 30_000);
    });
  });

  after(async () => {
    for (const peer of [peerA, peerB]) {
      await peer?.call("close", [], 5000).catch(() => undefined);
      await peer?.kill();
    }

    server?.kill("SIGKILL");
    destroyNetworks();
    if (dataDir !== undefined) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("media sockets and listeners exist on the two bound addresses only (ss in the server's namespace)", () => {
    const udp = socketsInServer("-u");
    const tcp = socketsInServer("-t");
    assert.deepEqual(udp.filter((local) => local.endsWith(`:${mediaPort}`)).sort(), [`${Net.serverA}:${mediaPort}`, `${Net.serverB}:${mediaPort}`],
      `UDP sockets: ${udp.join(", ")}`);
    assert.deepEqual(tcp.filter((local) => local.endsWith(`:${tcpPort}`)).sort(), [`${Net.serverA}:${tcpPort}`, `${Net.serverB}:${tcpPort}`],
      `listening TCP sockets: ${tcp.join(", ")}`);
    assert.ok(![...udp, ...tcp].some((local) => local.startsWith(`${Net.serverM}:`)), `a socket on ${Net.serverM}: ${[...udp, ...tcp].join(", ")}`);
  });

  it("the banner and /healthz name both bound sockets and announce exactly their addresses", async () => {
    const health = await call<{ status: number; body: { media: { bind: string; announced: string[]; bound: string[] } } }>(peerB, "healthJson", `${urlB}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.body.media.bound, [`${Net.serverA}:${mediaPort}`, `${Net.serverB}:${mediaPort}`]);
    assert.deepEqual(health.body.media.announced, [`${Net.serverA}:${mediaPort}`, `${Net.serverB}:${mediaPort}`]);
    const mediaLine = /Media UDP:\s*(.*)/.exec(serverOutput)?.[1]?.trim();
    assert.equal(mediaLine, `${Net.serverA}:${mediaPort}, ${Net.serverB}:${mediaPort}, announced ${Net.serverA}, ${Net.serverB}`);
  });

  it("a datagram to the media port of the unbound address is refused by the kernel (port unreachable)", () => {
    // From the management network: a connected UDP socket sees the ICMP port unreachable as ECONNREFUSED.
    const script = `
      const socket = require("node:dgram").createSocket("udp4");
      const timer = setTimeout(() => { console.log("silence"); process.exit(0); }, 5000);
      socket.on("error", (error) => { console.log(error.code); clearTimeout(timer); process.exit(0); });
      socket.connect(${mediaPort}, "${Net.serverM}", () => {
        socket.send(Buffer.from("probe"));
        setTimeout(() => socket.send(Buffer.from("probe")), 200);
      });`;
    assert.equal(inNs("m", [process.execPath, "-e", script]).trim(), "ECONNREFUSED");
  });

  it("a publisher on network A and a viewer on network B each send media to the server's address on their own network", async () => {
    await withFailureArtifacts("multiaddr-media", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const host = `a_host_${suffix}`;
      const viewer = `b_viewer_${suffix}`;
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId } = readDevApp(dataDir);
      await call(peerA, "open", host);
      await call(peerB, "open", viewer);
      await harness(peerA, host, "login", urlA, sdkAppId, host, sig(host));
      await harness(peerA, host, "createRoom", roomId);
      assert.deepEqual(await harness(peerA, host, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      await harness(peerB, viewer, "login", urlB, sdkAppId, viewer, sig(viewer));
      await harness(peerB, viewer, "joinRoom", roomId, "Guest");

      await until("the viewer on B decoding the host's camera and hearing its microphone", () => harness<RtcSummary>(peerB, viewer, "rtcStats"), (stats) =>
        (stats.inboundVideo.find((v) => v.userId === host)?.framesDecoded ?? 0) >= 30
          && stats.inboundAudio.some((a) => a.totalAudioEnergy > 0), 60_000);

      for (const [peer, page, address] of [[peerA, host, Net.serverA], [peerB, viewer, Net.serverB]] as const) {
        const used = await until(`${page}'s media on the server's ${address}`, () => connections(peer, page),
          (list) => list.some((pc) => pc.connectionState === "connected"), 20_000);
        const connected = used.filter((pc) => pc.connectionState === "connected");
        assert.ok(connected.length > 0 && connected.every((pc) => pc.remoteAddress === address && pc.protocol === "udp"),
          `${page} should send media to ${address} over UDP: ${JSON.stringify(used)}`);
        for (const pc of connected) {
          // Every answer (each m-section repeats them): a UDP and a TCP candidate per bound address, none for the third.
          assert.deepEqual([...new Set(pc.announced)].sort(), [
            `${Net.serverA} ${tcpPort}`, `${Net.serverA} ${mediaPort}`, `${Net.serverB} ${tcpPort}`, `${Net.serverB} ${mediaPort}`,
          ], `${page}'s remote description candidates`);
        }
      }

      await harness(peerB, viewer, "leave");
      await harness(peerA, host, "leave");
    });
  });
});

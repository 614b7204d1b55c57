// A Chromium of its own for the reach tests (`ip netns exec … node reach-peer.mjs`): test pages by name, each driven
// through the SDK harness (page/harness.ts) or doing a WHIP publish / WHEP play itself with the page's RTCPeerConnection,
// and every peer connection of a page readable: which candidate pair it selected (the server address media goes to)
// and what it decoded. Requests from the test on stdin (support/ChildPeer.ts):
//   health(url, timeoutMs)         waits until GET url answers 200 (the server, seen from this namespace)
//   healthJson(url)                GET url with Accept: application/json, the parsed body
//   open(name)                     opens a test page and records the peer connections it creates from then on
//   harness(name, method, args)    calls window.harness[method](...args) in that page (support/pageApi.ts)
//   whip(name, url, sig)           publishes the fake camera and microphone with WHIP (RFC 9725); the HTTP status
//   whep(name, url, sig)           plays with WHEP, audio and video in elements; the HTTP status
//   resource(name)                 the Location (resource path) and ETag of the page's last WHIP/WHEP answer
//   connections(name)              what each recorded peer connection does (PeerConnectionReport)
//   screenshot(dir, label)         screenshots of every page (after a failure)
//   close()                        closes the browser
import { MediaBrowser, type ChromiumPage } from "../support/MediaBrowser.js";
import type { PageHarness } from "../support/pageApi.js";
import { fail, peerConfig, report, serveRequests } from "./peerIo.js";

export interface ReachPeerConfig {
  /** The peer's name in diagnostics. */
  readonly name: string;
}

/** One peer connection of a page, from getStats(). */
export interface PeerConnectionReport {
  readonly connectionState: string;
  /** The selected pair's remote candidate (the server's address media flows to), "" before one is selected. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly protocol: string;
  readonly framesEncoded: number;
  readonly framesDecoded: number;
  readonly audioPacketsSent: number;
  readonly audioEnergy: number;
  /** The remote description's candidates, "address port" each. */
  readonly announced: readonly string[];
}

const config = peerConfig<ReachPeerConfig>();
let browser: MediaBrowser | undefined;
const pages = new Map<string, ChromiumPage>();

function pageNamed(name: string): ChromiumPage {
  const page = pages.get(name);
  if (page === undefined) {
    throw new Error(`no page ${name}`);
  }

  return page;
}

serveRequests({
  async health(url: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let last = "no answer";
    for (;;) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.ok) {
          return true;
        }

        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }

      if (Date.now() > deadline) {
        throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
      }

      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  },

  async healthJson(url: string) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.json() as unknown };
  },

  async open(name: string) {
    if (browser === undefined) {
      throw new Error("the browser is not up");
    }

    const page = await browser.page(`${config.name}-${name}`);
    // Every peer connection the page negotiates (the SDK's, WHIP's, WHEP's) is recorded when it applies a description:
    // a prototype patch sees them whoever constructed them, however the constructor was captured.
    await page.page.evaluate(() => {
      const w = window as unknown as { recorded: RTCPeerConnection[] };
      w.recorded = [];
      const proto = RTCPeerConnection.prototype;
      const record = (pc: RTCPeerConnection): void => {
        if (!w.recorded.includes(pc)) {
          w.recorded.push(pc);
        }
      };
      const setLocal = proto.setLocalDescription;
      const setRemote = proto.setRemoteDescription;
      proto.setLocalDescription = function (this: RTCPeerConnection, ...args: Parameters<typeof setLocal>) {
        record(this);
        return setLocal.apply(this, args);
      } as typeof setLocal;
      proto.setRemoteDescription = function (this: RTCPeerConnection, ...args: Parameters<typeof setRemote>) {
        record(this);
        return setRemote.apply(this, args);
      } as typeof setRemote;
    });
    pages.set(name, page);
    return true;
  },

  async harness(name: string, method: keyof PageHarness, args: unknown[]) {
    return pageNamed(name).call(method, ...(args as Parameters<PageHarness[typeof method]>));
  },

  async whip(name: string, url: string, sig: string) {
    return pageNamed(name).page.evaluate(async ([endpoint, bearer]) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
      const pc = new RTCPeerConnection();
      for (const track of stream.getTracks()) {
        pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
      }

      return exchange(pc, endpoint, bearer);

      /** WHIP/WHEP without trickle: the offer with its candidates, the answer applied. */
      async function exchange(peer: RTCPeerConnection, to: string, token: string): Promise<number> {
        await peer.setLocalDescription(await peer.createOffer());
        await new Promise<void>((resolve) => {
          if (peer.iceGatheringState === "complete") {
            resolve();
            return;
          }

          peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve());
          setTimeout(resolve, 5000);
        });
        const response = await fetch(to, {
          method: "POST",
          headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
          body: peer.localDescription?.sdp ?? "",
        });
        if (response.status === 201) {
          (window as unknown as { lastResource: unknown }).lastResource = { location: response.headers.get("Location") ?? "", etag: response.headers.get("ETag") ?? "" };
          await peer.setRemoteDescription({ type: "answer", sdp: await response.text() });
        }

        return response.status;
      }
    }, [url, sig] as const);
  },

  async whep(name: string, url: string, sig: string) {
    return pageNamed(name).page.evaluate(async ([endpoint, bearer]) => {
      const pc = new RTCPeerConnection();
      pc.addTransceiver("audio", { direction: "recvonly" });
      pc.addTransceiver("video", { direction: "recvonly" });
      pc.addEventListener("track", (event) => {
        // Chromium decodes audio only for tracks that play.
        const element = document.createElement(event.track.kind === "video" ? "video" : "audio");
        element.autoplay = true;
        element.srcObject = new MediaStream([event.track]);
        document.body.append(element);
        void element.play().catch(() => undefined);
      });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === "complete") {
          resolve();
          return;
        }

        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
        setTimeout(resolve, 5000);
      });
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${bearer}` },
        body: pc.localDescription?.sdp ?? "",
      });
      if (response.status === 201) {
        (window as unknown as { lastResource: unknown }).lastResource = { location: response.headers.get("Location") ?? "", etag: response.headers.get("ETag") ?? "" };
        await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
      }

      return response.status;
    }, [url, sig] as const);
  },

  async resource(name: string): Promise<{ location: string; etag: string }> {
    return pageNamed(name).page.evaluate(() => (window as unknown as { lastResource: { location: string; etag: string } }).lastResource);
  },

  async connections(name: string): Promise<PeerConnectionReport[]> {
    return pageNamed(name).page.evaluate(async () => {
      const recorded = (window as unknown as { recorded: RTCPeerConnection[] }).recorded;
      const num = (value: unknown): number => (typeof value === "number" ? value : 0);
      return Promise.all(recorded.map(async (pc) => {
        const entries = new Map<string, Record<string, unknown>>();
        (await pc.getStats()).forEach((entry: Record<string, unknown>, id: string) => entries.set(id, entry));
        let pairId: unknown;
        let framesEncoded = 0;
        let framesDecoded = 0;
        let audioPacketsSent = 0;
        let audioEnergy = 0;
        entries.forEach((entry) => {
          if (entry["type"] === "transport" && typeof entry["selectedCandidatePairId"] === "string") {
            pairId = entry["selectedCandidatePairId"];
          } else if (entry["type"] === "outbound-rtp" && entry["kind"] === "video") {
            framesEncoded += num(entry["framesEncoded"]);
          } else if (entry["type"] === "outbound-rtp" && entry["kind"] === "audio") {
            audioPacketsSent += num(entry["packetsSent"]);
          } else if (entry["type"] === "inbound-rtp" && entry["kind"] === "video") {
            framesDecoded += num(entry["framesDecoded"]);
          } else if (entry["type"] === "inbound-rtp" && entry["kind"] === "audio") {
            audioEnergy += num(entry["totalAudioEnergy"]);
          }
        });
        const pair = typeof pairId === "string" ? entries.get(pairId) : undefined;
        const remote = typeof pair?.["remoteCandidateId"] === "string" ? entries.get(pair["remoteCandidateId"]) : undefined;
        const announced = (pc.remoteDescription?.sdp ?? "").split(/\r?\n/)
          .filter((line) => line.startsWith("a=candidate:"))
          .map((line) => {
            const fields = line.split(" ");
            return `${fields[4] ?? ""} ${fields[5] ?? ""}`;
          });
        return {
          connectionState: pc.connectionState,
          remoteAddress: String(remote?.["address"] ?? remote?.["ip"] ?? ""),
          remotePort: num(remote?.["port"]),
          protocol: String(remote?.["protocol"] ?? ""),
          framesEncoded,
          framesDecoded,
          audioPacketsSent,
          audioEnergy,
          announced,
        };
      }));
    });
  },

  async screenshot(dir: string, label: string) {
    return (await browser?.screenshots(dir, label)) ?? [];
  },

  async close() {
    await browser?.close();
    return true;
  },
}, 300_000);

try {
  browser = await MediaBrowser.launch();
  report({ type: "ready" });
} catch (error) {
  fail(error);
}

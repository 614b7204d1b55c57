// The plain HLS watch page (watch.html): the mass audience's view of a live show. It plays the HLS that the server
// makes of one member's stream (docs/operations.md, "Live HLS served by OpenLive") through hls.js, or the browser's
// own HLS where it has one (Safari). No sign-in: HLS is the public, CDN-cacheable copy of the show.
//
//   /watch.html#app=1400000000&room=123456&member=alice
//   /watch.html#hls=%2Flive%2F1400000000%2F123456%2Falice%2Findex.m3u8   (the URL startPushStream answered)
import Hls from "hls.js";

const video = document.getElementById("player") as HTMLVideoElement | null;
const status = document.getElementById("status");

/** The playlist's path from the page's hash, or why not. */
function playlistPath(hash: string): string | Error {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const hls = params.get("hls");
  if (hls !== null) {
    // Only this server's live HLS: a link cannot make the page fetch from elsewhere.
    return hls.startsWith("/live/") && hls.endsWith(".m3u8") && !hls.includes("..")
      ? hls
      : new Error("This link's HLS address is not one of this server's live shows.");
  }

  const app = params.get("app") ?? "";
  const room = params.get("room") ?? "";
  const member = params.get("member") ?? "";
  if (!/^\d{1,10}$/.test(app) || room.length === 0 || member.length === 0) {
    return new Error("This link names no show: it needs #app=…&room=…&member=… (the demo's Go live on HLS gives one).");
  }

  return `/live/${app}/${encodeURIComponent(room)}/${encodeURIComponent(member)}/index.m3u8`;
}

function say(text: string): void {
  if (status !== null) {
    status.textContent = text;
  }
}

/** Shows what plays: size, and how far behind the live edge (what hls.js estimates). */
function describe(player: Hls | null): void {
  if (video === null || video.videoWidth === 0) {
    return;
  }

  const latency = player !== null && Number.isFinite(player.latency) ? ` · ${player.latency.toFixed(1)} s behind live` : "";
  say(`Live · ${video.videoWidth}×${video.videoHeight}${latency}`);
}

function start(): void {
  if (video === null) {
    return;
  }

  const path = playlistPath(location.hash);
  if (path instanceof Error) {
    say(path.message);
    return;
  }

  say("Waiting for the show to start…");
  if (!Hls.isSupported()) {
    // Safari plays HLS itself.
    video.src = path;
    video.addEventListener("loadedmetadata", () => void video.play().catch(() => undefined));
    setInterval(() => describe(null), 1000);
    return;
  }

  // The playlist appears a few seconds after the host goes live (after the first segment): a missing playlist is
  // retried for a while rather than reported as an error at once.
  const player = new Hls({
    lowLatencyMode: true,
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 10_000,
        maxLoadTimeMs: 20_000,
        timeoutRetry: { maxNumRetry: 5, retryDelayMs: 1000, maxRetryDelayMs: 4000 },
        errorRetry: { maxNumRetry: 30, retryDelayMs: 1000, maxRetryDelayMs: 4000 },
      },
    },
  });
  player.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
  player.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) {
      say(`The show cannot be played (${data.details}). It may have ended; reload to try again.`);
      player.destroy();
    }
  });
  player.loadSource(path);
  player.attachMedia(video);
  setInterval(() => describe(player), 1000);
}

window.addEventListener("hashchange", () => location.reload());
start();

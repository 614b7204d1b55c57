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
  // The playlist appears a few seconds after the host goes live (after ffmpeg's first segment); until then the server
  // answers 404, which players do not retry: wait for it here.
  void waitForPlaylist(path).then((ready) => {
    if (!ready) {
      say("The show has not started (or has ended). Reload to try again.");
    } else if (Hls.isSupported()) {
      play(video, path);
    } else {
      // Safari plays HLS itself.
      video.src = path;
      video.addEventListener("loadedmetadata", () => void video.play().catch(() => undefined));
      setInterval(() => describe(null), 1000);
    }
  });
}

/** Polls the playlist until it is served (true) or a minute has passed (false). */
async function waitForPlaylist(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await fetch(path, { method: "HEAD", cache: "no-store" }).catch(() => undefined);
    if (response?.ok === true) {
      return true;
    }

    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  return false;
}

function play(video: HTMLVideoElement, path: string): void {
  const player = new Hls({ lowLatencyMode: true });
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

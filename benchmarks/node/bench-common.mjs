// What the Chromium benchmarks share: their arguments, the userSigs, a page server on loopback, Chromium launched with
// the flags that keep a headless page's timers and media honest, and the percentile of a sample.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import tlsSig from "tls-sig-api-v2";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `--name value` pairs of the command line, as an object. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i + 1 < argv.length; i += 2) {
    args[argv[i].replace(/^--/, "")] = argv[i + 1];
  }

  return args;
}

/** The server, app and key every benchmark needs (exits with `usage` when one is missing), and a userSig issuer. */
export function serverArgs(args, usage) {
  const serverUrl = args.server;
  const appId = Number(args["app-id"]);
  const key = args.key;
  if (!serverUrl || !appId || !key) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }

  const api = new tlsSig.Api(appId, key);
  return { serverUrl, appId, key, sig: (user) => api.genUserSig(user, 3600) };
}

/** The browser SDK bundle (`node web/sdk/build.mjs` makes it). */
export const sdkBundle = () => readFileSync(join(repo, "web/sdk/dist/openlive.js"));

/** Serves `page` at / and each of `files` (path → { type, body }) on a loopback port; resolves to its URL and a close. */
export async function servePage(page, files = {}) {
  const http = createServer((request, response) => {
    const file = files[request.url ?? "/"];
    if (file !== undefined) {
      response.writeHead(200, { "content-type": file.type }).end(file.body);
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
    }
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${http.address().port}/`, close: () => http.close() };
}

/**
 * Headless Chromium (Debian's, or CHROMIUM_PATH) with autoplay allowed, background throttling off (a hidden tab's
 * timers and decoders would otherwise slow down and skew the figures) and, with `fakeDevices`, the fake camera and
 * microphone granted without a prompt.
 */
export function launchChromium({ fakeDevices = true } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
      ...(fakeDevices ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] : []),
      "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--allow-loopback-in-peer-connection",
    ],
  });
}

/** A new tab of `browser` at `url`, once its script set `window.ready`; page errors go to stderr. */
export async function openPage(browser, url) {
  const tab = await browser.newPage();
  tab.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await tab.goto(url);
  await tab.waitForFunction(() => window.ready === true);
  return tab;
}

/** The nearest-rank percentile `p` (0-100) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

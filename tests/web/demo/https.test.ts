import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Api } from "tls-sig-api-v2";
import { exitAfterTests } from "../media/support/exitAfterTests.js";
import { until } from "../media/support/poll.js";
import { DemoBrowser, type DemoTab } from "./support/DemoBrowser.js";
import { DemoServer } from "./support/DemoServer.js";
import { goLive, joinById, signIn, status, waitForAudio, waitForVideo } from "./support/demoActions.js";
import { Nginx } from "./support/Nginx.js";
import { portForLater } from "./support/portForLater.js";
import { TestCertificate } from "./support/testCertificate.js";

// The demo over HTTPS, as browsers require for the camera: behind nginx terminating TLS with the shipped
// deploy/nginx/openlive.conf (test ports and certificate substituted), and on Kestrel's own HTTPS
// (--https-cert/--https-key). Chromium accepts the self-signed test certificate (--ignore-certificate-errors).

exitAfterTests();
const run = Date.now().toString(36).slice(-5);
let certificate: TestCertificate | undefined;
let proxied: DemoServer | undefined;
let direct: DemoServer | undefined;
let nginx: Nginx | undefined;
let nginxPrefix = "";
let tlsPort = 0;
let httpPort = 0;
let browser: DemoBrowser | undefined;

before(async () => {
  certificate = TestCertificate.create("127.0.0.1");
  // Behind nginx the server stays on loopback HTTP and believes X-Forwarded-For from nginx only.
  proxied = await DemoServer.start({ args: ["--known-proxies", "127.0.0.1"] });
  const upstream = Number(new URL(proxied.demoUrl).port);
  tlsPort = await portForLater();
  httpPort = await portForLater();
  nginxPrefix = Nginx.prepare({ tls: tlsPort, http: httpPort, upstream }, certificate.certPath, certificate.keyPath);
  browser = await DemoBrowser.launch(["--ignore-certificate-errors"]);
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  await nginx?.stop();
  proxied?.stop();
  direct?.stop();
  certificate?.remove();
}, { timeout: 20_000 });

function ready(): { browser: DemoBrowser; certificate: TestCertificate; proxied: DemoServer } {
  if (browser === undefined || certificate === undefined || proxied === undefined) {
    throw new Error("the server, the certificate or Chromium did not start");
  }

  return { browser, certificate, proxied };
}

/** Host goes live at `origin`, a second window (another person) joins and plays its video and audio. */
async function showPlays(browser: DemoBrowser, origin: string, label: string): Promise<DemoTab[]> {
  const hostId = `${label}_host_${run}`;
  const host = await browser.open(`${label}-host`, origin);
  await signIn(host, hostId);
  const roomId = await goLive(host, `HTTPS ${label}`);
  await until(`${label}: the host's status pill saying live`, () => status(host), (state) => state === "live", 15_000);
  const viewer = await browser.open(`${label}-viewer`, origin);
  await signIn(viewer, `${label}_fan_${run}`);
  await joinById(viewer, roomId);
  const playing = await waitForVideo(viewer, hostId);
  assert.ok(playing.videoWidth > 0);
  await waitForAudio(viewer, hostId);
  assert.deepEqual([...host.problems, ...viewer.problems], [], "the demo logged no errors over HTTPS");
  return [host, viewer];
}

describe("HTTPS: nginx in front, and Kestrel's own", { concurrency: false }, () => {
  it("nginx -t accepts the shipped deploy/nginx/openlive.conf (test ports and certificate)", { timeout: 30_000 }, async () => {
    const said = await Nginx.check(nginxPrefix);
    assert.match(said, /syntax is ok/);
    assert.match(said, /test is successful/);
    nginx = await Nginx.start(nginxPrefix, tlsPort);
  });

  it("through nginx's TLS the demo signs in and a second window plays the live (signaling upgraded to a WebSocket)", { timeout: 120_000 }, async () => {
    const { browser } = ready();
    assert.ok(nginx !== undefined, "nginx runs");
    const tabs = await showPlays(browser, `https://127.0.0.1:${tlsPort}/`, "nginx");
    // nginx logs a request when it ends: a WebSocket when its page closes.
    await Promise.all(tabs.map((tab) => tab.page.close()));
    const proxy = nginx;
    await until("nginx's access log showing /signal upgraded (101)", () => proxy.accessLog.split("\n").filter((line) => line.includes("/signal")),
      (lines) => lines.some((line) => /"GET \/signal HTTP\/1\.1" 101 /.test(line)), 15_000);
  });

  it("nginx answers plain HTTP with a redirect to HTTPS", { timeout: 20_000 }, async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/demo?x=1`, { redirect: "manual" });
    assert.equal(response.status, 308);
    assert.equal(response.headers.get("location"), "https://127.0.0.1/demo?x=1");
  });

  it("WHIP through nginx: 201 with the answer, Location and ETag as the server sent them; DELETE on the Location ends it", { timeout: 60_000 }, async () => {
    const { browser, proxied } = ready();
    const dev = JSON.parse(readFileSync(join(proxied.dataDir, "dev-app.json"), "utf8")) as { sdkAppId: number; key: string };
    const user = `whip_${run}`;
    const sig = new Api(dev.sdkAppId, dev.key).genUserSig(user, 3600);
    const tab = await browser.open("whip", `https://127.0.0.1:${tlsPort}/`);
    const result = await tab.page.evaluate(async ({ appId, user, sig }) => {
      const pc = new RTCPeerConnection();
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      for (const track of media.getTracks()) {
        pc.addTransceiver(track, { direction: "sendonly" });
      }

      await pc.setLocalDescription(await pc.createOffer());
      const response = await fetch(`/whip/${appId}/${70000 + Math.floor(Math.random() * 10000)}/${user}`, {
        method: "POST",
        headers: { "content-type": "application/sdp", authorization: `Bearer ${sig}` },
        body: pc.localDescription?.sdp ?? "",
      });
      const answer = await response.text();
      const location = response.headers.get("location");
      const etag = response.headers.get("etag");
      let connected = false;
      if (response.status === 201) {
        await pc.setRemoteDescription({ type: "answer", sdp: answer });
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && pc.connectionState !== "connected") {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }

        connected = pc.connectionState === "connected";
      }

      const ended = location === null ? 0 : (await fetch(location, { method: "DELETE" })).status;
      pc.close();
      media.getTracks().forEach((track) => track.stop());
      return { status: response.status, contentType: response.headers.get("content-type"), location, etag, answer: answer.slice(0, 200), connected, ended };
    }, { appId: dev.sdkAppId, user, sig });
    assert.equal(result.status, 201, JSON.stringify(result));
    assert.match(result.contentType ?? "", /^application\/sdp/);
    assert.match(result.answer, /^v=0/);
    assert.match(result.location ?? "", /^\/whip\/resource\/\S+$/);
    assert.ok((result.etag ?? "").length > 0, `an ETag: ${JSON.stringify(result)}`);
    assert.ok(result.connected, `the WHIP session connected (ICE and DTLS to the SFU): ${JSON.stringify(result)}`);
    assert.ok(result.ended >= 200 && result.ended < 300, `DELETE through nginx: ${result.ended}`);
  });

  it("directly on Kestrel's HTTPS (--https-cert/--https-key) the demo signs in and a second window plays the live", { timeout: 150_000 }, async () => {
    const { browser, certificate } = ready();
    direct = await DemoServer.start({ urls: "https://127.0.0.1:0", args: ["--https-cert", certificate.certPath, "--https-key", certificate.keyPath] });
    assert.match(direct.demoUrl, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(direct.output, /TLS:\s+CN=openlive-test, until \d{4}-\d\d-\d\d, SHA-256 [0-9A-F:]{95}/);
    await showPlays(browser, direct.demoUrl, "kestrel");
  });
});

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { exitAfterTests } from "../media/support/exitAfterTests.js";
import { LinkedNamespaces } from "../media/support/netns.js";
import { until } from "../media/support/poll.js";
import { DemoBrowser } from "./support/DemoBrowser.js";
import { DemoServer } from "./support/DemoServer.js";
import { goLive, joinById, signIn, status, waitForAudio, waitForVideo } from "./support/demoActions.js";
import { fingerprint } from "./support/testCertificate.js";

// `openlive serve --dev --lan ADDRESS` (what `./run.sh --lan ADDRESS` runs), as a phone on the same Wi-Fi sees it: the
// server in one network namespace on its own address, Chromium in another reaching nothing but that address. The
// banner's LAN URL is opened as printed; sign-in, going live and playing all cross the link (HTTPS and media).

exitAfterTests();
const lan = LinkedNamespaces.addressA;
const run = Date.now().toString(36).slice(-5);
let namespaces: LinkedNamespaces | undefined;
let server: DemoServer | undefined;
let browser: DemoBrowser | undefined;
let launcherDir: string | undefined;

before(async () => {
  namespaces = LinkedNamespaces.create();
  server = await DemoServer.start({ prefix: namespaces.exec(namespaces.a), args: ["--lan", lan] });
  // Playwright talks to Chromium over a pipe, so Chromium can run in B through `ip netns exec`.
  launcherDir = mkdtempSync(join(tmpdir(), "openlive-lan-chromium-"));
  const launcher = join(launcherDir, "chromium");
  writeFileSync(launcher, `#!/bin/sh\nexec ${namespaces.exec(namespaces.b).join(" ")} ${process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"} "$@"\n`);
  chmodSync(launcher, 0o755);
  browser = await DemoBrowser.launch(["--ignore-certificate-errors"], launcher);
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  server?.stop();
  namespaces?.destroy();
  if (launcherDir !== undefined) {
    rmSync(launcherDir, { recursive: true, force: true });
  }
}, { timeout: 20_000 });

describe("--lan: the demo from another device on the LAN", { concurrency: false }, () => {
  it("the banner prints the https URL on the LAN address, the certificate's fingerprint, media on that address and the exposure warning", () => {
    assert.ok(server !== undefined, "the server started");
    const output = server.output;
    const url = /^\s*LAN:\s+open (https:\/\/\S+)\/ on a phone/m.exec(output)?.[1];
    assert.match(url ?? "", new RegExp(`^https://${lan.replaceAll(".", "\\.")}:\\d+$`), output);
    assert.equal(server.demoUrl, `${url}/`, "the Demo line is the same LAN URL");
    const certificate = join(server.dataDir, "lan-cert.pem");
    const printed = /^\s*TLS:\s+\S+ \(self-signed for [^)]+\), SHA-256 ([0-9A-F:]+)$/m.exec(output)?.[1];
    assert.equal(printed, fingerprint(readFileSync(certificate, "utf8")), "the printed fingerprint is the certificate's");
    for (const file of ["lan-cert.pem", "lan-key.pem"]) {
      assert.equal(statSync(join(server.dataDir, file)).mode & 0o777, 0o600, `${file} is readable by its owner only`);
    }

    assert.match(output, new RegExp(`Media UDP:\\s+${lan.replaceAll(".", "\\.")}:\\d+`), "media bound on the LAN address");
    assert.match(output, /--dev-expose: dev mode listens on/, "the exposure warning");
  });

  it("Chromium in the other namespace opens that URL: the host goes live and a second window plays it", { timeout: 150_000 }, async () => {
    assert.ok(server !== undefined && browser !== undefined, "the server and Chromium started");
    const hostId = `lan_host_${run}`;
    const host = await browser.open("lan-host", server.demoUrl);
    await signIn(host, hostId);
    const roomId = await goLive(host, "LAN show");
    await until("the host's status pill saying live", () => status(host), (state) => state === "live", 15_000);
    const viewer = await browser.open("lan-viewer", server.demoUrl);
    await signIn(viewer, `lan_fan_${run}`);
    await joinById(viewer, roomId);
    const playing = await waitForVideo(viewer, hostId);
    assert.ok(playing.videoWidth > 0);
    await waitForAudio(viewer, hostId);
  });

  it("--lan without an address picks the machine's LAN address (the namespace's only one)", { timeout: 120_000 }, async () => {
    assert.ok(namespaces !== undefined, "the namespaces exist");
    const picked = await DemoServer.start({ prefix: namespaces.exec(namespaces.a), args: ["--lan"] });
    try {
      assert.match(picked.output, new RegExp(`^\\s*LAN:\\s+open https://${lan.replaceAll(".", "\\.")}:\\d+/ on a phone`, "m"), picked.output);
      assert.match(picked.demoUrl, new RegExp(`^https://${lan.replaceAll(".", "\\.")}:\\d+/$`));
    } finally {
      picked.stop();
    }
  });
});

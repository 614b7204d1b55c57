import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, relative, resolve, sep } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { realServer, uniqueRoom, uniqueUser, userSig } from "../sdk/support/RealServer.js";
import { repoRoot } from "../sdk/support/repoRoot.js";
import { chromiumFlags, MediaBrowser } from "../media/support/MediaBrowser.js";
import { exitAfterTests } from "../media/support/exitAfterTests.js";
import { describe as show, until } from "../media/support/poll.js";

// The browser SDK as an app developer gets it: `npm pack` of web/sdk (built by tests/web/run.mjs first), the tarball
// installed with npm into a fresh app in a temp directory outside the repository, and samples/browser/index.html served
// from that app (so the page loads the INSTALLED package through its import map, never web/sdk/dist). A host page
// (the media suite's harness, fake camera) publishes in a room on the runner's real server; the sample joins the
// room and must decode and show the host's video in Chromium. Then: the API report guards the public surface
// (web/sdk/api-report.mjs against a copy of the .d.ts with one export more fails and names the change), and the
// typedoc reference builds with one command (web/sdk/build-docs.mjs). docs/packages-browser.md describes all of it.

exitAfterTests();
const run = promisify(execFile);
const sdkDir = join(repoRoot(), "web", "sdk");
const workDir = mkdtempSync(join(tmpdir(), "openlive-packaging-"));
const appDir = join(workDir, "app");
const packageName = "@openlive/sdk";
const artifactsDir = join(repoRoot(), "artifacts", "test", "web-packaging");

/** What the tarball may hold: the bundle and its map, the .d.ts files, the README, the license and the manifest. */
function allowedInPackage(path: string): boolean {
  return ["package.json", "README.md", "LICENSE", "dist/openlive.js", "dist/openlive.js.map"].includes(path)
    || /^dist\/types\/([\w-]+\/)*[\w-]+\.d\.ts$/.test(path);
}

function allFilesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFilesUnder(root, path) : [relative(root, path).split(sep).join("/")];
  });
}

async function npm(cwd: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run("npm", args, { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} (in ${cwd}) failed: ${failed.message}\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`);
  }
}

let tarball = "";
let packedFiles: string[] = [];

before(async () => {
  assert.ok(existsSync(join(sdkDir, "dist", "openlive.js")), "web/sdk/dist is missing: tests/web/run.mjs builds the SDK first");
  // --ignore-scripts: this tarball is of the build tests/web/run.mjs made; the prepack script (a rebuild) is checked on
  // its own below, once.
  const packed = JSON.parse(await npm(sdkDir, "pack", "--json", "--ignore-scripts", "--pack-destination", workDir)) as { filename: string; files: { path: string }[] }[];
  const entry = packed[0];
  assert.ok(entry !== undefined, "npm pack printed no package");
  tarball = join(workDir, entry.filename);
  packedFiles = entry.files.map((file) => file.path).sort();

  // A fresh app outside the repository: no workspace, no node_modules above it that could resolve the package.
  assert.ok(relative(repoRoot(), appDir).startsWith(".."), `the app is outside the repository: ${appDir}`);
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, "package.json"), JSON.stringify({ name: "openlive-sample-app", version: "1.0.0", private: true, type: "module" }, null, 2));
  // The tarball has no dependencies, so the install needs no registry at all (--offline).
  await npm(appDir, "install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", tarball);
}, { timeout: 180_000 });

after(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe("the npm package (web/sdk)", { concurrency: false }, () => {
  it("packs only the bundle, its map, the .d.ts files, README, LICENSE and package.json; the manifest is a proper ESM package with no dependencies", () => {
    const unexpected = packedFiles.filter((path) => !allowedInPackage(path));
    assert.deepEqual(unexpected, [], `files that must not ship: ${show(unexpected)}`);
    for (const required of ["package.json", "README.md", "LICENSE", "dist/openlive.js", "dist/openlive.js.map", "dist/types/index.d.ts"]) {
      assert.ok(packedFiles.includes(required), `${required} is packed: ${show(packedFiles)}`);
    }

    const manifest = JSON.parse(readFileSync(join(appDir, "node_modules", "@openlive", "sdk", "package.json"), "utf8")) as Record<string, unknown>;
    assert.equal(manifest["name"], packageName);
    assert.match(String(manifest["version"]), /^\d+\.\d+\.\d+/);
    assert.equal(manifest["type"], "module");
    assert.equal(manifest["sideEffects"], false);
    assert.equal(manifest["license"], "MIT");
    assert.equal(manifest["author"], "The OpenLive authors", "the holder named in LICENSE");
    assert.deepEqual(manifest["publishConfig"], { access: "public" }, "a scoped package is published public");
    assert.ok(typeof manifest["description"] === "string" && manifest["description"].length > 0);
    assert.deepEqual(manifest["exports"], { ".": { types: "./dist/types/index.d.ts", import: "./dist/openlive.js", default: "./dist/openlive.js" }, "./package.json": "./package.json" });
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"]) {
      assert.equal(manifest[field], undefined, `the package has no ${field}`);
    }

    const readme = readFileSync(join(appDir, "node_modules", "@openlive", "sdk", "README.md"), "utf8");
    assert.match(readme, /npm install/);
    assert.match(readme, /\.login\(/);
    assert.match(readme, /\.joinRoom\(/);
  });

  it("installed in a fresh app: the files on disk are the allowed ones, the export resolves in Node, and the types compile in a strict consumer without skipLibCheck", async () => {
    const installed = join(appDir, "node_modules", "@openlive", "sdk");
    const onDisk = allFilesUnder(installed);
    assert.deepEqual(onDisk.filter((path) => !allowedInPackage(path)), [], "no dev, test or build files installed");
    assert.deepEqual(readdirSync(join(appDir, "node_modules")).filter((name) => !name.startsWith(".")), ["@openlive"], "the package pulls in nothing else");

    const probe = join(appDir, "probe.mjs");
    writeFileSync(probe, `import * as sdk from "${packageName}";\nimport manifest from "${packageName}/package.json" with { type: "json" };\n`
      + `console.log(JSON.stringify({ url: import.meta.resolve("${packageName}"), names: Object.keys(sdk).sort(), version: manifest.version }));\n`);
    const { stdout } = await run(process.execPath, [probe], { cwd: appDir, encoding: "utf8" });
    const resolved = JSON.parse(stdout) as { url: string; names: string[]; version: string };
    assert.ok(resolved.url.endsWith("/node_modules/@openlive/sdk/dist/openlive.js") && resolved.url.includes(appDir), `resolved from the app: ${resolved.url}`);
    for (const name of ["LiveClient", "LiveError", "LiveRoomOptions", "MemberEventId", "ILiveErrorCode", "AVErrorCode"]) {
      assert.ok(resolved.names.includes(name), `${name} is exported: ${show(resolved.names)}`);
    }

    // A TypeScript app with the DOM library, as a browser app has it; skipLibCheck off, so every shipped .d.ts is checked.
    writeFileSync(join(appDir, "app.ts"), [
      `import { LiveClient, LiveError, LiveRoomOptions, type LiveRoom, type RemoteTrack } from "${packageName}";`,
      `export async function watch(serverUrl: string, sdkAppId: number, userId: string, userSig: string, roomId: number): Promise<LiveRoom> {`,
      `  const client = new LiveClient({ serverUrl, sdkAppId });`,
      `  await client.login(userId, userSig);`,
      `  const room = await client.joinRoom(roomId, LiveRoomOptions.audience());`,
      `  room.on("remoteTrack", (remote: RemoteTrack) => { const video: MediaStream = new MediaStream([remote.track as MediaStreamTrack]); void video; });`,
      `  return room;`,
      `}`,
      `export function describeError(error: unknown): string { return error instanceof LiveError ? \`\${error.module} \${error.code} \${error.name}\` : String(error); }`,
      ``,
    ].join("\n"));
    writeFileSync(join(appDir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "ES2022", lib: ["ES2022", "DOM"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ["app.ts"],
    }, null, 2));
    const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
    try {
      await run(process.execPath, [tsc, "-p", join(appDir, "tsconfig.json")], { cwd: appDir, encoding: "utf8" });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      assert.fail(`the consumer does not compile against the installed types:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    }
  });

  it("samples/browser/index.html served with the installed package plays a host's camera in Chromium (frames presented and decoded)", { timeout: 120_000 }, async () => {
    const server = realServer();
    // The sample as a developer copies it into their app, next to its node_modules.
    copyFileSync(join(repoRoot(), "samples", "browser", "index.html"), join(appDir, "index.html"));
    const site = await serveStatic(appDir);
    const host = await MediaBrowser.launch();
    let viewerBrowser: Browser | undefined;
    let viewer: Page | undefined;
    const pageConsole: string[] = [];
    try {
      const roomId = uniqueRoom();
      const hostId = uniqueUser("pkghost");
      const hostPage = await host.page("host");
      await hostPage.call("login", server.url, server.sdkAppId, hostId, userSig(hostId));
      await hostPage.call("createRoom", roomId);
      assert.deepEqual(await hostPage.call("publish", { audio: false, camera: true, width: 640, height: 360 }), { ok: true });

      viewerBrowser = await chromium.launch({ executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium", headless: true, args: chromiumFlags });
      viewer = await viewerBrowser.newPage();
      viewer.on("console", (message) => pageConsole.push(`${message.type()}: ${message.text()}`));
      viewer.on("pageerror", (error) => pageConsole.push(`pageerror: ${error.message}`));
      // Which file the page loaded the SDK from: it must be the installed package's bundle.
      const scripts: string[] = [];
      viewer.on("request", (request) => { if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname); });
      const viewerId = uniqueUser("pkgviewer");
      const query = new URLSearchParams({ server: server.url, sdkAppId: String(server.sdkAppId), userId: viewerId, userSig: userSig(viewerId), roomId: String(roomId), autostart: "1" });
      await viewer.goto(`${site.url}/index.html?${query.toString()}`);

      const state = await until("the sample showing the host", () => viewer!.evaluate(() => ({
        status: document.querySelector("#status")?.textContent ?? "",
        width: (document.querySelector("video") as HTMLVideoElement | null)?.videoWidth ?? 0,
        decoded: (document.querySelector("video") as HTMLVideoElement | null)?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      })), (seen) => seen.width === 640 && seen.decoded >= 15 && seen.status === `playing ${hostId}'s camera in room ${roomId}`, 45_000).catch((error: Error) => {
        throw new Error(`${error.message}\npage console: ${show(pageConsole)}`);
      });
      // Frames keep being presented: requestVideoFrameCallback fires for 10 new frames.
      const presented = await viewer.evaluate(() => new Promise<number>((resolve, reject) => {
        const video = document.querySelector("video") as HTMLVideoElement;
        let frames = 0;
        const timer = setTimeout(() => reject(new Error(`only ${frames} frames presented in 10 s`)), 10_000);
        const next = (): void => {
          frames += 1;
          if (frames >= 10) {
            clearTimeout(timer);
            resolve(frames);
          } else {
            video.requestVideoFrameCallback(next);
          }
        };
        video.requestVideoFrameCallback(next);
      }));
      assert.equal(presented, 10, show(state));
      // What a person would see (kept also on success: artifacts/test/web-packaging/sample.png).
      mkdirSync(artifactsDir, { recursive: true });
      await viewer.screenshot({ path: join(artifactsDir, "sample.png"), timeout: 5000 });
      assert.ok(scripts.includes("/node_modules/@openlive/sdk/dist/openlive.js"), `the page loaded the installed package: ${show(scripts)}`);
    } catch (error) {
      // What the sample showed, for the failure's investigation (artifacts/test/web-packaging/).
      mkdirSync(artifactsDir, { recursive: true });
      await viewer?.screenshot({ path: join(artifactsDir, "sample.png"), timeout: 5000 }).catch(() => undefined);
      writeFileSync(join(artifactsDir, "sample-console.txt"), pageConsole.join("\n"));
      throw error;
    } finally {
      await viewerBrowser?.close().catch(() => undefined);
      await host.close();
      await new Promise((done) => site.http.close(done));
    }
  });
});

describe("npm pack with its lifecycle scripts", { concurrency: false }, () => {
  it("builds first (prepack runs build.mjs), so a tarball never holds a stale or missing dist/; LICENSE is the repository's", { timeout: 120_000 }, async () => {
    const manifest = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    assert.equal(manifest.scripts?.["prepack"], "node build.mjs");
    const bundle = join(sdkDir, "dist", "openlive.js");
    const before = statSync(bundle).mtimeMs;
    // --dry-run writes no tarball but runs prepack as a real pack does; its file list is of the rebuilt dist/.
    const packed = JSON.parse(await npm(sdkDir, "pack", "--dry-run", "--json")) as { files: { path: string }[] }[];
    assert.ok(statSync(bundle).mtimeMs > before, "dist/openlive.js was rebuilt by the pack");
    assert.deepEqual((packed[0]?.files ?? []).map((file) => file.path).sort(), packedFiles, "the same files as the pack of the test's build");
    assert.equal(readFileSync(join(sdkDir, "LICENSE"), "utf8"), readFileSync(join(repoRoot(), "LICENSE"), "utf8"), "web/sdk/LICENSE is the root LICENSE");
  });
});

describe("the API report (web/sdk/etc/openlive-sdk.api.md)", { concurrency: false }, () => {
  it("matches the built types; one export more fails the check, names the export and says how to accept it", { timeout: 120_000 }, async () => {
    const script = join(sdkDir, "api-report.mjs");
    const typesDir = join(workDir, "api", "types");
    const reportDir = join(workDir, "api", "etc");
    cpSync(join(sdkDir, "dist", "types"), typesDir, { recursive: true });
    mkdirSync(reportDir, { recursive: true });
    copyFileSync(join(sdkDir, "etc", "openlive-sdk.api.md"), join(reportDir, "openlive-sdk.api.md"));
    const check = (): Promise<{ code: number; output: string }> => run(process.execPath, [script, "--types", typesDir, "--report-dir", reportDir], { encoding: "utf8", timeout: 110_000 })
      .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
      .catch((error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }));

    const unchanged = await check();
    assert.equal(unchanged.code, 0, `the checked-in report matches the built types:\n${unchanged.output}`);

    writeFileSync(join(typesDir, "index.d.ts"), `${readFileSync(join(typesDir, "index.d.ts"), "utf8")}\n/** Added by the test. */\nexport declare const surfaceAddedByTheTest: number;\n`);
    const changed = await check();
    assert.notEqual(changed.code, 0, `a changed surface fails:\n${changed.output}`);
    assert.match(changed.output, /surfaceAddedByTheTest/, "the message shows the change");
    assert.match(changed.output, /--accept-api/, "the message says how to accept it");
  });
});

describe("the TypeScript API reference (web/sdk/build-docs.mjs)", () => {
  it("builds with one command: typedoc without warnings, a page per exported class, the package README as its front page", { timeout: 120_000 }, async () => {
    const out = join(workDir, "docs");
    try {
      await run(process.execPath, [join(sdkDir, "build-docs.mjs"), "--out", out], { encoding: "utf8", timeout: 110_000 });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      assert.fail(`build-docs.mjs failed: ${failed.message}\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    }

    for (const page of ["index.html", "classes/LiveClient.html", "classes/LiveRoom.html", "classes/LiveError.html", "interfaces/LiveClientOptions.html"]) {
      assert.ok(existsSync(join(out, page)), `${page} is generated: ${show(readdirSync(out))}`);
    }

    assert.match(readFileSync(join(out, "index.html"), "utf8"), /Quick start/, "the front page is the package README");
    // Every page of this reference that a document of the repository names (docs/reference/README.md lists the pages to
    // start from; the guides name others) is built.
    const documents = [join(repoRoot(), "README.md"), ...allFilesUnder(join(repoRoot(), "docs")).filter((path) => path.endsWith(".md")).map((path) => join(repoRoot(), "docs", path))];
    const named = documents.flatMap((document) => [...readFileSync(document, "utf8").matchAll(/artifacts\/docs\/web\/([\w./-]+\.html)/g)].map((match) => ({ document, page: match[1] ?? "" })));
    assert.ok(named.length > 0, "the docs name pages of the reference");
    const missing = named.filter(({ page }) => !existsSync(join(out, page))).map(({ document, page }) => `${relative(repoRoot(), document)}: ${page}`);
    assert.deepEqual(missing, [], "pages named in the docs that the reference does not have");
    // The reference is of the public surface: internal modules (the wire protocol) have no pages.
    assert.ok(!allFilesUnder(out).some((path) => /SignalingConnection|ServerFrame|_pb/.test(path)), "no internal types documented");
  });
});

/** A static file server for one directory (loopback, free port, GET only, no path outside the directory). */
async function serveStatic(root: string): Promise<{ url: string; http: Server }> {
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".map": "application/json", ".json": "application/json" };
  const http = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = resolve(root, `.${path}`);
    if (request.method !== "GET" || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.statusCode = 404;
      response.end();
      return;
    }

    response.setHeader("content-type", types[extname(file)] ?? "application/octet-stream");
    response.end(readFileSync(file));
  });
  await new Promise<void>((ready) => http.listen(0, "127.0.0.1", ready));
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, http };
}


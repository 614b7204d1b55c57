#!/usr/bin/env node
// Runs the browser SDK's tests: builds the SDK (web/sdk/build.mjs) and the demo app (web/demo/build.mjs), type-checks the tests, bundles each
// tests/web/**/*.test.ts with esbuild, starts the real OpenLive server for the integration and media tests (the built
// openlive.dll, a temp data dir, free ports, loopback only), runs `node --test`, stops the server and prints
//   N passed, N failed, N skipped
// as its last line (the format ./test.sh sums). Exit code 0 only when nothing failed.
//
// The media suite (tests/web/media: Chromium, @roamhq/wrtc and werift peers through the server's SFU, and a lossy
// link between network namespaces) runs after the SDK's tests, one file at a time: its peers are heavy. Its extra
// bundles: media/page/harness.js (the test page's script with the SDK, for the browser) and media/peers/*.mjs (peers
// run as child processes).
//
// The packaging suite (tests/web/packaging: `npm pack` of web/sdk installed into a temp app outside the repository,
// samples/browser served with the installed package in Chromium against the runner's server, and the API report's
// check) runs after the media suite, with its own time limit; it uses the media suite's page bundle for its host.
//
// The demo suite (tests/web/demo: the demo app in Chromium against a server started as ./run.sh starts it, at the URL
// its banner prints) runs last, with its own time limit.
//
//   node tests/web/run.mjs [--unit | --integration | --media | --packaging | --demo] [--no-build] [name-filter…]
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const testsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(testsDir, "..", "..");
const outDir = join(repoRoot, "artifacts", "test", "web");
const mediaArtifactsDir = join(repoRoot, "artifacts", "test", "web-media");
const demoArtifactsDir = join(repoRoot, "artifacts", "test", "web-demo");
const args = process.argv.slice(2);
const only = ["unit", "integration", "media", "demo"].find((group) => args.includes(`--${group}`));
/** The SDK's unit and integration tests (about 2 minutes): a file that hangs is stopped and fails rather than hold up CI. */
const sdkRunLimitMs = 8 * 60_000;
/** The media suite may not run longer than this (about 9 minutes on CI's two cores with the cluster files); then it is stopped and fails. */
const mediaRunLimitMs = 14 * 60_000;
/** The demo suite's limit (the demo, HTTPS through nginx and Kestrel, and --lan: about 4-6 minutes on a loaded machine). */
const demoRunLimitMs = 10 * 60_000;
/** The packaging suite's limit (npm pack, an offline install, the sample in Chromium, two api-extractor runs: about 1 minute). */
const packagingRunLimitMs = 5 * 60_000;
const filters = args.filter((arg) => !arg.startsWith("--"));
/** The one group to run, if a flag chose one: `only`, or --packaging for the packaging suite. */
const selected = only ?? (args.includes("--packaging") ? "packaging" : undefined);

let server;
/** The media or demo run's `node --test`, in its own process group so that a stop takes its test files, peers and servers too. */
let groupRunner;

function log(message) {
  process.stderr.write(`web tests: ${message}\n`);
}

function finish(passed, failed, skipped) {
  stopServer();
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

function testFiles(dir, suffix = ".test.ts") {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return testFiles(path, suffix);
    }

    return name.endsWith(suffix) ? [path] : [];
  });
}

/** The built CLI (./test.sh builds the solution first); built here when missing. */
function serverDll() {
  const candidates = ["Debug", "Release"]
    .map((configuration) => join(repoRoot, "src", "OpenLive.Cli", "bin", configuration, "net10.0", "openlive.dll"))
    .filter((dll) => existsSync(dll))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates[0] !== undefined) {
    return candidates[0];
  }

  log("openlive.dll is not built; building src/OpenLive.Cli (Debug)");
  execFileSync("dotnet", ["build", join(repoRoot, "src", "OpenLive.Cli"), "-c", "Debug", "--nologo", "-v", "quiet", "-clp:ErrorsOnly"], { stdio: "inherit" });
  return join(repoRoot, "src", "OpenLive.Cli", "bin", "Debug", "net10.0", "openlive.dll");
}

async function startServer() {
  const dll = serverDll();
  const dataDir = mkdtempSync(join(tmpdir(), "openlive-web-"));
  // Every port is the OS's pick at bind time (HTTP, media, the lone node's silo): a port picked free beforehand and
  // bound later can be taken in between by any other bind or outgoing connection on the machine.
  const argv = [
    dll, "serve", "--dev", "--urls", "http://127.0.0.1:0", "--data", dataDir, "--silo-port", "0", "--media-port", "0",
    "--Logging:LogLevel:Default=Warning",
  ];
  const child = spawn("dotnet", argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" } });
  let output = "";
  server = { child, dataDir };
  // The banner's "HTTP:" line names the bound address; it is printed once the server listens.
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "HTTP:" line from the server within 90 s:\n${output}`)), 90_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const http = /^\s*HTTP:\s+(http\S+)/m.exec(output)?.[1];
      if (http !== undefined) {
        clearTimeout(timer);
        resolve(http.replace(/\/$/, ""));
      }
    });
    child.stderr.on("data", (chunk) => { output += chunk; });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) during start:\n${output}`));
    });
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited during start:\n${output}`);
    }

    if (Date.now() > deadline) {
      throw new Error(`the server did not become healthy in 90 s:\n${output}`);
    }

    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) {
        break;
      }
    } catch {
      // Not listening yet.
    }

    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const dev = JSON.parse(readFileSync(join(dataDir, "dev-app.json"), "utf8"));
  log(`server ${url} (app ${dev.sdkAppId}, data ${dataDir})`);
  return { url, sdkAppId: dev.sdkAppId, key: dev.key, dll, dataDir };
}

function stopServer() {
  if (server === undefined) {
    return;
  }

  const { child, dataDir } = server;
  server = undefined;
  if (child.exitCode === null) {
    child.kill("SIGKILL");
  }

  rmSync(dataDir, { recursive: true, force: true });
}

/** Kills the media or demo run's process group: the runner if it still runs, and anything a test file left behind. */
function stopGroupRunner() {
  const pid = groupRunner?.pid;
  groupRunner = undefined;
  if (pid !== undefined) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // The group is gone.
    }
  }
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopGroupRunner();
    stopServer();
    process.exit(1);
  });
}

process.on("exit", () => {
  stopGroupRunner();
  stopServer();
});

// ---- build, type-check, bundle -------------------------------------------------------------------------------------

try {
  if (!args.includes("--no-build")) {
    log("building the SDK");
    execFileSync(process.execPath, [join(repoRoot, "web", "sdk", "build.mjs")], { stdio: "inherit" });
  }

  if (selected === undefined || selected === "demo") {
    if (!args.includes("--no-build")) {
      log("building the demo app");
      execFileSync(process.execPath, [join(repoRoot, "web", "demo", "build.mjs")], { stdio: "inherit" });
    }
  }

  log("type-checking the tests");
  execFileSync(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", join(testsDir, "tsconfig.json")], { stdio: "inherit" });
} catch {
  log("the build or the type-check failed");
  finish(0, 1, 0);
}

const sources = [...testFiles(join(testsDir, "sdk")), ...testFiles(join(testsDir, "media")), ...testFiles(join(testsDir, "packaging")), ...testFiles(join(testsDir, "demo"))]
  .filter((file) => selected === undefined || relative(testsDir, file).split(/[\\/]/).includes(selected))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
if (sources.length === 0) {
  log("no test files matched");
  finish(0, 0, 0);
}

const groupOf = (file) => relative(testsDir, file).split(/[\\/]/)[0];
const isMedia = (file) => groupOf(file) === "media";
const isDemo = (file) => groupOf(file) === "demo";
const isPackaging = (file) => groupOf(file) === "packaging";
const mediaPeers = sources.some(isMedia) ? testFiles(join(testsDir, "media", "peers"), "-peer.ts") : [];
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const esbuild = await import("esbuild");
await esbuild.build({
  entryPoints: [...sources, ...mediaPeers],
  outdir: outDir,
  outbase: testsDir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // Packages stay imports: "@openlive/sdk" is the built bundle (web/sdk/dist via the workspace link), the rest
  // (protobuf, werift, wrtc, tls-sig-api-v2) load from node_modules as they are.
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "inline",
  logLevel: "warning",
});
if (sources.some(isMedia) || sources.some(isPackaging)) {
  // The test page's script: the SDK bundled in, for the browser (the packaging suite's host page uses it too).
  await esbuild.build({
    entryPoints: [join(testsDir, "media", "page", "harness.ts")],
    outfile: join(outDir, "media", "page", "harness.js"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "chrome120",
    sourcemap: "inline",
    logLevel: "warning",
  });
}

if (sources.some(isMedia)) {
  rmSync(mediaArtifactsDir, { recursive: true, force: true });
}

if (sources.some(isDemo)) {
  rmSync(demoArtifactsDir, { recursive: true, force: true });
}

const bundleOf = (file) => join(outDir, relative(testsDir, file)).replace(/\.ts$/, ".mjs");
const sdkBundles = sources.filter((file) => !isMedia(file) && !isDemo(file) && !isPackaging(file)).map(bundleOf);
const mediaBundles = sources.filter(isMedia).map(bundleOf);
const packagingBundles = sources.filter(isPackaging).map(bundleOf);
const demoBundles = sources.filter(isDemo).map(bundleOf);
const bundles = [...sdkBundles, ...mediaBundles, ...packagingBundles];

// ---- server and run ------------------------------------------------------------------------------------------------

const env = { ...process.env };
if (typeof globalThis.WebSocket === "undefined") {
  // Node 20 has its WebSocket behind a flag; Node 22+ has it by default.
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --experimental-websocket`.trim();
}

if (bundles.some((bundle) => bundle.includes(`${join("sdk", "integration")}`)) || mediaBundles.length > 0 || packagingBundles.length > 0) {
  try {
    const started = await startServer();
    env.OPENLIVE_TEST_URL = started.url;
    env.OPENLIVE_TEST_APP_ID = String(started.sdkAppId);
    env.OPENLIVE_TEST_KEY = started.key;
    env.OPENLIVE_TEST_DATA = started.dataDir;
    env.OPENLIVE_SERVER_DLL = started.dll;
    env.OPENLIVE_MEDIA_BUILD = join(outDir, "media");
    env.OPENLIVE_MEDIA_ARTIFACTS = mediaArtifactsDir;
  } catch (error) {
    log(error.message);
    finish(0, 1, 0);
  }
}

if (demoBundles.length > 0) {
  // The demo suite starts its own server, as ./run.sh does: the built CLI and the demo just built.
  try {
    env.OPENLIVE_SERVER_DLL ??= serverDll();
  } catch (error) {
    log(error.message);
    finish(0, 1, 0);
  }

  env.OPENLIVE_DEMO_DIST = join(repoRoot, "web", "demo", "dist");
  env.OPENLIVE_DEMO_ARTIFACTS = demoArtifactsDir;
}

/** One `node --test` run; its counts from its TAP file (a crash or a timeout counts as a failure). */
async function runTests(name, files, extraArgs, limitMs) {
  const tapFile = join(outDir, `${name}.tap`);
  log(`node --test: ${name} (${files.length} files)`);
  const runner = spawn(process.execPath, [
    "--test",
    ...extraArgs,
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tapFile}`,
    ...files,
  ], { stdio: "inherit", env, cwd: repoRoot, detached: limitMs !== undefined });
  if (limitMs !== undefined) {
    groupRunner = runner;
  }

  const timer = limitMs === undefined ? undefined : setTimeout(() => {
    log(`${name}: still running after ${limitMs / 1000} s; stopping it`);
    stopGroupRunner();
  }, limitMs);
  const code = await new Promise((resolve) => runner.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  clearTimeout(timer);
  if (limitMs !== undefined) {
    stopGroupRunner();
  }

  const tap = existsSync(tapFile) ? readFileSync(tapFile, "utf8") : "";
  const count = (label) => Number(tap.match(new RegExp(`^# ${label} (\\d+)$`, "m"))?.[1] ?? 0);
  const counts = { passed: count("pass"), failed: count("fail") + count("cancelled"), skipped: count("skipped") + count("todo") };
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1; // the runner crashed, was stopped or printed no counts
  }

  return counts;
}

const total = { passed: 0, failed: 0, skipped: 0 };
const add = (counts) => {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
};
if (sdkBundles.length > 0) {
  add(await runTests("sdk", sdkBundles, [], sdkRunLimitMs));
}

if (mediaBundles.length > 0) {
  // One file at a time: each drives browsers and WebRTC stacks. (Not --test-force-exit: it cuts the TAP summary off;
  // the files end their own process once their tests are done, see media/support/exitAfterTests.ts.)
  add(await runTests("media", mediaBundles, ["--test-concurrency=1"], mediaRunLimitMs));
}

if (packagingBundles.length > 0) {
  add(await runTests("packaging", packagingBundles, ["--test-concurrency=1"], packagingRunLimitMs));
}

if (demoBundles.length > 0) {
  // After the media and packaging suites (both drive Chromium with real media; one at a time keeps the machine's CPU for each).
  add(await runTests("demo", demoBundles, ["--test-concurrency=1"], demoRunLimitMs));
}

finish(total.passed, total.failed, total.skipped);

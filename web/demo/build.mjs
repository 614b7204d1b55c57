#!/usr/bin/env node
// Builds the demo app into web/demo/dist (served by the server at /, see docs/demo.md):
//   1. tsc --noEmit             (strict type-check against the built SDK's types)
//   2. dist/app.js, admin.js,   esbuild bundles with the SDK inside (ESM, for current browsers), with source maps;
//      watch.js                 watch.js is the HLS page, with hls.js inside
//   3. dist/*.html, styles/     the pages and style sheets, copied
// Needs the SDK built first (node web/sdk/build.mjs); --with-sdk builds it. Nothing here goes to the network.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const demoDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(demoDir, "..", "..");
const distDir = join(demoDir, "dist");
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));

function step(what) {
  process.stderr.write(`demo build: ${what}\n`);
}

function fail(message) {
  process.stderr.write(`demo build: ${message}\n`);
  process.exit(1);
}

function packageBin(pkg, bin) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  return join(dirname(manifestPath), typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin]);
}

const sdkBundle = join(repoRoot, "web", "sdk", "dist", "openlive.js");
if (args.has("--with-sdk") || !existsSync(sdkBundle)) {
  if (!args.has("--with-sdk")) {
    fail(`the SDK is not built (${sdkBundle} is missing): run 'node web/sdk/build.mjs' first, or this with --with-sdk`);
  }

  step("building the SDK (web/sdk/build.mjs)");
  execFileSync(process.execPath, [join(repoRoot, "web", "sdk", "build.mjs")], { stdio: "inherit" });
}

step("tsc --noEmit");
try {
  execFileSync(process.execPath, [packageBin("typescript", "tsc"), "-p", join(demoDir, "tsconfig.json")], { stdio: "inherit" });
} catch {
  fail("type errors (above)");
}

step("esbuild -> dist/app.js, dist/admin.js, dist/watch.js");
rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
const esbuild = await import("esbuild");
await esbuild.build({
  entryPoints: {
    app: join(demoDir, "src", "app", "main.ts"),
    admin: join(demoDir, "src", "admin", "main.ts"),
    watch: join(demoDir, "src", "watch", "main.ts"),
  },
  outdir: distDir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome111", "firefox115", "safari16"],
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});

step("pages and styles -> dist/");
for (const page of ["index.html", "admin.html", "watch.html"]) {
  cpSync(join(demoDir, page), join(distDir, page));
}

cpSync(join(demoDir, "styles"), join(distDir, "styles"), { recursive: true });
step(`done: ${distDir}`);

#!/usr/bin/env node
// Builds the browser SDK:
//   1. src/gen/signaling_pb.ts  from protocol/openlive/v1/signaling.proto (protoc from the NuGet cache + protoc-gen-es)
//   2. src/gen/errors.ts        from the error catalog as the CLI prints it (`openlive errors --json`, en and zh)
//   3. tsc --noEmit             (strict type-check)
//   4. dist/openlive.js         one ESM bundle (esbuild) that runs in browsers and in Node
//   5. dist/types/**.d.ts       (tsc --emitDeclarationOnly)
// Flags: --check (steps 1-3 only), --skip-gen (reuse src/gen as it is).
// Nothing here goes to the network: protoc comes from the NuGet cache, the catalog from the repo's own CLI.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const sdkDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(sdkDir, "..", "..");
const genDir = join(sdkDir, "src", "gen");
const distDir = join(sdkDir, "dist");
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));

function step(what) {
  process.stderr.write(`build: ${what}\n`);
}

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

/** The bin of an installed package (npm workspaces hoist them to the repo's node_modules). */
function packageBin(pkg, bin) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const entry = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  return join(dirname(manifestPath), entry);
}

/** protoc: $PROTOC, else the newest Grpc.Tools in the NuGet cache (there after `dotnet restore`). */
function findProtoc() {
  if (process.env.PROTOC) {
    return process.env.PROTOC;
  }

  const platform = { linux: "linux", darwin: "macosx", win32: "windows" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64", ia32: "x86" }[process.arch];
  const packages = join(process.env.NUGET_PACKAGES ?? join(homedir(), ".nuget", "packages"), "grpc.tools");
  const exe = process.platform === "win32" ? "protoc.exe" : "protoc";
  const versions = existsSync(packages) ? readdirSync(packages) : [];
  versions.sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
  for (const version of versions) {
    const candidate = join(packages, version, "tools", `${platform}_${arch}`, exe);
    if (existsSync(candidate)) {
      return candidate;
    }
  }

  return fail(`no protoc found under ${packages}/*/tools/${platform}_${arch}: run 'dotnet restore' (OpenLive.Protocol uses Grpc.Tools) or set PROTOC`);
}

function generateSignaling() {
  const protoc = findProtoc();
  step(`protoc (${protoc}) + protoc-gen-es -> src/gen/signaling_pb.ts`);
  const out = join(genDir, ".protoc");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(protoc, [
    `--plugin=protoc-gen-es=${packageBin("@bufbuild/protoc-gen-es", "protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=js",
    `-I${join(repoRoot, "protocol")}`,
    join(repoRoot, "protocol", "openlive", "v1", "signaling.proto"),
  ], { stdio: "inherit" });
  writeFileSync(join(genDir, "signaling_pb.ts"), readFileSync(join(out, "openlive", "v1", "signaling_pb.ts")));
  rmSync(out, { recursive: true, force: true });
}

/** The CLI's `errors --json` output for one language: from the built CLI, else `dotnet run`. */
function catalogJson(language) {
  const built = ["Debug", "Release"]
    .map((configuration) => join(repoRoot, "src", "OpenLive.Cli", "bin", configuration, "net10.0", "openlive.dll"))
    .filter((dll) => existsSync(dll))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const command = built[0] !== undefined
    ? [built[0], "errors", "--json", "--lang", language]
    : ["run", "--project", join(repoRoot, "src", "OpenLive.Cli"), "--", "errors", "--json", "--lang", language];
  return JSON.parse(execFileSync("dotnet", command, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
}

function generateErrors() {
  const target = join(genDir, "errors.ts");
  let english;
  let chinese;
  try {
    english = catalogJson("en");
    chinese = catalogJson("zh");
  } catch (error) {
    if (existsSync(target)) {
      step(`the CLI could not print the error catalog (${error.message.split("\n")[0]}); keeping src/gen/errors.ts`);
      return;
    }

    fail(`the error catalog comes from 'openlive errors --json' and dotnet could not run it: ${error.message}`);
  }

  step(`openlive errors --json (en, zh) -> src/gen/errors.ts (${english.length} entries)`);
  const zhByKey = new Map(chinese.map((entry) => [`${entry.module}/${entry.code}`, entry.description]));
  const entries = english.map((entry) => ({
    module: entry.module,
    code: entry.code,
    name: entry.name,
    en: entry.description,
    zh: zhByKey.get(`${entry.module}/${entry.code}`) ?? entry.description,
  }));
  const codesOf = (module) => english
    .filter((entry) => entry.module === module)
    .map((entry) => `  /** ${entry.name}: ${entry.description.replaceAll("*/", "* /")} */\n  ${entry.dotnetName}: ${entry.code},`)
    .join("\n");
  const source = `// @generated by web/sdk/build.mjs from \`openlive errors --json --lang en|zh\` (src/OpenLive.Core's catalog,
// which is spec/'s tables). Do not edit: change the catalog and rebuild.

/** One catalog entry: iLiveSDK's module, code and constant name, and its text in English and Chinese. */
export interface CatalogEntry {
  readonly module: "ILiveSDK" | "AVSDK";
  readonly code: number;
  readonly name: string;
  readonly en: string;
  readonly zh: string;
}

export const errorCatalog: readonly CatalogEntry[] = ${JSON.stringify(entries, null, 2)};

/** iLiveSDK's own codes (module "ILiveSDK"), by the .NET SDK's names. */
export const ILiveErrorCode = {
${codesOf("ILiveSDK")}
} as const;

/** AVSDK's codes (module "AVSDK"), by the .NET SDK's names. */
export const AVErrorCode = {
${codesOf("AVSDK")}
} as const;
`;
  writeFileSync(target, source);
}

function tsc(...extra) {
  execFileSync(process.execPath, [packageBin("typescript", "tsc"), "-p", join(sdkDir, "tsconfig.json"), ...extra], { stdio: "inherit" });
}

async function bundle() {
  step("esbuild -> dist/openlive.js (ESM, one bundle for browsers and Node)");
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(sdkDir, "src", "index.ts")],
    outfile: join(distDir, "openlive.js"),
    bundle: true,
    format: "esm",
    // "neutral": no browser- or Node-specific shims; the SDK reaches WebSocket/RTCPeerConnection through its options.
    platform: "neutral",
    target: ["es2022"],
    sourcemap: true,
    legalComments: "none",
    logLevel: "warning",
  });
}

mkdirSync(genDir, { recursive: true });
if (!args.has("--skip-gen")) {
  generateSignaling();
  generateErrors();
}

step("tsc --noEmit");
try {
  tsc("--noEmit");
} catch {
  fail("type errors (above)");
}

if (!args.has("--check")) {
  rmSync(distDir, { recursive: true, force: true });
  await bundle();
  step("tsc --emitDeclarationOnly -> dist/types");
  tsc("--emitDeclarationOnly", "--noEmit", "false");
  step("done");
}

#!/usr/bin/env node
// The public API check of @openlive/sdk: API Extractor (api-extractor.json) reads dist/types/index.d.ts and writes the
// surface as a report; it must equal the checked-in etc/openlive-sdk.api.md, and the surface must have no TSDoc or
// API problems (a forgotten export, a broken {@link}, a malformed comment). build.mjs calls checkApiReport() after
// emitting the .d.ts; run alone:
//   node web/sdk/api-report.mjs [--accept-api] [--types DIR] [--report-dir DIR]
// --accept-api   writes the new report into the report folder (then review and commit its diff)
// --types        another dist/types folder (the packaging test checks a changed copy), --report-dir another report folder
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const sdkDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(sdkDir, "..", "..");
export const reportFileName = "openlive-sdk.api.md";
const acceptCommand = "node web/sdk/build.mjs --accept-api";

/** A path as the message shows it: relative to the repository when inside it. */
function shown(path) {
  const inRepo = relative(repoRoot, path);
  return inRepo.startsWith("..") || inRepo === "" ? path : inRepo;
}

/** Lines only in `before` (-) or only in `after` (+), in order: enough to show what changed in a report. */
function lineDiff(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence on lines (reports are a few thousand lines: a plain table is fine).
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }

  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || table[i][j + 1] >= table[i + 1][j])) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }

  return out;
}

/**
 * Runs API Extractor on `typesDir`/index.d.ts. Returns { ok, messages }: not ok when a problem was reported or the
 * surface differs from `reportDir`/openlive-sdk.api.md (unless `accept`, which then rewrites that file).
 */
export async function checkApiReport({ typesDir = join(sdkDir, "dist", "types"), reportDir = join(sdkDir, "etc"), accept = false } = {}) {
  const { Extractor, ExtractorConfig } = await import("@microsoft/api-extractor");
  const configPath = join(sdkDir, "api-extractor.json");
  const configObject = ExtractorConfig.loadFile(configPath);
  const entry = resolve(typesDir, "index.d.ts");
  configObject.projectFolder = sdkDir;
  configObject.mainEntryPointFilePath = entry;
  configObject.compiler = { overrideTsconfig: { ...configObject.compiler.overrideTsconfig, files: [entry] } };
  configObject.apiReport = { ...configObject.apiReport, reportFolder: resolve(reportDir) };
  const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configPath, packageJsonFullPath: join(sdkDir, "package.json") });

  const problems = [];
  const checkedIn = join(reportDir, reportFileName);
  const hadReport = existsSync(checkedIn);
  const result = Extractor.invoke(config, {
    localBuild: accept,
    messageCallback: (message) => {
      message.handled = true;
      if (message.logLevel === "error" || message.logLevel === "warning") {
        // The report-changed warning is answered below, with the diff.
        if (!/^console-api-report-(not-copied|diff|created|copied)$/.test(message.messageId)) {
          const where = message.sourceFilePath === undefined ? "" : `${shown(message.sourceFilePath)}:${message.sourceFileLine ?? 0}: `;
          problems.push(`${where}${message.text} (${message.messageId})`);
        }
      }
    },
  });

  const messages = [...problems];
  if (!hadReport && !accept) {
    problems.push(`there was no ${reportFileName} in ${shown(reportDir)}: it was written now; review it and commit it`);
    messages.push(problems.at(-1));
  }

  const fresh = config.reportTempFolder === undefined ? undefined : join(config.reportTempFolder, reportFileName);
  if (result.apiReportChanged && !accept) {
    const before = existsSync(checkedIn) ? readFileSync(checkedIn, "utf8") : "";
    const after = fresh !== undefined && existsSync(fresh) ? readFileSync(fresh, "utf8") : "";
    messages.push(
      `the public API of @openlive/sdk differs from ${shown(checkedIn)}:`,
      ...lineDiff(before, after).slice(0, 200).map((line) => `    ${line}`),
      `if the change is intended, accept it with '${acceptCommand}' (rewrites ${reportFileName}), review its diff and commit it;`
        + " otherwise change the code back (a removed or changed signature breaks apps built against the package)",
    );
  } else if (result.apiReportChanged) {
    messages.push(`accepted: ${shown(checkedIn)} rewritten with the new public API; review its diff and commit it`);
  }

  const ok = problems.length === 0 && result.errorCount === 0 && (accept || !result.apiReportChanged);
  return { ok, messages };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const valueOf = (flag) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const { ok, messages } = await checkApiReport({
    typesDir: valueOf("--types") ?? join(sdkDir, "dist", "types"),
    reportDir: valueOf("--report-dir") ?? join(sdkDir, "etc"),
    accept: argv.includes("--accept-api"),
  });
  for (const line of messages) {
    process.stderr.write(`api: ${line}\n`);
  }

  process.stderr.write(ok ? "api: the public API matches the report\n" : "api: FAILED\n");
  process.exit(ok ? 0 : 1);
}

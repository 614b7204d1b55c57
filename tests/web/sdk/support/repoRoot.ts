import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root (the folder holding OpenLive.sln), found from wherever the bundled test runs. */
export function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "OpenLive.sln"))) {
      return dir;
    }
  }

  throw new Error(`no OpenLive.sln above ${fileURLToPath(import.meta.url)}`);
}

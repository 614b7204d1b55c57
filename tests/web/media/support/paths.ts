import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "../../sdk/support/repoRoot.js";

/**
 * Where tests/web/run.mjs put the media suite's bundles (page/harness.js for the browser, peers/*.mjs for child
 * processes): $OPENLIVE_MEDIA_BUILD, else the nearest folder above the running bundle that holds page/harness.js.
 */
export function mediaBuildDir(): string {
  const fromEnv = process.env["OPENLIVE_MEDIA_BUILD"];
  if (fromEnv !== undefined && fromEnv.length > 0) {
    return fromEnv;
  }

  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "page", "harness.js"))) {
      return dir;
    }
  }

  throw new Error("the media test bundles are missing: run the tests with tests/web/run.sh");
}

/** A bundled child-process script (peers/<name>.mjs). */
export function peerScript(name: string): string {
  return join(mediaBuildDir(), "peers", `${name}.mjs`);
}

/** Where failing tests leave screenshots and logs. */
export function failureArtifactsDir(): string {
  return process.env["OPENLIVE_MEDIA_ARTIFACTS"] ?? join(repoRoot(), "artifacts", "test", "web-media");
}

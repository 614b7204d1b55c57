import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MediaBrowser } from "./MediaBrowser.js";
import { failureArtifactsDir } from "./paths.js";

/**
 * Runs a test body; when it fails, saves a screenshot of every open page (and `logs()`, e.g. peers' stderr) under
 * artifacts/test/web-media/ and names the files in the error.
 */
export async function withFailureArtifacts(label: string, browser: MediaBrowser | undefined, body: () => Promise<void>, logs?: () => string): Promise<void> {
  try {
    await body();
  } catch (error) {
    const dir = failureArtifactsDir();
    const saved = (await browser?.screenshots(dir, label)) ?? [];
    if (logs !== undefined) {
      try {
        await mkdir(dir, { recursive: true });
        const path = join(dir, `${label}.log`.replace(/[^\w.-]+/g, "_"));
        await writeFile(path, logs());
        saved.push(path);
      } catch {
        // Best effort.
      }
    }

    if (error instanceof Error && saved.length > 0) {
      error.message = `${error.message}\n(artifacts: ${saved.join(", ")})`;
    }

    throw error;
  }
}

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MediaBrowser } from "./MediaBrowser.js";
import { failureArtifactsDir } from "./paths.js";

/** What to save when a test fails. */
export interface FailureArtifacts {
  /** Screenshots of its open pages. */
  readonly browser?: MediaBrowser | undefined;
  /** Saves screenshots some other way (pages in other processes) into the directory; returns their paths. */
  readonly screenshots?: (dir: string, label: string) => Promise<string[]>;
  /** Text to keep (peers' stderr, the server's output). */
  readonly logs?: () => string;
}

/**
 * Runs a test body; when it fails, saves a screenshot of every page and the logs under artifacts/test/web-media/ and
 * names the files in the error.
 */
export async function withFailureArtifacts(label: string, artifacts: FailureArtifacts, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const dir = failureArtifactsDir();
    const saved = [
      ...((await artifacts.browser?.screenshots(dir, label)) ?? []),
      ...((await artifacts.screenshots?.(dir, label).catch(() => [])) ?? []),
    ];
    if (artifacts.logs !== undefined) {
      try {
        await mkdir(dir, { recursive: true });
        const path = join(dir, `${label}.log`.replace(/[^\w.-]+/g, "_"));
        await writeFile(path, artifacts.logs());
        saved.push(path);
      } catch {
        // Best effort.
      }
    }

    if (error instanceof Error && saved.length > 0) {
      // Reporters print the message or the stack (written when the error was made): the note goes on both.
      const note = `(artifacts: ${saved.join(", ")})`;
      error.message = `${error.message}\n${note}`;
      error.stack = `${error.stack ?? ""}\n${note}`;
    }

    throw error;
  }
}

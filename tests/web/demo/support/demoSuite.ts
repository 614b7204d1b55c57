import { after, before } from "node:test";
import { DemoBrowser } from "./DemoBrowser.js";
import { DemoServer } from "./DemoServer.js";

/**
 * One demo server (started as ./run.sh starts it) and one headless Chromium for a test file: started before its tests,
 * stopped after. {@link step} runs a test's body and, when it fails, saves every page's screenshot and console and the
 * server's output to artifacts/test/web-demo/ and names them in the error.
 */
export class DemoSuite {
  #server: DemoServer | undefined;
  #browser: DemoBrowser | undefined;

  private constructor() {
    before(async () => {
      this.#server = await DemoServer.start();
      this.#browser = await DemoBrowser.launch();
    }, { timeout: 100_000 });

    after(async () => {
      await this.#browser?.close();
      this.#server?.stop();
    }, { timeout: 20_000 });
  }

  /** Registers the file's before/after hooks; call at the top level of a test file. */
  static use(): DemoSuite {
    return new DemoSuite();
  }

  /** The server and Chromium; throws when they did not start. */
  ready(): { server: DemoServer; browser: DemoBrowser } {
    if (this.#server === undefined || this.#browser === undefined) {
      throw new Error("the server or Chromium did not start");
    }

    return { server: this.#server, browser: this.#browser };
  }

  /** Runs a step; when it fails, the artifacts are saved and named in its message and stack. */
  async step(label: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const saved = await this.#browser?.saveArtifacts(label, this.#server?.output ?? "").catch(() => []) ?? [];
      if (error instanceof Error && saved.length > 0) {
        const note = `(artifacts: ${saved.join(", ")})`;
        error.message = `${error.message}\n${note}`;
        error.stack = `${error.stack ?? ""}\n${note}`;
      }

      throw error;
    }
  }
}

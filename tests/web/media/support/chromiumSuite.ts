import { after, afterEach, before } from "node:test";
import { realServer, uniqueUser, userSig, type RealServer } from "../../sdk/support/RealServer.js";
import { MediaBrowser, type ChromiumPage } from "./MediaBrowser.js";

/**
 * One Chromium for a test file against the runner's server: launched before the file's tests, its pages closed after
 * each test, closed after the file. `member(name)` opens a page logged in as a fresh user.
 */
export class ChromiumSuite {
  readonly server: RealServer = realServer();
  #browser: MediaBrowser | undefined;

  private constructor() {}

  /** Registers the file's hooks (call at the top level of a test file). */
  static use(): ChromiumSuite {
    const suite = new ChromiumSuite();
    before(async () => {
      suite.#browser = await MediaBrowser.launch();
    }, { timeout: 30_000 });
    after(async () => {
      await suite.#browser?.close();
    }, { timeout: 30_000 });
    afterEach(async () => {
      await suite.#browser?.closePages();
    }, { timeout: 30_000 });
    return suite;
  }

  /** The browser, when it started (for failure artifacts). */
  get browser(): MediaBrowser | undefined {
    return this.#browser;
  }

  chromium(): MediaBrowser {
    if (this.#browser === undefined) {
      throw new Error("Chromium did not start");
    }

    return this.#browser;
  }

  /** A page logged in as a new user named after `name`. */
  async member(name: string): Promise<{ page: ChromiumPage; userId: string }> {
    const userId = uniqueUser(name);
    const page = await this.chromium().page(name);
    await page.call("login", this.server.url, this.server.sdkAppId, userId, userSig(userId));
    return { page, userId };
  }
}

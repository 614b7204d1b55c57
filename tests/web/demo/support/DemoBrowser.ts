import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { chromiumFlags } from "../../media/support/MediaBrowser.js";
import { repoRoot } from "../../sdk/support/repoRoot.js";

/** Where a failing demo test leaves its screenshots and logs. */
export function demoArtifactsDir(): string {
  return process.env["OPENLIVE_DEMO_ARTIFACTS"] ?? join(repoRoot(), "artifacts", "test", "web-demo");
}

/** The window a user has: a laptop's (1100x720) or a phone's (390x844 CSS px as an iPhone 14's, touch, 2x pixels). */
export type DemoDevice = "desktop" | "phone";

const contextOptions: Readonly<Record<DemoDevice, BrowserContextOptions>> = {
  desktop: { viewport: { width: 1100, height: 720 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** One tab of the demo, as a user in it: its page, and what its console said. */
export class DemoTab {
  readonly name: string;
  readonly page: Page;
  /** Console errors and warnings, page errors and failed requests: the demo must cause none. */
  readonly problems: string[] = [];
  readonly console: string[] = [];

  constructor(name: string, page: Page) {
    this.name = name;
    this.page = page;
    page.on("console", (message) => {
      const line = `${message.type()}: ${message.text()}`;
      this.console.push(line);
      if (message.type() === "error" || message.type() === "warning") {
        this.problems.push(line);
      }
    });
    page.on("pageerror", (error) => this.problems.push(`pageerror: ${error.message}`));
    page.on("requestfailed", (request) => {
      // A page closing mid-request is not the demo's failure.
      if (!page.isClosed() && request.failure()?.errorText !== "net::ERR_ABORTED") {
        this.problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
      }
    });
  }
}

/**
 * One headless Chromium (fake camera: a test pattern; fake microphone: a beep) with a browser context per user, so each
 * tab is a separate person (its own storage), as separate browser windows are.
 */
export class DemoBrowser {
  readonly tabs: DemoTab[] = [];
  readonly #browser: Browser;
  readonly #contexts: BrowserContext[] = [];

  private constructor(browser: Browser) {
    this.#browser = browser;
  }

  /** `extraArgs`: e.g. --ignore-certificate-errors; `executablePath`: e.g. a script running Chromium in a network namespace. */
  static async launch(extraArgs: readonly string[] = [], executablePath?: string): Promise<DemoBrowser> {
    return new DemoBrowser(await chromium.launch({
      executablePath: executablePath ?? process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
      headless: true,
      args: [...chromiumFlags, ...extraArgs],
    }));
  }

  /** A new window at `url`, a desktop's or a phone's. */
  async open(name: string, url: string, device: DemoDevice = "desktop"): Promise<DemoTab> {
    const context = await this.#browser.newContext(contextOptions[device]);
    this.#contexts.push(context);
    const tab = new DemoTab(name, await context.newPage());
    this.tabs.push(tab);
    await tab.page.goto(url);
    return tab;
  }

  /** Another tab in the same window as `beside` (the same person's browser: shared storage). */
  async openBeside(beside: DemoTab, name: string, url: string): Promise<DemoTab> {
    const tab = new DemoTab(name, await beside.page.context().newPage());
    this.tabs.push(tab);
    await tab.page.goto(url);
    return tab;
  }

  /** What `tab` shows now (its viewport, as the user sees it), saved for a reviewer as `<label>.png`; the path. */
  async screenshot(tab: DemoTab, label: string): Promise<string> {
    const dir = demoArtifactsDir();
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${label}.png`.replace(/[^\w.-]+/g, "_"));
    await tab.page.screenshot({ path, timeout: 10_000 });
    return path;
  }

  /** Screenshots of every open tab and their console logs (after a failure); the saved paths. */
  async saveArtifacts(label: string, serverOutput: string): Promise<string[]> {
    const dir = demoArtifactsDir();
    await mkdir(dir, { recursive: true });
    const saved: string[] = [];
    for (const tab of this.tabs.filter((t) => !t.page.isClosed())) {
      const path = join(dir, `${label}-${tab.name}.png`.replace(/[^\w.-]+/g, "_"));
      try {
        await tab.page.screenshot({ path, timeout: 5000, fullPage: true });
        saved.push(path);
      } catch {
        // Best effort: the test's own failure is what matters.
      }
    }

    const log = join(dir, `${label}.log`.replace(/[^\w.-]+/g, "_"));
    const consoles = this.tabs.map((tab) => `--- ${tab.name}\n${tab.console.join("\n")}`).join("\n");
    await writeFile(log, `${consoles}\n--- server\n${serverOutput}`).catch(() => undefined);
    saved.push(log);
    return saved;
  }

  async close(): Promise<void> {
    await this.#browser.close().catch(() => undefined);
  }
}

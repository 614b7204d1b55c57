import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { mediaBuildDir } from "./paths.js";
import type { PageHarness } from "./pageApi.js";

/** Flags for a headless Chromium whose camera and microphone are fake (a test pattern and a beep) and need no prompt. */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--allow-loopback-in-peer-connection",
];

const pageHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>OpenLive media test</title>
<style>body{margin:0;background:#222}video{width:320px;height:180px;background:#000;margin:2px}</style></head>
<body><script type="module" src="/harness.js"></script></body></html>`;

type Method = keyof PageHarness;
type Result<K extends Method> = Awaited<ReturnType<PageHarness[K]>>;

/** A test page in Chromium: a LiveClient driven through `window.harness` (page/harness.ts). */
export class ChromiumPage {
  readonly name: string;
  readonly page: Page;
  /** The page's console and errors, for diagnostics. */
  readonly console: string[] = [];

  constructor(name: string, page: Page) {
    this.name = name;
    this.page = page;
    page.on("console", (message) => this.console.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => this.console.push(`pageerror: ${error.message}`));
  }

  /** Calls a harness method in the page (arguments and result as JSON). */
  call<K extends Method>(method: K, ...args: Parameters<PageHarness[K]>): Promise<Result<K>> {
    return this.page.evaluate(
      async ([name, values]) => {
        const target = (window as unknown as { harness: Record<string, (...a: unknown[]) => unknown> }).harness;
        const fn = target[name];
        if (fn === undefined) {
          throw new Error(`no harness method ${name}`);
        }

        return await fn(...values);
      },
      [method, args] as [string, unknown[]],
    ) as Promise<Result<K>>;
  }

  /** Saves a screenshot (best effort: a failing test must still report its own failure). */
  async screenshot(dir: string, label: string): Promise<string | undefined> {
    try {
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${label}-${this.name}.png`.replace(/[^\w.-]+/g, "_"));
      await this.page.screenshot({ path, timeout: 5000 });
      return path;
    } catch {
      return undefined;
    }
  }
}

/**
 * One headless Chromium for a test file, with a loopback HTTP server for the test page (the page script bundled with
 * the SDK). Pages are tabs in the one browser; each has its own LiveClient.
 */
export class MediaBrowser {
  readonly #browser: Browser;
  readonly #http: Server;
  readonly #url: string;
  readonly #pages: ChromiumPage[] = [];

  private constructor(browser: Browser, http: Server, url: string) {
    this.#browser = browser;
    this.#http = http;
    this.#url = url;
  }

  static async launch(): Promise<MediaBrowser> {
    const harness = readFileSync(join(mediaBuildDir(), "page", "harness.js"));
    const http = createServer((request, response) => {
      if (request.url === "/") {
        response.setHeader("content-type", "text/html; charset=utf-8");
        response.end(pageHtml);
      } else if (request.url === "/harness.js") {
        response.setHeader("content-type", "text/javascript");
        response.end(harness);
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const browser = await chromium.launch({ executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium", headless: true, args: chromiumFlags });
      return new MediaBrowser(browser, http, `http://127.0.0.1:${port}/`);
    } catch (error) {
      http.close();
      throw error;
    }
  }

  /** A new tab with the test page loaded. */
  async page(name: string): Promise<ChromiumPage> {
    const page = new ChromiumPage(name, await this.#browser.newPage());
    this.#pages.push(page);
    await page.page.goto(this.#url);
    await page.page.waitForFunction(() => (window as unknown as { harness?: unknown }).harness !== undefined, undefined, { timeout: 10_000 });
    return page;
  }

  /** Screenshots of every open tab (after a failure). */
  async screenshots(dir: string, label: string): Promise<string[]> {
    const saved = await Promise.all(this.#pages.filter((page) => !page.page.isClosed()).map((page) => page.screenshot(dir, label)));
    return saved.filter((path): path is string => path !== undefined);
  }

  /** Leaves every page's room and closes its tab. */
  async closePages(): Promise<void> {
    const pages = this.#pages.splice(0);
    await Promise.all(pages.map(async (page) => {
      if (!page.page.isClosed()) {
        await Promise.race([page.call("leave").catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
        await page.page.close().catch(() => undefined);
      }
    }));
  }

  async close(): Promise<void> {
    await this.closePages();
    await this.#browser.close().catch(() => undefined);
    await new Promise((resolve) => this.#http.close(resolve));
  }
}

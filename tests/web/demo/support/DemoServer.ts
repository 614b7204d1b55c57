import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../sdk/support/repoRoot.js";

/** How to start it otherwise: extra flags (HTTPS, --lan), its listen URLs, and a command prefix (ip netns exec NS). */
export interface DemoServerStart {
  readonly args?: readonly string[];
  readonly urls?: string;
  readonly prefix?: readonly string[];
}

/** The server as ./run.sh starts it (`openlive serve --dev`), on loopback with free ports and a temp data dir. */
export class DemoServer {
  readonly demoUrl: string;
  readonly adminUrl: string;
  readonly #child: ChildProcess;
  readonly #dataDir: string;
  readonly #output: string[];

  private constructor(child: ChildProcess, dataDir: string, output: string[], demoUrl: string, adminUrl: string) {
    this.#child = child;
    this.#dataDir = dataDir;
    this.#output = output;
    this.demoUrl = demoUrl;
    this.adminUrl = adminUrl;
  }

  /** What the server printed (for failure artifacts). */
  get output(): string {
    return this.#output.join("");
  }

  /** Its data directory (dev-app.json, lan-cert.pem). */
  get dataDir(): string {
    return this.#dataDir;
  }

  /**
   * Starts the built CLI (run.mjs passes its path in OPENLIVE_SERVER_DLL, the demo's build in OPENLIVE_DEMO_DIST) and
   * waits for its banner: the demo's URL is the one it prints on the `Demo:` line, as a user would open it.
   */
  static async start(how: DemoServerStart = {}): Promise<DemoServer> {
    const dll = process.env["OPENLIVE_SERVER_DLL"];
    if (dll === undefined || dll.length === 0) {
      throw new Error("OPENLIVE_SERVER_DLL is not set: run the demo suite with tests/web/run.sh --demo");
    }

    const dataDir = mkdtempSync(join(tmpdir(), "openlive-demo-"));
    const args = [
      dll, "serve", "--dev", "--urls", how.urls ?? "http://127.0.0.1:0", "--data", dataDir,
      "--media-port", "0", "--silo-port", "0",
      "--demo-path", process.env["OPENLIVE_DEMO_DIST"] ?? join(repoRoot(), "web", "demo", "dist"),
      "--Logging:LogLevel:Default=Warning",
      ...how.args ?? [],
    ];
    const [command, ...prefixArgs] = [...how.prefix ?? [], "dotnet"];
    const child = spawn(command ?? "dotnet", [...prefixArgs, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" } });
    const output: string[] = [];
    const urls = await new Promise<{ demo: string; admin: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Demo:" line from the server within 90 s:\n${output.join("")}`)), 90_000);
      const onData = (chunk: Buffer): void => {
        output.push(chunk.toString());
        const text = output.join("");
        const demo = /^\s*Demo:\s+(http\S+)/m.exec(text)?.[1];
        const admin = /^\s*Admin UI:\s+(http\S+)/m.exec(text)?.[1];
        if (demo !== undefined && admin !== undefined) {
          clearTimeout(timer);
          resolve({ demo, admin });
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) during start:\n${output.join("")}`));
      });
    });
    return new DemoServer(child, dataDir, output, urls.demo, urls.admin);
  }

  /**
   * The SFU's view of a room's media from the admin API (`GET …/rooms/{roomId}/media`): per member what it publishes
   * (bitrate of all its layers, frame size and rate) and which layer of whom it receives — what a failure message
   * needs to tell a publisher that never sent its top layer from a viewer the server kept on a low one.
   */
  async roomMedia(roomId: string): Promise<string> {
    const key = new URL(this.adminUrl).hash.replace(/^#key=/, "");
    const { sdkAppId } = JSON.parse(readFileSync(join(this.#dataDir, "dev-app.json"), "utf8")) as { sdkAppId: number };
    const response = await fetch(new URL(`/admin/v1/apps/${sdkAppId}/rooms/${roomId}/media`, this.adminUrl), { headers: { authorization: `Bearer ${key}` } });
    return `${response.status} ${await response.text()}`;
  }

  stop(): void {
    if (this.#child.exitCode === null) {
      this.#child.kill("SIGKILL");
    }

    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}

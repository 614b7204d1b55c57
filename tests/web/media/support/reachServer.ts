import { spawn, type ChildProcess } from "node:child_process";
import { readDevApp, type DevApp } from "./devApp.js";

/** Namespaces that run a command inside one of them (ReachNamespaces by role, LinkedNamespaces by name). */
export interface NamespaceExec {
  exec(roleOrName: string): string[];
}

/** What a test adds to the server's start. */
export interface ReachServerOptions {
  /** Environment added to the server's (secrets go here, not in argv: argv is world-readable in /proc). */
  readonly env?: Readonly<Record<string, string>>;
  /** How much of the console to keep for diagnostics (8,000 characters by default). */
  readonly keepChars?: number;
}

/** The OpenLive server in a namespace of the reach tests, its console kept for diagnostics and the banner. */
export class ReachServer {
  readonly #child: ChildProcess;
  readonly #dataDir: string;
  readonly #keepChars: number;
  #output = "";

  private constructor(child: ChildProcess, dataDir: string, keepChars: number) {
    this.#child = child;
    this.#dataDir = dataDir;
    this.#keepChars = keepChars;
    child.stdout?.on("data", (chunk: Buffer) => this.#append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#append(chunk));
  }

  /**
   * Starts `openlive serve --dev --dev-expose` in the role's namespace (dev mode on an address other than loopback
   * must be asked for, even on a private link) with fixed ports (a private namespace: nothing to clash with) and
   * `args` added.
   */
  static start(namespaces: NamespaceExec, role: string, dataDir: string, urls: string, args: readonly string[], options: ReachServerOptions = {}): ReachServer {
    const dll = process.env["OPENLIVE_SERVER_DLL"];
    if (dll === undefined || dll.length === 0) {
      throw new Error("OPENLIVE_SERVER_DLL is not set: run the tests with tests/web/run.sh");
    }

    const [exec, ...prefix] = namespaces.exec(role);
    const child = spawn(exec ?? "ip", [
      // setpriv: the server dies with this process, whatever ends it.
      ...prefix, "setpriv", "--pdeathsig", "KILL", "dotnet", dll, "serve", "--dev", "--dev-expose",
      "--urls", urls, "--data", dataDir, "--silo-port", "11111", "--gateway-port", "30000",
      "--Logging:LogLevel:Default=Warning", ...args,
    ], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1", ...options.env } });
    return new ReachServer(child, dataDir, options.keepChars ?? 8000);
  }

  /** The console so far (its last characters). */
  get output(): string {
    return this.#output;
  }

  /** The banner's "Media UDP:" line, once printed. */
  get mediaLine(): string | undefined {
    return /Media UDP:\s*(.*)/.exec(this.#output)?.[1]?.trim();
  }

  /** A userSig of the dev app (read from the data directory once the server wrote it). */
  sig(userId: string): string {
    return this.devApp().sig(userId);
  }

  devApp(): DevApp {
    return readDevApp(this.#dataDir);
  }

  /** SIGKILL (its namespace's cleanup would too). */
  kill(): void {
    this.#child.kill("SIGKILL");
  }

  /** SIGTERM: the node drains and stops. */
  terminate(): void {
    this.#child.kill("SIGTERM");
  }

  /** Resolves when the process is gone. */
  exited(): Promise<void> {
    return this.#child.exitCode !== null || this.#child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => this.#child.once("exit", () => resolve()));
  }

  #append(chunk: Buffer): void {
    this.#output = (this.#output + chunk.toString()).slice(-this.#keepChars);
  }
}

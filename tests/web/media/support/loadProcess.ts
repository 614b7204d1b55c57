import { spawn, type ChildProcess } from "node:child_process";
import type { NamespaceExec } from "./reachServer.js";

/** One JSON line of `openlive load` (docs/cli.md#openlive-load): `t` (Unix ms), `event`, and the event's fields. */
export interface LoadLine {
  readonly t: number;
  readonly event: string;
  readonly user?: string;
  readonly state?: string;
  readonly tracks?: ReadonlyArray<{ readonly from: string; readonly source: string; readonly frames: number; readonly packets: number }>;
  readonly seq?: number;
  readonly acked?: boolean;
  readonly text?: string;
  readonly epoch?: number;
  readonly [field: string]: unknown;
}

/** What `openlive load` runs: its members (`ROLE[*COUNT]@URL[,URL…]`) and options. */
export interface LoadOptions {
  readonly room: number;
  readonly members: readonly string[];
  readonly appId: number;
  readonly key: string;
  readonly userPrefix: string;
  readonly chatInterval?: string;
  readonly mediaAddress?: string;
  readonly reportInterval?: string;
}

/**
 * `openlive load` (the .NET SDK's room members, from the CLI) run in a namespace, its JSON lines kept and parsed: the
 * .NET media clients of the cluster tests. The app key goes through the environment (argv is world-readable).
 */
export class LoadProcess {
  readonly #child: ChildProcess;
  readonly lines: LoadLine[] = [];
  #partial = "";
  #stderr = "";
  #exit: Promise<number | null>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stdout?.on("data", (chunk: Buffer) => this.#read(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-8000);
    });
    this.#exit = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  static start(namespaces: NamespaceExec, role: string, options: LoadOptions): LoadProcess {
    const dll = process.env["OPENLIVE_SERVER_DLL"];
    if (dll === undefined || dll.length === 0) {
      throw new Error("OPENLIVE_SERVER_DLL is not set: run the tests with tests/web/run.sh");
    }

    const [exec, ...prefix] = namespaces.exec(role);
    const args = [...prefix, "setpriv", "--pdeathsig", "KILL", "dotnet", dll, "load", "--room", String(options.room), "--user-prefix", options.userPrefix,
      ...options.members.flatMap((member) => ["--member", member]),
      ...(options.chatInterval === undefined ? [] : ["--chat-interval", options.chatInterval]),
      ...(options.mediaAddress === undefined ? [] : ["--media-address", options.mediaAddress]),
      ...(options.reportInterval === undefined ? [] : ["--report-interval", options.reportInterval])];
    const child = spawn(exec ?? "ip", args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OPENLIVE_APP_ID: String(options.appId), OPENLIVE_APP_KEY: options.key, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
    });
    return new LoadProcess(child);
  }

  /** The lines of one event (and user). */
  of(event: string, user?: string): LoadLine[] {
    return this.lines.filter((line) => line.event === event && (user === undefined || line.user === user));
  }

  /** The member's latest camera frame counts, by publisher. */
  cameraFrames(user: string): Map<string, number> {
    const latest = this.of("frames", user).at(-1);
    return new Map((latest?.tracks ?? []).filter((track) => track.source === "camera").map((track) => [track.from, track.frames]));
  }

  /** SIGTERM: the members quit and log out; resolves with the exit code. */
  async stop(): Promise<number | null> {
    this.#child.kill("SIGTERM");
    return this.#exit;
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }

  /** Its stderr, every line but the routine ones (frames, sent, chat), and each member's last frames line. */
  diagnostics(): string {
    const events = this.lines.filter((line) => !["frames", "sent", "chat"].includes(line.event));
    const users = [...new Set(this.lines.map((line) => line.user).filter((user) => user !== undefined))];
    const lastFrames = users.map((user) => this.of("frames", user).at(-1)).filter((line) => line !== undefined);
    return [`load stderr:\n${this.#stderr}`, "load events:", ...events.map((line) => JSON.stringify(line)), "last frames:", ...lastFrames.map((line) => JSON.stringify(line))].join("\n");
  }

  #read(text: string): void {
    const parts = (this.#partial + text).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const part of parts) {
      if (part.trim().length > 0) {
        try {
          this.lines.push(JSON.parse(part) as LoadLine);
        } catch {
          this.#stderr += `\nnot JSON: ${part}`;
        }
      }
    }
  }
}

/** GET `url` with a bearer token from inside a namespace (node's fetch): the parsed JSON body and status. */
export async function fetchInNamespace(namespaces: NamespaceExec, role: string, url: string, bearer?: string): Promise<{ status: number; body: unknown }> {
  return requestInNamespace(namespaces, role, url, { bearer });
}

/** What {@link requestInNamespace} sends: a method (GET), headers, a text body and a bearer token. */
export interface NamespaceRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly bearer?: string | undefined;
}

/** An HTTP request from inside a namespace (node's fetch): the status and the body, parsed when it is JSON. */
export async function requestInNamespace(namespaces: NamespaceExec, role: string, url: string, request: NamespaceRequest = {}): Promise<{ status: number; body: unknown }> {
  const [exec, ...prefix] = namespaces.exec(role);
  const script = `const r = JSON.parse(process.env.REQUEST);
    const headers = { accept: "application/json", ...r.headers };
    if (r.bearer) headers.authorization = "Bearer " + r.bearer;
    fetch(process.argv[1], { method: r.method ?? "GET", headers, body: r.body })
    .then(async (a) => { const t = await a.text(); let b; try { b = JSON.parse(t); } catch { b = t; } console.log(JSON.stringify({ status: a.status, body: b })); })
    .catch((e) => { console.log(JSON.stringify({ status: 0, body: String(e) })); });`;
  const child = spawn(exec ?? "ip", [...prefix, process.execPath, "-e", script, url], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, REQUEST: JSON.stringify(request) } });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => child.once("exit", resolve));
  return JSON.parse(out.trim() || '{"status":0,"body":"no output"}') as { status: number; body: unknown };
}

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, Fatal } from "./poll.js";

/** One JSON line a peer process printed. */
export type PeerLine = { readonly type: string } & Record<string, unknown>;

/**
 * A peer in its own process (peers/*.mjs), reporting JSON lines on stdout and taking JSON requests on stdin. Used for
 * @roamhq/wrtc, whose native module may crash or hang at exit on Node 20, and for peers in other network namespaces.
 * The process is killed (SIGKILL) by {@link ChildPeer.kill}, never waited on to exit by itself; it also kills itself
 * when its stdin closes (this process died), so no peer outlives its test.
 */
export class ChildPeer {
  readonly name: string;
  readonly lines: PeerLine[] = [];
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #exited: Promise<void>;
  readonly #replies = new Map<number, (line: PeerLine) => void>();
  #stderr = "";
  #nextId = 1;

  /** Starts `command` (e.g. [node, script] or [ip, netns, exec, ns, node, script]) with the config as its last argument. */
  constructor(name: string, command: readonly string[], config: object, env: NodeJS.ProcessEnv = process.env) {
    this.name = name;
    const [file, ...args] = command;
    if (file === undefined) {
      throw new Error("no command");
    }

    this.#child = spawn(file, [...args, JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"], env });
    this.#exited = new Promise((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.stdin.on("error", () => undefined);
    this.#child.stderr.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-8000);
    });
    createInterface({ input: this.#child.stdout }).on("line", (text) => {
      let line: PeerLine;
      try {
        line = JSON.parse(text) as PeerLine;
      } catch {
        this.#stderr = `${this.#stderr}\n[stdout] ${text}`.slice(-8000);
        return;
      }

      this.lines.push(line);
      if (line.type === "reply" && typeof line["id"] === "number") {
        this.#replies.get(line["id"])?.(line);
        this.#replies.delete(line["id"]);
      }
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get exited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** The newest line of a type. */
  latest(type: string): PeerLine | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      if (this.lines[i]?.type === type) {
        return this.lines[i];
      }
    }

    return undefined;
  }

  /** What the process said on stderr lately, and any error line it printed. */
  diagnostics(): string {
    const errors = this.lines.filter((line) => line.type === "error").map((line) => describe(line));
    return `${this.name} (pid ${this.pid ?? "?"}, ${this.exited ? `exited ${this.#child.exitCode ?? this.#child.signalCode}` : "running"}): ${errors.join("; ")}\n${this.#stderr.trim()}`;
  }

  /** Fails at once when the peer reported an error or died. */
  throwIfFailed(): void {
    const error = this.lines.find((line) => line.type === "error");
    if (error !== undefined || this.exited) {
      throw new Fatal(`peer ${this.diagnostics()}`);
    }
  }

  /** Sends a request ({ id, method, args }) and waits for its reply's value. */
  async call(method: string, args: readonly unknown[] = [], timeoutMs = 30_000): Promise<unknown> {
    const id = this.#nextId++;
    const reply = new Promise<PeerLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#replies.delete(id);
        reject(new Error(`${this.name}.${method}: no reply within ${timeoutMs} ms; ${this.diagnostics()}`));
      }, timeoutMs);
      this.#replies.set(id, (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      void this.#exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name}.${method}: the peer exited; ${this.diagnostics()}`));
      });
    });
    this.#child.stdin.write(`${JSON.stringify({ id, method, args })}\n`);
    const line = await reply;
    if (line["ok"] !== true) {
      throw new Error(`${this.name}.${method} failed: ${String(line["error"])}`);
    }

    return line["value"];
  }

  /** SIGKILL, then waits until the process is gone. */
  async kill(): Promise<void> {
    if (!this.exited) {
      this.#child.kill("SIGKILL");
    }

    await this.#exited;
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import type { NamespaceExec } from "./reachServer.js";

/** A redis-server in a namespace of the cluster tests: no persistence, bound to one address, killed with the test. */
export class NamespacedRedis {
  readonly #child: ChildProcess;
  readonly address: string;
  readonly port: number;
  #output = "";

  private constructor(child: ChildProcess, address: string, port: number) {
    this.#child = child;
    this.address = address;
    this.port = port;
    child.stdout?.on("data", (chunk: Buffer) => this.#append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#append(chunk));
  }

  /** Starts it in `role`'s namespace on `address`:`port`; the caller waits for it through a node's start. */
  static start(namespaces: NamespaceExec, role: string, address: string, port = 6379): NamespacedRedis {
    const binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(existsSync);
    if (binary === undefined) {
      throw new Error("redis-server is not installed; ./test.sh installs it (apt package redis-server)");
    }

    const [exec, ...prefix] = namespaces.exec(role);
    const child = spawn(exec ?? "ip", [...prefix, "setpriv", "--pdeathsig", "KILL", binary,
      "--bind", address, "--port", String(port), "--save", "", "--appendonly", "no", "--protected-mode", "no"],
    { stdio: ["ignore", "pipe", "pipe"] });
    return new NamespacedRedis(child, address, port);
  }

  get connection(): string {
    return `${this.address}:${this.port}`;
  }

  get output(): string {
    return this.#output;
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }

  #append(chunk: Buffer): void {
    this.#output = (this.#output + chunk.toString()).slice(-4000);
  }
}

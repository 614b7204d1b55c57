import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "./poll.js";
import type { NamespaceExec } from "./reachServer.js";

/** True when `command` run in the namespace exits 0. */
function succeeds(namespaces: NamespaceExec, role: string, command: readonly string[]): boolean {
  const [exec, ...prefix] = namespaces.exec(role);
  try {
    execFileSync(exec ?? "ip", [...prefix, ...command], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A redis-server in a namespace of the cluster tests, bound to one address, killed with the test. It keeps an
 * append-only file synced on every write (in a temp directory), as docs/operations.md asks of a cluster's Redis, so a
 * {@link restart} after SIGKILL comes back with the membership table, apps and rooms.
 */
export class NamespacedRedis {
  #child: ChildProcess;
  readonly address: string;
  readonly port: number;
  readonly #start: () => ChildProcess;
  readonly #dir: string;
  #output = "";

  private constructor(start: () => ChildProcess, dir: string, address: string, port: number) {
    this.#start = start;
    this.#dir = dir;
    this.address = address;
    this.port = port;
    this.#child = this.#watch(start());
  }

  /** Starts it in `role`'s namespace on `address`:`port`; the caller waits for it through a node's start. */
  static start(namespaces: NamespaceExec, role: string, address: string, port = 6379): NamespacedRedis {
    const binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(existsSync);
    if (binary === undefined) {
      throw new Error("redis-server is not installed; ./test.sh installs it (apt package redis-server)");
    }

    const dir = mkdtempSync(join(tmpdir(), "openlive-redis-"));
    const [exec, ...prefix] = namespaces.exec(role);
    const start = (): ChildProcess => spawn(exec ?? "ip", [...prefix, "setpriv", "--pdeathsig", "KILL", binary,
      "--bind", address, "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no"],
    { stdio: ["ignore", "pipe", "pipe"] });
    return new NamespacedRedis(start, dir, address, port);
  }

  /** SIGKILL, `downMs` with no Redis, then the same server again on the same files; resolves once it is started. */
  async restart(downMs: number): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGKILL");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.#child = this.#watch(this.#start());
  }

  get connection(): string {
    return `${this.address}:${this.port}`;
  }

  /** Resolves once it answers PING (from its namespace). */
  async ready(namespaces: NamespaceExec, role: string): Promise<void> {
    await until("redis-server answering PING", () => succeeds(namespaces, role, ["redis-cli", "-h", this.address, "-p", String(this.port), "ping"]),
      (ok) => ok, 30_000, 100);
  }

  get output(): string {
    return this.#output;
  }

  kill(): void {
    this.#child.kill("SIGKILL");
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #watch(child: ChildProcess): ChildProcess {
    child.stdout?.on("data", (chunk: Buffer) => this.#append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#append(chunk));
    return child;
  }

  #append(chunk: Buffer): void {
    this.#output = (this.#output + chunk.toString()).slice(-4000);
  }
}

/**
 * A throwaway PostgreSQL in a namespace of the cluster tests: initdb into a temporary directory (trust authentication
 * for the cluster's network), the postmaster run as the postgres user (PostgreSQL refuses root) on one address, killed
 * with the test and its directory removed.
 */
export class NamespacedPostgres {
  readonly #child: ChildProcess;
  readonly #dataDir: string;
  readonly address: string;
  readonly port: number;
  #output = "";

  private constructor(child: ChildProcess, dataDir: string, address: string, port: number) {
    this.#child = child;
    this.#dataDir = dataDir;
    this.address = address;
    this.port = port;
    child.stdout?.on("data", (chunk: Buffer) => this.#append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#append(chunk));
  }

  /** initdb, then the postmaster in `role`'s namespace on `address`:`port`, accepting `network` (CIDR) without a password. */
  static start(namespaces: NamespaceExec, role: string, address: string, network: string, port = 5432): NamespacedPostgres {
    const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b)) : [];
    const bin = versions.map((version) => join("/usr/lib/postgresql", version, "bin")).filter((dir) => existsSync(join(dir, "initdb"))).at(-1);
    if (bin === undefined) {
      throw new Error("PostgreSQL is not installed; ./test.sh installs it (apt package postgresql)");
    }

    const dataDir = mkdtempSync(join(tmpdir(), "openlive-cluster-pg-"));
    execFileSync("chown", ["postgres:postgres", dataDir]);
    const asPostgres = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"];
    execFileSync(asPostgres[0] ?? "setpriv", [...asPostgres.slice(1), join(bin, "initdb"), "-D", dataDir, "-A", "trust", "-U", "openlive", "--no-sync"], { stdio: "pipe" });
    appendFileSync(join(dataDir, "pg_hba.conf"), `host all all ${network} trust\n`);
    const [exec, ...prefix] = namespaces.exec(role);
    const child = spawn(exec ?? "ip", [...prefix, ...asPostgres, "--pdeathsig", "KILL", join(bin, "postgres"),
      "-D", dataDir, "-p", String(port), "-k", dataDir, "-c", `listen_addresses=${address}`, "-c", "fsync=on"],
    { stdio: ["ignore", "pipe", "pipe"] });
    return new NamespacedPostgres(child, dataDir, address, port);
  }

  /** Resolves once it accepts connections (pg_isready, from its namespace). */
  async ready(namespaces: NamespaceExec, role: string): Promise<void> {
    await until("PostgreSQL accepting connections", () => succeeds(namespaces, role, ["pg_isready", "-q", "-h", this.address, "-p", String(this.port)]),
      (ok) => ok, 60_000, 200);
  }

  /** The Npgsql connection string the nodes use. */
  get connection(): string {
    return `Host=${this.address};Port=${this.port};Username=openlive;Database=postgres;Pooling=true;Maximum Pool Size=20`;
  }

  get output(): string {
    return this.#output;
  }

  /** Kills the postmaster (its namespace's cleanup kills the backends) and removes its directory. */
  kill(): void {
    this.#child.kill("SIGKILL");
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  #append(chunk: Buffer): void {
    this.#output = (this.#output + chunk.toString()).slice(-4000);
  }
}

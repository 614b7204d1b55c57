import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DevApp } from "./devApp.js";
import type { NetworkNamespaces } from "./netns.js";
import { ClusterNetwork, type ClusterNode } from "./clusterNetns.js";
import { NamespacedPostgres, NamespacedRedis } from "./clusterServices.js";
import { fetchInNamespace } from "./loadProcess.js";
import { until } from "./poll.js";
import { ReachServer } from "./reachServer.js";

export const clusterHttpPort = 7880;

/** The HTTP URL of a cluster node. */
export function nodeUrl(node: ClusterNode): string {
  return `http://${node.address}:${clusterHttpPort}`;
}

/**
 * Three OpenLive nodes in namespaces a, b and c (each on its own address, media bound there), Redis membership and
 * room storage plus the PostgreSQL message store in d ({@link ClusterNetwork}). Nodes can be killed (SIGKILL),
 * drained (SIGTERM) and started again in their namespace on a fresh data directory.
 */
export class ClusterFixture {
  readonly namespaces: NetworkNamespaces;
  readonly redis: NamespacedRedis;
  readonly postgres: NamespacedPostgres;
  readonly clusterId = `ns-${randomBytes(3).toString("hex")}`;
  readonly #servers = new Map<string, ReachServer>();
  readonly #dataDirs: string[] = [];

  private constructor(namespaces: NetworkNamespaces, redis: NamespacedRedis, postgres: NamespacedPostgres) {
    this.namespaces = namespaces;
    this.redis = redis;
    this.postgres = postgres;
  }

  /** Builds the network, starts Redis and PostgreSQL and the three nodes (not waited for: see {@link ready}). */
  static async start(): Promise<ClusterFixture> {
    const namespaces = ClusterNetwork.create(); // fails the test (with the reason) without root
    const redis = NamespacedRedis.start(namespaces, "d", ClusterNetwork.data);
    const postgres = NamespacedPostgres.start(namespaces, "d", ClusterNetwork.data, "10.96.0.0/16");
    const fixture = new ClusterFixture(namespaces, redis, postgres);
    await redis.ready(namespaces, "d");
    await postgres.ready(namespaces, "d");
    for (const node of ClusterNetwork.nodes) {
      fixture.startNode(node);
    }

    return fixture;
  }

  /** Starts (or starts again) the node in its namespace on a new data directory. */
  startNode(node: ClusterNode): ReachServer {
    const dataDir = mkdtempSync(join(tmpdir(), `openlive-cluster-${node.role}-`));
    this.#dataDirs.push(dataDir);
    const server = ReachServer.start(this.namespaces, node.role, dataDir, nodeUrl(node), [
      "--cluster", "redis", "--cluster-connection", this.redis.connection,
      "--OpenLive:Cluster:AllowInsecure=true", // mutual TLS between nodes is ClusterTests' subject
      `--OpenLive:Cluster:ClusterId=${this.clusterId}`, `--OpenLive:Cluster:AdvertisedAddress=${node.address}`,
      "--media-bind", node.address,
      "--OpenLive:Store:Messages=postgres", // a cluster's one message store (the server refuses per-node SQLite)
    ], { keepChars: 20_000, env: { OpenLive__Store__PostgresConnectionString: this.postgres.connection } });
    this.#servers.set(node.role, server);
    return server;
  }

  /** Whether the node runs (not killed or drained since it last started). */
  isRunning(node: ClusterNode): boolean {
    return this.#servers.has(node.role);
  }

  server(node: ClusterNode): ReachServer {
    const server = this.#servers.get(node.role);
    if (server === undefined) {
      throw new Error(`node ${node.role} is not running`);
    }

    return server;
  }

  /** Waits until every running node answers /healthz 200 from the clients' namespace. */
  async ready(): Promise<void> {
    for (const node of ClusterNetwork.nodes.filter((n) => this.#servers.has(n.role))) {
      await until(`node ${node.role} healthy`, () => fetchInNamespace(this.namespaces, "k", `${nodeUrl(node)}/healthz`), (r) => r.status === 200, 120_000, 500);
    }
  }

  /** The dev app (shared through Redis: the same on every node). */
  devApp(): DevApp {
    return this.server(ClusterNetwork.nodes[0]).devApp();
  }

  /** A node's admin key (from its data directory). */
  adminKey(node: ClusterNode): string {
    const dataDir = this.#dataDirs.filter((dir) => dir.includes(`openlive-cluster-${node.role}-`)).at(-1) ?? "";
    return readFileSync(join(dataDir, "admin-key"), "utf8").trim();
  }

  /** The node's id as its /healthz reports it (the id the admin API gives a room's host node). */
  async nodeId(node: ClusterNode): Promise<string> {
    const health = await fetchInNamespace(this.namespaces, "k", `${nodeUrl(node)}/healthz`);
    return (health.body as { node?: string }).node ?? "";
  }

  /** GET an admin API path on `node` (`/admin/v1/…`). */
  async admin(node: ClusterNode, path: string): Promise<{ status: number; body: unknown }> {
    return fetchInNamespace(this.namespaces, "k", `${nodeUrl(node)}/admin/v1${path}`, this.adminKey(node));
  }

  /** SIGKILL and forget the node. */
  kill(node: ClusterNode): void {
    this.server(node).kill();
    this.#servers.delete(node.role);
  }

  /** SIGTERM (drain), resolving when the process is gone. */
  async drain(node: ClusterNode): Promise<void> {
    const server = this.server(node);
    server.terminate();
    await server.exited();
    this.#servers.delete(node.role);
  }

  diagnostics(): string {
    return [...this.#servers.entries()].map(([role, server]) => `node ${role}:\n${server.output}`)
      .concat([`redis:\n${this.redis.output}`, `postgres:\n${this.postgres.output}`]).join("\n\n");
  }

  destroy(): void {
    for (const server of this.#servers.values()) {
      server.kill();
    }

    this.redis.kill();
    this.postgres.kill();
    this.namespaces.destroy();
    for (const dir of this.#dataDirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

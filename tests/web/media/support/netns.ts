import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { waitForSettledLinks } from "./settledLinks.js";

/**
 * Namespaces this suite creates are named <prefix><creator pid>x<random><role>, the prefix saying which preset made
 * them (olm: {@link LinkedNamespaces}, olr: the reach tests' topologies, olc: the cluster's), so stale ones can be
 * told apart.
 */
const prefixes = ["olm", "olr", "olc"] as const;

function ip(args: readonly string[], input?: string): string {
  return execFileSync("ip", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"], timeout: 10_000 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One end of a veth link: its namespace role (one lower-case letter), device name, and addresses with prefix length. */
export interface LinkEnd {
  readonly role: string;
  readonly device: string;
  readonly addresses: readonly string[];
}

/** What {@link NetworkNamespaces.create} builds, in this order. */
export interface NamespaceTopology {
  /** The name prefix (one of olm, olr, olc). */
  readonly prefix: (typeof prefixes)[number];
  /** One namespace per role, each a single lower-case letter. */
  readonly roles: readonly string[];
  /** veth pairs between two roles' namespaces, brought up and waited on until settled. */
  readonly links: ReadonlyArray<readonly [LinkEnd, LinkEnd]>;
  /** Routes, as `ip route add` arguments, per role. */
  readonly routes?: ReadonlyArray<{ readonly role: string; readonly route: readonly string[] }>;
  /** Roles that forward IPv4 (a router). */
  readonly forwarding?: readonly string[];
  /** nftables rulesets (NAT, firewalls) loaded per role once the links are up. */
  readonly rulesets?: ReadonlyArray<{ readonly role: string; readonly rules: string }>;
}

/**
 * Private network namespaces joined by veth pairs, each with its own loopback and nothing else reachable: the one
 * fixture of the suite's tests off loopback. IPv6 addresses are added without duplicate address detection (usable at
 * once); every link is waited on until it has settled (carrier up, no tentative address) before anything starts in it.
 * Routes, forwarding and nftables rulesets (NAT, firewalls, loss) come with the topology or later through
 * {@link nft}. {@link destroy} kills what still runs in them and deletes them; it also runs at process exit, and
 * namespaces left by a killed run (their creator is gone) are deleted by the next one. Needs root (CAP_SYS_ADMIN,
 * CAP_NET_ADMIN).
 */
export class NetworkNamespaces {
  readonly #names = new Map<string, string>();
  #destroyed = false;
  readonly #onExit = (): void => this.destroy();

  protected constructor(topology: NamespaceTopology) {
    const base = `${topology.prefix}${process.pid}x${randomBytes(2).toString("hex")}`;
    for (const role of topology.roles) {
      if (!/^[a-z]$/.test(role)) {
        throw new Error(`a namespace role is one lower-case letter, not "${role}"`);
      }

      this.#names.set(role, `${base}${role}`);
    }
  }

  /** Creates the topology; throws with what `ip` or `nft` said when that is not permitted. */
  static create(topology: NamespaceTopology): NetworkNamespaces {
    return NetworkNamespaces.build(new NetworkNamespaces(topology), topology);
  }

  /** Builds `topology` into `namespaces` (made by a preset's constructor), destroying them when that fails. */
  protected static build<T extends NetworkNamespaces>(namespaces: T, topology: NamespaceTopology): T {
    NetworkNamespaces.removeStale();
    process.on("exit", namespaces.#onExit);
    try {
      for (const name of namespaces.#names.values()) {
        ip(["netns", "add", name]);
        ip(["-n", name, "link", "set", "lo", "up"]);
      }

      for (const [a, b] of topology.links) {
        namespaces.#link(a, b);
      }

      for (const { role, route } of topology.routes ?? []) {
        ip(["-n", namespaces.name(role), "route", "add", ...route]);
      }

      for (const role of topology.forwarding ?? []) {
        namespaces.exec1(role, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
      }

      for (const { role, rules } of topology.rulesets ?? []) {
        namespaces.nft(role, rules);
      }
    } catch (error) {
      namespaces.destroy();
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`could not set up network namespaces (this test needs root: ip netns add, veth, nftables): ${stderr || (error as Error).message}`);
    }

    return namespaces;
  }

  /** The namespace's name for a role (a namespace's own name is returned as it is). */
  name(roleOrName: string): string {
    const name = this.#names.get(roleOrName) ?? ([...this.#names.values()].includes(roleOrName) ? roleOrName : undefined);
    if (name === undefined) {
      throw new Error(`no namespace ${roleOrName}`);
    }

    return name;
  }

  /** The command prefix that runs a program in the namespace of a role (or of that name). */
  exec(roleOrName: string): string[] {
    return ["ip", "netns", "exec", this.name(roleOrName)];
  }

  /** Runs a command in the role's namespace and returns its output. */
  exec1(role: string, command: readonly string[], input?: string): string {
    return ip(["netns", "exec", this.name(role), ...command], input);
  }

  /** Loads an nftables ruleset into the role's namespace. */
  nft(role: string, rules: string): void {
    this.exec1(role, ["nft", "-f", "-"], rules);
  }

  /** Deletes an nftables table of the role's namespace (no error when it is not there). */
  dropTable(role: string, family: string, table: string): void {
    try {
      this.exec1(role, ["nft", "delete", "table", family, table]);
    } catch {
      // Not there.
    }
  }

  /** The packet counters of a table's rules, in order ("counter packets N"). */
  counters(role: string, family: string, table: string): number[] {
    const listing = this.exec1(role, ["nft", "list", "table", family, table]);
    return [...listing.matchAll(/counter packets (\d+)/g)].map((match) => Number(match[1]));
  }

  #link(a: LinkEnd, b: LinkEnd): void {
    ip(["-n", this.name(a.role), "link", "add", a.device, "type", "veth", "peer", "name", b.device, "netns", this.name(b.role)]);
    for (const end of [a, b]) {
      for (const address of end.addresses) {
        ip(["-n", this.name(end.role), "addr", "add", address, "dev", end.device, ...(address.includes(":") ? ["nodad"] : [])]);
      }

      ip(["-n", this.name(end.role), "link", "set", end.device, "up"]);
    }

    waitForSettledLinks([a, b].map((end) => ({ ns: this.name(end.role), device: end.device })));
  }

  /** Kills whatever still runs in the namespaces and deletes them (idempotent, never throws). */
  destroy(): void {
    if (this.#destroyed) {
      return;
    }

    this.#destroyed = true;
    process.off("exit", this.#onExit);
    for (const name of this.#names.values()) {
      NetworkNamespaces.#delete(name);
    }
  }

  static #delete(ns: string): void {
    try {
      for (const pid of ip(["netns", "pids", ns]).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    } catch {
      // No such namespace.
    }

    try {
      ip(["netns", "del", ns]);
    } catch {
      // Not there (or never created).
    }
  }

  /** Deletes namespaces of this suite whose creating process is gone (a run killed before its cleanup). */
  static removeStale(): void {
    let names: string[];
    try {
      names = ip(["netns", "list"]).split("\n").map((line) => line.split(" ")[0] ?? "");
    } catch {
      return;
    }

    for (const name of names) {
      const creator = new RegExp(`^(?:${prefixes.join("|")})(\\d+)x[0-9a-f]{4}[a-z]$`).exec(name)?.[1];
      if (creator !== undefined && Number(creator) !== process.pid && !alive(Number(creator))) {
        NetworkNamespaces.#delete(name);
      }
    }
  }
}

/**
 * Two namespaces joined by a veth pair: A (10.97.0.1, role "a") and B (10.97.0.2, role "b"). Loss is added on B's side
 * with nftables (random drop of UDP arriving in B; the kernel here has no sch_netem).
 */
export class LinkedNamespaces extends NetworkNamespaces {
  static readonly addressA = "10.97.0.1";
  static readonly addressB = "10.97.0.2";

  static readonly #topology: NamespaceTopology = {
    prefix: "olm",
    roles: ["a", "b"],
    links: [[
      { role: "a", device: "veth-a", addresses: [`${LinkedNamespaces.addressA}/24`] },
      { role: "b", device: "veth-b", addresses: [`${LinkedNamespaces.addressB}/24`] },
    ]],
  };

  private constructor() {
    super(LinkedNamespaces.#topology);
  }

  /** Namespace A's name. */
  get a(): string {
    return this.name("a");
  }

  /** Namespace B's name. */
  get b(): string {
    return this.name("b");
  }

  /** Creates both namespaces and the link; throws with what `ip` said when that is not permitted. */
  static override create(): LinkedNamespaces {
    return NetworkNamespaces.build(new LinkedNamespaces(), LinkedNamespaces.#topology);
  }

  /** Drops `percent` % of the UDP packets arriving in B, counted (nftables: numgen random). */
  dropUdpIntoB(percent: number): void {
    this.nft("b", `table inet openlive_loss {
  chain input {
    type filter hook input priority 0; policy accept;
    meta l4proto udp numgen random mod 100 < ${percent} counter drop
  }
}
`);
  }

  /** How many packets the drop rule dropped so far. */
  droppedIntoB(): number {
    return this.counters("b", "inet", "openlive_loss")[0] ?? Number.NaN;
  }
}

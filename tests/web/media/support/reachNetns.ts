import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { waitForSettledLinks } from "./settledLinks.js";

/** Namespaces of the reach tests are named olr<creator pid>x<random><role>, apart from netns.ts's olm… ones. */
const prefix = "olr";

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

/** One end of a veth link: its namespace role, device name, and addresses with prefix length. */
interface LinkEnd {
  readonly role: string;
  readonly device: string;
  readonly addresses: readonly string[];
}

/**
 * Network namespaces for the reach tests (the server on its own address, clients elsewhere), each with its own
 * loopback and nothing else reachable: links are veth pairs with IPv4 and IPv6 addresses (IPv6 added without duplicate
 * address detection, so they are usable at once), routes and nftables rulesets as a topology needs.
 * {@link ReachNamespaces.destroy} kills what still runs in them and deletes them; it also runs at process exit, and
 * namespaces left by a killed run (their creator is gone) are deleted by the next one. Needs root.
 */
export class ReachNamespaces {
  readonly #names = new Map<string, string>();
  #destroyed = false;
  readonly #onExit = (): void => this.destroy();

  private constructor(roles: readonly string[]) {
    const base = `${prefix}${process.pid}x${randomBytes(2).toString("hex")}`;
    for (const role of roles) {
      this.#names.set(role, `${base}${role}`);
    }
  }

  /**
   * Off-loopback: the server in namespace "s" (10.98.0.1, fd00:98::1) and a client in "c" (10.98.0.2, fd00:98::2) on
   * one link.
   */
  static linked(): ReachNamespaces {
    return ReachNamespaces.#create(["s", "c"], (ns) => {
      ns.#link({ role: "s", device: "veth-s", addresses: [`${Linked.server4}/24`, `${Linked.server6}/64`] },
        { role: "c", device: "veth-c", addresses: [`${Linked.client4}/24`, `${Linked.client6}/64`] });
    });
  }

  /**
   * 1:1 NAT: a client in "c" (198.51.100.2) on the router's public side, the router "r" (public 198.51.100.1, private
   * 10.98.1.1, forwarding), the server in "s" (10.98.1.2, default route via the router). The router DNATs its public
   * address's HTTP port and media UDP port to the server and masquerades what the private side sends out; the client
   * has no route to the private network, as on the internet.
   */
  static nat(httpPort: number, mediaPort: number): ReachNamespaces {
    return ReachNamespaces.#create(["c", "r", "s"], (ns) => {
      ns.#link({ role: "c", device: "veth-c", addresses: [`${Nat.client}/24`] }, { role: "r", device: "veth-rpub", addresses: [`${Nat.public}/24`] });
      ns.#link({ role: "r", device: "veth-rpriv", addresses: [`${Nat.routerPrivate}/24`] }, { role: "s", device: "veth-s", addresses: [`${Nat.server}/24`] });
      ip(["-n", ns.name("s"), "route", "add", "default", "via", Nat.routerPrivate]);
      ns.exec1("r", ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
      ns.nft("r", `table ip openlive_nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "veth-rpub" ip daddr ${Nat.public} tcp dport ${httpPort} counter dnat to ${Nat.server}:${httpPort}
    iifname "veth-rpub" ip daddr ${Nat.public} udp dport ${mediaPort} counter dnat to ${Nat.server}:${mediaPort}
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "veth-rpub" ip saddr 10.98.1.0/24 counter masquerade
  }
}
`);
    });
  }

  static #create(roles: readonly string[], build: (ns: ReachNamespaces) => void): ReachNamespaces {
    ReachNamespaces.removeStale();
    const namespaces = new ReachNamespaces(roles);
    process.on("exit", namespaces.#onExit);
    try {
      for (const name of namespaces.#names.values()) {
        ip(["netns", "add", name]);
        ip(["-n", name, "link", "set", "lo", "up"]);
      }

      build(namespaces);
    } catch (error) {
      namespaces.destroy();
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`could not set up network namespaces (this test needs root: ip netns add, veth, nftables): ${stderr || (error as Error).message}`);
    }

    return namespaces;
  }

  /** The namespace's name for a role. */
  name(role: string): string {
    const name = this.#names.get(role);
    if (name === undefined) {
      throw new Error(`no namespace ${role}`);
    }

    return name;
  }

  /** The command prefix that runs a program in the role's namespace. */
  exec(role: string): string[] {
    return ["ip", "netns", "exec", this.name(role)];
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
      ReachNamespaces.#delete(name);
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

  /** Deletes namespaces of these tests whose creating process is gone (a run killed before its cleanup). */
  static removeStale(): void {
    let names: string[];
    try {
      names = ip(["netns", "list"]).split("\n").map((line) => line.split(" ")[0] ?? "");
    } catch {
      return;
    }

    for (const name of names) {
      const creator = new RegExp(`^${prefix}(\\d+)x[0-9a-f]{4}[a-z]$`).exec(name)?.[1];
      if (creator !== undefined && Number(creator) !== process.pid && !alive(Number(creator))) {
        ReachNamespaces.#delete(name);
      }
    }
  }
}

/** The addresses of {@link ReachNamespaces.linked}. */
export const Linked = {
  server4: "10.98.0.1",
  server6: "fd00:98::1",
  client4: "10.98.0.2",
  client6: "fd00:98::2",
} as const;

/** The addresses of {@link ReachNamespaces.nat}. */
export const Nat = {
  client: "198.51.100.2",
  public: "198.51.100.1",
  routerPrivate: "10.98.1.1",
  server: "10.98.1.2",
} as const;

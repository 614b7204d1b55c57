import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { waitForSettledLinks } from "./settledLinks.js";

/** Namespaces this suite creates are named olm<creator pid>x<random><a|b>, so stale ones can be told apart. */
const prefix = "olm";

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

/**
 * Two private network namespaces joined by a veth pair: A (10.97.0.1) and B (10.97.0.2), each with its own loopback,
 * nothing else reachable. Loss is added on B's side with nftables (random drop of UDP arriving in B; the kernel here
 * has no sch_netem). Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN). {@link LinkedNamespaces.destroy} kills what still runs
 * in them and deletes them; it is also run at process exit, and namespaces left by a killed run (their creator is gone)
 * are deleted by the next one.
 */
export class LinkedNamespaces {
  static readonly addressA = "10.97.0.1";
  static readonly addressB = "10.97.0.2";

  readonly a: string;
  readonly b: string;
  #destroyed = false;
  readonly #onExit = (): void => this.destroy();

  private constructor(a: string, b: string) {
    this.a = a;
    this.b = b;
  }

  /** Creates both namespaces and the link; throws with what `ip` said when that is not permitted. */
  static create(): LinkedNamespaces {
    LinkedNamespaces.removeStale();
    const base = `${prefix}${process.pid}x${randomBytes(2).toString("hex")}`;
    const namespaces = new LinkedNamespaces(`${base}a`, `${base}b`);
    process.on("exit", namespaces.#onExit);
    try {
      ip(["netns", "add", namespaces.a]);
      ip(["netns", "add", namespaces.b]);
      for (const ns of [namespaces.a, namespaces.b]) {
        ip(["-n", ns, "link", "set", "lo", "up"]);
      }

      ip(["-n", namespaces.a, "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b", "netns", namespaces.b]);
      ip(["-n", namespaces.a, "addr", "add", `${LinkedNamespaces.addressA}/24`, "dev", "veth-a"]);
      ip(["-n", namespaces.b, "addr", "add", `${LinkedNamespaces.addressB}/24`, "dev", "veth-b"]);
      ip(["-n", namespaces.a, "link", "set", "veth-a", "up"]);
      ip(["-n", namespaces.b, "link", "set", "veth-b", "up"]);
      waitForSettledLinks([{ ns: namespaces.a, device: "veth-a" }, { ns: namespaces.b, device: "veth-b" }]);
    } catch (error) {
      namespaces.destroy();
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`could not set up network namespaces (this test needs root: ip netns add, veth, nftables): ${stderr || (error as Error).message}`);
    }

    return namespaces;
  }

  /** Drops `percent` % of the UDP packets arriving in B, counted (nftables: numgen random). */
  dropUdpIntoB(percent: number): void {
    const rules = `table inet openlive_loss {
  chain input {
    type filter hook input priority 0; policy accept;
    meta l4proto udp numgen random mod 100 < ${percent} counter drop
  }
}
`;
    ip(["netns", "exec", this.b, "nft", "-f", "-"], rules);
  }

  /** How many packets the drop rule dropped so far. */
  droppedIntoB(): number {
    const listing = ip(["netns", "exec", this.b, "nft", "list", "table", "inet", "openlive_loss"]);
    return Number(/counter packets (\d+)/.exec(listing)?.[1] ?? Number.NaN);
  }

  /** The command prefix that runs a program in namespace `ns`. */
  exec(ns: string): string[] {
    return ["ip", "netns", "exec", ns];
  }

  /** Kills whatever still runs in the namespaces and deletes them (idempotent, never throws). */
  destroy(): void {
    if (this.#destroyed) {
      return;
    }

    this.#destroyed = true;
    process.off("exit", this.#onExit);
    for (const ns of [this.a, this.b]) {
      LinkedNamespaces.#delete(ns);
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
      const creator = new RegExp(`^${prefix}(\\d+)x[0-9a-f]{4}[ab]$`).exec(name)?.[1];
      if (creator !== undefined && Number(creator) !== process.pid && !alive(Number(creator))) {
        LinkedNamespaces.#delete(name);
      }
    }
  }
}

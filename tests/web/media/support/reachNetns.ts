import { NetworkNamespaces } from "./netns.js";

/**
 * The reach tests' topologies (the server on its own address, clients elsewhere), built by the suite's one namespace
 * fixture, {@link NetworkNamespaces}: its roles, links, routes and nftables rulesets.
 */
export type ReachNamespaces = NetworkNamespaces;

export const ReachNamespaces = {
  /**
   * Off-loopback: the server in namespace "s" (10.98.0.1, fd00:98::1) and a client in "c" (10.98.0.2, fd00:98::2) on
   * one link.
   */
  linked(): ReachNamespaces {
    return NetworkNamespaces.create({
      prefix: "olr",
      roles: ["s", "c"],
      links: [[
        { role: "s", device: "veth-s", addresses: [`${Linked.server4}/24`, `${Linked.server6}/64`] },
        { role: "c", device: "veth-c", addresses: [`${Linked.client4}/24`, `${Linked.client6}/64`] },
      ]],
    });
  },

  /**
   * 1:1 NAT: a client in "c" (198.51.100.2) on the router's public side, the router "r" (public 198.51.100.1, private
   * 10.98.1.1, forwarding), the server in "s" (10.98.1.2, default route via the router). The router DNATs its public
   * address's HTTP port and media UDP port to the server and masquerades what the private side sends out; the client
   * has no route to the private network, as on the internet.
   */
  nat(httpPort: number, mediaPort: number): ReachNamespaces {
    return NetworkNamespaces.create({
      prefix: "olr",
      roles: ["c", "r", "s"],
      links: [
        [{ role: "c", device: "veth-c", addresses: [`${Nat.client}/24`] }, { role: "r", device: "veth-rpub", addresses: [`${Nat.public}/24`] }],
        [{ role: "r", device: "veth-rpriv", addresses: [`${Nat.routerPrivate}/24`] }, { role: "s", device: "veth-s", addresses: [`${Nat.server}/24`] }],
      ],
      routes: [{ role: "s", route: ["default", "via", Nat.routerPrivate] }],
      forwarding: ["r"],
      rulesets: [{ role: "r", rules: `table ip openlive_nat {
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
` }],
    });
  },

  /** Deletes namespaces of the suite whose creating process is gone. */
  removeStale(): void {
    NetworkNamespaces.removeStale();
  },
} as const;

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

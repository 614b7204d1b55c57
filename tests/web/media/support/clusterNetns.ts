import { NetworkNamespaces } from "./netns.js";

/** A node's namespace role and its address on its link to the router. */
export interface ClusterNode {
  readonly role: "a" | "b" | "c";
  readonly address: string;
}

/**
 * The cluster tests' network: three server nodes (namespaces a, b, c), the data services (d: redis-server,
 * PostgreSQL) and the clients (k), each on its own /24 link to a router (r, forwarding) and routed through it, so
 * every node, service and client has its own address and reaches the others only over veth links, never loopback.
 *
 *      a 10.96.1.2 ─┐
 *      b 10.96.2.2 ─┤
 *      c 10.96.3.2 ─┼─ r (10.96.N.1 on each link)
 *      d 10.96.8.2 ─┤
 *      k 10.96.9.2 ─┘
 */
export const ClusterNetwork = {
  nodes: [
    { role: "a", address: "10.96.1.2" },
    { role: "b", address: "10.96.2.2" },
    { role: "c", address: "10.96.3.2" },
  ] as const satisfies readonly ClusterNode[],
  data: "10.96.8.2",
  client: "10.96.9.2",

  create(): NetworkNamespaces {
    const leaves = [["a", 1], ["b", 2], ["c", 3], ["d", 8], ["k", 9]] as const;
    return NetworkNamespaces.create({
      prefix: "olc",
      roles: ["r", ...leaves.map(([role]) => role)],
      links: leaves.map(([role, net]) => [
        { role: "r", device: `veth-r${role}`, addresses: [`10.96.${net}.1/24`] },
        { role, device: `veth-${role}`, addresses: [`10.96.${net}.2/24`] },
      ] as const),
      routes: leaves.map(([role, net]) => ({ role, route: ["default", "via", `10.96.${net}.1`] })),
      forwarding: ["r"],
    });
  },
} as const;

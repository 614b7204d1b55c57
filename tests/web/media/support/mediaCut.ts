import { LinkedNamespaces } from "./netns.js";

// A dead media path under live signaling, made with nftables: the media-restart test and benchmark
// (benchmarks/node/media-restart.ts) cut what B's media sockets send to A, as a NAT that forgot its mappings would.

/** The UDP ports bound to B's address in B right now: the media sockets of whatever runs there. */
export function mediaPortsInB(namespaces: LinkedNamespaces): number[] {
  const listing = namespaces.exec1("b", ["ss", "-uanH"]);
  const pattern = new RegExp(`${LinkedNamespaces.addressB.replaceAll(".", "\\.")}:(\\d+)\\s`, "g");
  return [...new Set([...listing.matchAll(pattern)].map((match) => Number(match[1])))];
}

/**
 * From now on A drops (and counts) whatever B sends from these ports; replaces an earlier cut (whose sockets are gone
 * by then). Connections made afterwards bind new ports and get through.
 */
export function cutMediaPorts(namespaces: LinkedNamespaces, ports: readonly number[]): void {
  if (ports.length === 0) {
    throw new Error("B has no media sockets to cut");
  }

  namespaces.dropTable("a", "inet", mediaCutTable);
  namespaces.nft("a", `table inet ${mediaCutTable} {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr ${LinkedNamespaces.addressB} udp sport { ${ports.join(", ")} } counter drop
  }
}
`);
}

/** Datagrams the current cut dropped. */
export function droppedByCut(namespaces: LinkedNamespaces): number {
  return namespaces.counters("a", "inet", mediaCutTable)[0] ?? 0;
}

const mediaCutTable = "openlive_cut";

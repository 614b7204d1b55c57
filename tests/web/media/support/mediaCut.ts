import { LinkedNamespaces } from "./netns.js";

// A dead media path under live signaling, made with nftables: the media-restart test and benchmark
// (benchmarks/node/media-restart.ts) cut B's media sockets off from A both ways, as a network change or a NAT that
// forgot its mappings does (nothing reaches the old mapping, and nothing sent through it arrives).

/** The UDP ports bound to B's address in B right now: the media sockets of whatever runs there. */
export function mediaPortsInB(namespaces: LinkedNamespaces): number[] {
  const listing = namespaces.exec1("b", ["ss", "-uanH"]);
  const pattern = new RegExp(`${LinkedNamespaces.addressB.replaceAll(".", "\\.")}:(\\d+)\\s`, "g");
  return [...new Set([...listing.matchAll(pattern)].map((match) => Number(match[1])))];
}

/**
 * From now on A drops (and counts) whatever B sends from these ports and whatever it would send to them; replaces an
 * earlier cut (whose sockets are gone by then). Connections made afterwards bind new ports and get through.
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
  chain output {
    type filter hook output priority 0; policy accept;
    ip daddr ${LinkedNamespaces.addressB} udp dport { ${ports.join(", ")} } counter drop
  }
}
`);
}

/** Datagrams the current cut dropped, both ways. */
export function droppedByCut(namespaces: LinkedNamespaces): number {
  return namespaces.counters("a", "inet", mediaCutTable).reduce((sum, count) => sum + count, 0);
}

const mediaCutTable = "openlive_cut";

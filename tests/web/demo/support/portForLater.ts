import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const span = 8000;
const handedOut = new Set<number>();

/**
 * A loopback TCP port for a process that binds it later (nginx cannot bind port 0 and report it). A port the OS picked
 * by binding 0 lies in the ephemeral range, which every other bind(0) and every outgoing connection on the machine draw
 * from, so one of them could take it before nginx binds it. This one comes from just below that range
 * (`ip_local_port_range`), which the kernel never hands out by itself, and is checked free by binding it. The .NET
 * suites' `TestPorts` does the same, with a lock across processes.
 */
export async function portForLater(): Promise<number> {
  const low = ephemeralRangeStart();
  const first = Math.max(1024, low - span);
  for (let tried = 0; tried < low - first; tried++) {
    const port = first + Math.floor(Math.random() * (low - first));
    if (!handedOut.has(port) && await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }

  throw new Error(`no free port in ${first}-${low - 1}`);
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 1024 ? start : 32768;
  } catch {
    return 32768; // not Linux: its usual start
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

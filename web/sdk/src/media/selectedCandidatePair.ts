import type { StatsLike } from "../platform/rtc.js";

/** The ICE candidate pair a connection uses, from its stats: the transport's selected one, else the nominated one. */
export function selectedCandidatePair(stats: readonly StatsLike[]): StatsLike | undefined {
  const transport = stats.find((stat) => stat.type === "transport" && typeof stat.selectedCandidatePairId === "string");
  return transport !== undefined
    ? stats.find((stat) => stat.id === transport.selectedCandidatePairId)
    : stats.find((stat) => stat.type === "candidate-pair" && stat.nominated === true && stat.state === "succeeded");
}

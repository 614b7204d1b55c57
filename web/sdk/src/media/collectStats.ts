import type { StatsLike, StatsReportLike } from "../platform/rtc.js";

/** A getStats() report as a list; undefined when it failed (the connection closed meanwhile). */
export async function collectStats(report: Promise<StatsReportLike>): Promise<StatsLike[] | undefined> {
  try {
    const stats: StatsLike[] = [];
    (await report).forEach((stat) => stats.push(stat as StatsLike));
    return stats;
  } catch {
    return undefined;
  }
}

/** Which of a member's streams a track is: iLiveSDK's audio, camera video and screen ("sub-stream") video. */
export type TrackSource = "audio" | "camera" | "screen";

/** A simulcast layer a view asks for; "auto" lets the server pick by the subscriber's bandwidth. */
export type VideoQuality = "auto" | "low" | "medium" | "high";

/** The sources in m-line order of a first publish (audio, then camera video, then screen video). */
export const trackSources: readonly TrackSource[] = ["audio", "camera", "screen"];

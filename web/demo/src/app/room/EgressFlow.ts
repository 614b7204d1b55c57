import { StreamEncode, type LiveRoom } from "@openlive/sdk";
import { toastInfo } from "../../shared/toasts.js";

/** What the flow tells the room screen. */
export interface EgressEvents {
  changed(): void;
}

/**
 * The host's Record and Go live on HLS (iLiveSDK's startRecordVideo and startPushStream with HLS): each starts an
 * egress channel on the server for the host's own camera and microphone and stops it again. The HLS channel's playlist
 * is watched on the demo's plain page (watch.html) by anyone with the link, without signing in — the mass audience's
 * copy of the show, as iLiveSDK's CDN play URLs were.
 */
export class EgressFlow {
  readonly #room: LiveRoom;
  readonly #events: EgressEvents;
  #recording = false;
  #hlsChannel: bigint | undefined;
  #hlsPlaylist: string | undefined;

  constructor(room: LiveRoom, events: EgressEvents) {
    this.#room = room;
    this.#events = events;
  }

  get recording(): boolean {
    return this.#recording;
  }

  get hlsLive(): boolean {
    return this.#hlsChannel !== undefined;
  }

  /** The watch page's link for the running HLS, or undefined. */
  get watchLink(): string | undefined {
    return this.#hlsPlaylist === undefined ? undefined : `${location.origin}/watch.html#hls=${encodeURIComponent(this.#hlsPlaylist)}`;
  }

  /** Starts or stops the recording of the host's stream. */
  async toggleRecording(): Promise<void> {
    if (this.#recording) {
      const files = await this.#room.stopRecordVideo();
      this.#recording = false;
      toastInfo(files.length === 0 ? "Recording stopped" : `Recording saved (${files.join(", ")}); the admin page plays it`);
    } else {
      await this.#room.startRecordVideo({});
      this.#recording = true;
      toastInfo("Recording");
    }

    this.#events.changed();
  }

  /** Starts or stops the live HLS of the host's stream. */
  async toggleHls(): Promise<void> {
    if (this.#hlsChannel !== undefined) {
      const channel = this.#hlsChannel;
      this.#hlsChannel = undefined;
      this.#hlsPlaylist = undefined;
      await this.#room.stopPushStream([channel]);
      toastInfo("HLS stopped");
    } else {
      const answer = await this.#room.startPushStream({ encode: StreamEncode.Hls });
      this.#hlsChannel = answer.channelId;
      this.#hlsPlaylist = answer.urls.find((url) => url.encodeType === StreamEncode.Hls)?.url;
      toastInfo("Live on HLS: share the watch link");
    }

    this.#events.changed();
  }
}

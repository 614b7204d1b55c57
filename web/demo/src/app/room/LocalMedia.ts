import type { LiveRoom } from "@openlive/sdk";
import { deviceError } from "../../shared/errors.js";

/**
 * This member's camera and microphone, published into the room: captured at the role's video parameters (the host
 * 1280x720, a co-host 640x480 by default), the camera turned off by unpublishing it (the others see NO_CAMERA_VIDEO),
 * the microphone muted by disabling its track.
 */
export class LocalMedia {
  readonly #room: LiveRoom;
  #stream: MediaStream | undefined;
  #micOn = true;
  #stopped = false;

  /** Called when the local stream changes (the preview follows it). */
  onChange: (stream: MediaStream | undefined) => void = () => undefined;

  constructor(room: LiveRoom) {
    this.#room = room;
  }

  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  get cameraOn(): boolean {
    return this.#stream?.getVideoTracks().some((track) => track.readyState === "live") ?? false;
  }

  get micOn(): boolean {
    return this.#micOn;
  }

  /** Opens the camera and microphone and publishes both. */
  async start(): Promise<void> {
    this.#stopped = false;
    const stream = await this.#capture(true, true);
    this.#stream = stream;
    this.onChange(stream);
    try {
      // Simulcast: each viewer gets the layer its path carries, and the top one at once on a good path (one encoding
      // starts small and takes Chromium ~20 s to reach 1280x720).
      await this.#room.publish({ audio: stream.getAudioTracks()[0], camera: stream.getVideoTracks()[0], streams: [stream], simulcast: true });
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  /** Turns the camera off (unpublished, the device released) or on again (captured and published). */
  async setCamera(on: boolean): Promise<void> {
    const stream = this.#stream;
    if (stream === undefined || on === this.cameraOn) {
      return;
    }

    if (!on) {
      for (const track of stream.getVideoTracks()) {
        track.stop();
        stream.removeTrack(track);
      }

      this.onChange(stream);
      await this.#room.unpublish("camera");
      return;
    }

    const video = (await this.#capture(false, true)).getVideoTracks()[0];
    if (video === undefined || this.#stopped) {
      video?.stop();
      return;
    }

    stream.addTrack(video);
    this.onChange(stream);
    await this.#room.publish({ camera: video, streams: [stream] });
  }

  /** Mutes or unmutes the microphone (the track keeps flowing, silent). */
  setMic(on: boolean): void {
    this.#micOn = on;
    for (const track of this.#stream?.getAudioTracks() ?? []) {
      track.enabled = on;
    }
  }

  /** Stops publishing (when `unpublish`) and releases the devices. */
  async stop(unpublish: boolean): Promise<void> {
    this.#stopped = true;
    if (unpublish && this.#room.isEntered) {
      for (const source of this.#room.published) {
        await this.#room.unpublish(source);
      }
    }

    this.#release();
  }

  #release(): void {
    for (const track of this.#stream?.getTracks() ?? []) {
      track.stop();
    }

    this.#stream = undefined;
    this.onChange(undefined);
  }

  async #capture(audio: boolean, video: boolean): Promise<MediaStream> {
    const params = this.#room.video;
    const width = params.width > 0 ? params.width : 640;
    const height = params.height > 0 ? params.height : 360;
    const fps = params.fps > 0 ? params.fps : 15;
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: audio ? { echoCancellation: true, noiseSuppression: true } : false,
        video: video ? { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: fps } } : false,
      });
    } catch (error) {
      throw deviceError(error);
    }
  }
}

import type { CaptureStreamLike, CaptureTrackLike, MediaDeviceInfoLike, MediaDevicesLike } from "../../../../web/sdk/src/devices/mediaDevicesLike.js";

/** A captured track that records stop() and can be ended as the browser would (the user stopped sharing). */
export class FakeCaptureTrack implements CaptureTrackLike {
  readonly kind: string;
  readonly id: string;
  readyState = "live";
  readonly #listeners = new Set<() => void>();

  constructor(kind: "audio" | "video", id: string) {
    this.kind = kind;
    this.id = id;
  }

  stop(): void {
    this.readyState = "ended"; // stop() fires no "ended" event, as in browsers
  }

  addEventListener(_type: "ended", listener: () => void): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: "ended", listener: () => void): void {
    this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** The track ends by itself (unplugged, or the browser's "Stop sharing"). */
  end(): void {
    this.readyState = "ended";
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}

/** A DOMException-like failure with the browser's name. */
export function domError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** navigator.mediaDevices with scripted devices and failures; records every constraint it is given. */
export class FakeMediaDevices implements MediaDevicesLike {
  devices: MediaDeviceInfoLike[] = [
    { deviceId: "cam-1", kind: "videoinput", label: "Front camera", groupId: "g1" },
    { deviceId: "cam-2", kind: "videoinput", label: "USB camera", groupId: "g2" },
    { deviceId: "mic-1", kind: "audioinput", label: "Built-in microphone", groupId: "g1" },
    { deviceId: "spk-1", kind: "audiooutput", label: "Speakers", groupId: "g1" },
  ];
  /** The next capture fails with this, once. */
  failNext: unknown;
  readonly constraints: object[] = [];
  readonly opened: FakeCaptureTrack[] = [];
  /** Holds every capture until released (to stop a device test while it opens). */
  gate: Promise<void> | undefined;
  #onChange: (() => void) | undefined;
  #next = 0;

  async enumerateDevices(): Promise<MediaDeviceInfoLike[]> {
    return this.devices;
  }

  async getUserMedia(constraints: object): Promise<CaptureStreamLike> {
    return this.#capture(constraints);
  }

  async getDisplayMedia(constraints: object): Promise<CaptureStreamLike> {
    return this.#capture(constraints);
  }

  addEventListener(_type: "devicechange", listener: () => void): void {
    this.#onChange = listener;
  }

  removeEventListener(): void {
    this.#onChange = undefined;
  }

  /** A device was plugged in. */
  plug(device: MediaDeviceInfoLike): void {
    this.devices = [...this.devices, device];
    this.#onChange?.();
  }

  async #capture(constraints: object): Promise<CaptureStreamLike> {
    this.constraints.push(constraints);
    await this.gate;
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }

    const wanted = constraints as { video?: unknown; audio?: unknown };
    const tracks: FakeCaptureTrack[] = [];
    if (wanted.video !== undefined && wanted.video !== false) {
      tracks.push(new FakeCaptureTrack("video", `video-${++this.#next}`));
    }

    if (wanted.audio !== undefined && wanted.audio !== false) {
      tracks.push(new FakeCaptureTrack("audio", `audio-${++this.#next}`));
    }

    this.opened.push(...tracks);
    return { getTracks: () => tracks };
  }
}

import { LiveError } from "../errors/LiveError.js";
import { TypedEmitter } from "../events/TypedEmitter.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import type { CameraOptions, MicrophoneOptions, ScreenOptions } from "./CaptureOptions.js";
import { captureError } from "./captureErrors.js";
import type { DeviceInfo, DeviceKind } from "./DeviceInfo.js";
import type { CaptureStreamLike, CaptureTrackLike, MediaDevicesLike } from "./mediaDevicesLike.js";

/** What `devicesChanged` carries: the devices now present. */
export interface DevicesChanged {
  /** Every device present after the change. */
  readonly devices: readonly DeviceInfo[];
}

/** LiveDevices' events. */
export interface LiveDevicesEvents {
  /** A device was plugged in or removed (the browser's `devicechange`). */
  devicesChanged: DevicesChanged;
}

/** A shared screen: its video track, and its audio track when asked for and the browser gave one. */
export interface ScreenCapture {
  /** The shared screen's video track: publish it as the `screen` source. */
  readonly video: CaptureTrackLike;
  /** The shared tab's or system's audio, when asked for and given. */
  readonly audio?: CaptureTrackLike | undefined;
}

const kindByBrowserKind: Readonly<Record<string, DeviceKind>> = { videoinput: "camera", audioinput: "microphone", audiooutput: "speaker" };

/**
 * The host's cameras, microphones and speakers, and capture from them (iLiveSDK getCameraList / getMicList /
 * getPlayerList, openCamera, openMic, openScreenShare). The tracks it opens belong to the caller: publish them with
 * `LiveRoom.publish`, and `stop()` them when done. Failures are seed errors (see captureErrors.ts); without
 * `navigator.mediaDevices` (not a secure context, or Node without a fake) every call fails with 8002 ERR_AV_NOT_READY.
 */
export class LiveDevices extends TypedEmitter<LiveDevicesEvents> {
  readonly #devices: MediaDevicesLike | undefined;
  readonly #onChange = (): void => {
    this.getDevices().then(
      (devices) => this.emit("devicesChanged", { devices }),
      () => undefined, // the next change tries again
    );
  };

  constructor(devices: MediaDevicesLike | undefined) {
    super();
    this.#devices = devices;
    devices?.addEventListener?.("devicechange", this.#onChange);
  }

  /** Whether the host can capture at all. */
  get isAvailable(): boolean {
    return this.#devices !== undefined;
  }

  /** Whether the host can share a screen. */
  get canShareScreen(): boolean {
    return typeof this.#devices?.getDisplayMedia === "function";
  }

  /** Every camera, microphone and speaker (labels are empty until a capture permission was granted). */
  async getDevices(): Promise<DeviceInfo[]> {
    const devices = this.#mediaDevices();
    let entries;
    try {
      entries = await devices.enumerateDevices();
    } catch (error) {
      throw captureError(error, "the devices could not be listed");
    }

    const result: DeviceInfo[] = [];
    for (const entry of entries) {
      const kind = kindByBrowserKind[entry.kind];
      if (kind !== undefined) {
        result.push({ deviceId: entry.deviceId, kind, label: entry.label, groupId: entry.groupId ?? "" });
      }
    }

    return result;
  }

  /** The cameras (iLiveSDK getCameraList); names are empty until a capture permission was granted. */
  async getCameras(): Promise<DeviceInfo[]> {
    return (await this.getDevices()).filter((device) => device.kind === "camera");
  }

  /** The microphones (iLiveSDK getMicList). */
  async getMicrophones(): Promise<DeviceInfo[]> {
    return (await this.getDevices()).filter((device) => device.kind === "microphone");
  }

  /** The speakers (iLiveSDK getPlayerList); empty on browsers that do not list outputs. */
  async getSpeakers(): Promise<DeviceInfo[]> {
    return (await this.getDevices()).filter((device) => device.kind === "speaker");
  }

  /** Opens a camera: its video track. 1301 when no camera (or not the one asked for) exists. */
  async openCamera(options: CameraOptions = {}): Promise<CaptureTrackLike> {
    const video: Record<string, unknown> = {};
    setDevice(video, options.deviceId);
    setIdeal(video, "width", options.width);
    setIdeal(video, "height", options.height);
    setIdeal(video, "frameRate", options.frameRate);
    if (options.facingMode !== undefined && options.deviceId === undefined) {
      if (options.facingMode !== "user" && options.facingMode !== "environment") {
        throw LiveError.av(AVErrorCode.InvalidArgument, `facingMode is "user" or "environment", not "${String(options.facingMode)}"`);
      }

      video["facingMode"] = options.facingMode;
    }

    const stream = await this.#capture((devices) => devices.getUserMedia({ video: Object.keys(video).length > 0 ? video : true, audio: false }), "the camera could not be opened");
    return onlyTrack(stream, "video", "the camera");
  }

  /** Opens a microphone: its audio track. 1301 when no microphone (or not the one asked for) exists. */
  async openMicrophone(options: MicrophoneOptions = {}): Promise<CaptureTrackLike> {
    const audio: Record<string, unknown> = {};
    setDevice(audio, options.deviceId);
    for (const name of ["echoCancellation", "noiseSuppression", "autoGainControl"] as const) {
      const value = options[name];
      if (value !== undefined) {
        if (typeof value !== "boolean") {
          throw LiveError.av(AVErrorCode.InvalidArgument, `${name} is true or false`);
        }

        audio[name] = value;
      }
    }

    const stream = await this.#capture((devices) => devices.getUserMedia({ audio: Object.keys(audio).length > 0 ? audio : true, video: false }), "the microphone could not be opened");
    return onlyTrack(stream, "audio", "the microphone");
  }

  /**
   * Shares a screen, window or tab (the browser asks the user): publish `video` as the `screen` source. Closing the
   * picker is 8007 ERR_USER_CANCEL; a host without screen sharing is 8023 ERR_NOT_SUPPORT. When the user stops
   * sharing from the browser's own bar, the track ends and a room publishing it stops sending it by itself.
   */
  async openScreen(options: ScreenOptions = {}): Promise<ScreenCapture> {
    const video: Record<string, unknown> = {};
    setIdeal(video, "frameRate", options.frameRate);
    const devices = this.#mediaDevices();
    const getDisplayMedia = devices.getDisplayMedia;
    if (typeof getDisplayMedia !== "function") {
      throw LiveError.iLive(ILiveErrorCode.NotSupport, "this browser cannot share a screen (no getDisplayMedia)");
    }

    const stream = await this.#capture(
      (host) => getDisplayMedia.call(host, { video: Object.keys(video).length > 0 ? video : true, audio: options.audio === true }),
      "the screen could not be shared",
    );
    const tracks = stream.getTracks();
    const audio = tracks.find((track) => track.kind === "audio");
    return { video: onlyTrack(stream, "video", "the shared screen"), ...(audio !== undefined ? { audio } : {}) };
  }

  /** Stops listening for device changes (the client stopped). */
  dispose(): void {
    this.#devices?.removeEventListener?.("devicechange", this.#onChange);
  }

  async #capture(open: (devices: MediaDevicesLike) => Promise<CaptureStreamLike>, what: string): Promise<CaptureStreamLike> {
    const devices = this.#mediaDevices();
    try {
      return await open(devices);
    } catch (error) {
      throw captureError(error, what);
    }
  }

  #mediaDevices(): MediaDevicesLike {
    if (this.#devices === undefined) {
      throw LiveError.iLive(
        ILiveErrorCode.AVNotReady,
        "media capture is not available here: browsers offer it only in secure contexts (https, or http on localhost); in Node pass LiveClientOptions.mediaDevices",
      );
    }

    return this.#devices;
  }
}

function setDevice(constraints: Record<string, unknown>, deviceId: string | undefined): void {
  if (deviceId === undefined) {
    return;
  }

  if (typeof deviceId !== "string" || deviceId.length === 0) {
    throw LiveError.av(AVErrorCode.InvalidArgument, "deviceId is a device's id from the device list");
  }

  constraints["deviceId"] = { exact: deviceId };
}

function setIdeal(constraints: Record<string, unknown>, name: string, value: number | undefined): void {
  if (value === undefined) {
    return;
  }

  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw LiveError.av(AVErrorCode.InvalidArgument, `${name} ${String(value)} is not a positive number`);
  }

  constraints[name] = { ideal: value };
}

/** The stream's track of `kind` (the others, if any, are stopped). */
function onlyTrack(stream: CaptureStreamLike, kind: "audio" | "video", what: string): CaptureTrackLike {
  const tracks = stream.getTracks();
  const track = tracks.find((candidate) => candidate.kind === kind);
  if (track === undefined) {
    for (const other of tracks) {
      other.stop();
    }

    throw LiveError.av(AVErrorCode.DeviceNotExist, `${what} gave no ${kind} track`);
  }

  return track;
}

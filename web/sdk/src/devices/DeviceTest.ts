import { LiveError } from "../errors/LiveError.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import type { CameraOptions, MicrophoneOptions } from "./CaptureOptions.js";
import type { LevelMeter, LevelMeterFactory } from "./LevelMeter.js";
import type { LiveDevices } from "./LiveDevices.js";
import type { CaptureTrackLike } from "./mediaDevicesLike.js";

/** What to test: the camera and/or microphone (true: the default device), with their options. */
export interface DeviceTestOptions {
  /** Test a camera: `true` for the default one, or which one and how; left out, no camera. */
  readonly camera?: boolean | CameraOptions | undefined;
  /** Test a microphone: `true` for the default one, or which one and how; left out, no microphone. */
  readonly microphone?: boolean | MicrophoneOptions | undefined;
}

/** The tracks under test: show the camera in a preview element, watch the microphone's level. */
export interface DeviceTestTracks {
  /** The camera's track, when a camera is under test. */
  readonly camera?: CaptureTrackLike | undefined;
  /** The microphone's track, when a microphone is under test. */
  readonly microphone?: CaptureTrackLike | undefined;
}

/**
 * iLiveSDK's device test (startDeviceTest / stopDeviceTest / isInDeviceTest → `client.deviceTest`'s `start`, `stop`
 * and `isStarted`): before entering a room, open the camera and microphone to check them, switch between devices, read the
 * microphone's level. The states follow AVDeviceTest: calls that need a running test fail with 1601
 * (AV_ERR_DEVICE_TEST_NOT_EXIST) when none runs; starting again, entering a room or stopping the client while one runs
 * fail with 1602 (AV_ERR_DEVICE_TEST_NOT_STOPPED).
 */
export class DeviceTest {
  readonly #devices: LiveDevices;
  readonly #meters: LevelMeterFactory;
  #running = false;
  #camera: CaptureTrackLike | undefined;
  #microphone: CaptureTrackLike | undefined;
  #meter: LevelMeter | undefined;
  /** Bumped by every stop: a start still opening devices sees it and closes what it opened. */
  #generation = 0;

  readonly #currentRoom: () => unknown;

  /** @internal Every LiveClient has one (`client.deviceTest`); `currentRoom` names the room the client is in, if any. */
  constructor(devices: LiveDevices, meters: LevelMeterFactory, currentRoom: () => unknown) {
    this.#devices = devices;
    this.#meters = meters;
    this.#currentRoom = currentRoom;
  }

  /** True from `start` (while it opens the devices too) until `stop`. */
  get isStarted(): boolean {
    return this.#running;
  }

  /** The tracks under test now (none before `start` and after `stop`). */
  get tracks(): DeviceTestTracks {
    return { camera: this.#camera, microphone: this.#microphone };
  }

  /**
   * Opens what `options` asks for (both by default). 1602 when a test already runs; 8010 in a room (test before
   * entering); device errors as {@link LiveDevices} gives them, and a device failure stops the test.
   */
  async start(options: DeviceTestOptions = { camera: true, microphone: true }): Promise<DeviceTestTracks> {
    if (this.#running) {
      throw LiveError.av(AVErrorCode.DeviceTestNotStopped, "a device test is already running; stop it first");
    }

    const room = this.#currentRoom();
    if (room !== undefined) {
      throw LiveError.iLive(ILiveErrorCode.AlreadyInRoom, `in room ${String(room)}: test devices before entering a room`);
    }

    const camera = choice(options.camera);
    const microphone = choice(options.microphone);
    if (camera === undefined && microphone === undefined) {
      throw LiveError.av(AVErrorCode.InvalidArgument, "a device test needs the camera, the microphone or both");
    }

    this.#running = true;
    const generation = this.#generation;
    try {
      if (camera !== undefined) {
        this.#camera = this.#current(await this.#devices.openCamera(camera), generation);
      }

      if (microphone !== undefined) {
        this.#setMicrophone(this.#current(await this.#devices.openMicrophone(microphone), generation));
      }
    } catch (error) {
      if (generation === this.#generation) {
        this.#release();
      }

      throw error;
    }

    return this.tracks;
  }

  /** Closes the tested devices. 1601 when no test runs. */
  async stop(): Promise<void> {
    this.#requireRunning();
    this.#release();
    return Promise.resolve();
  }

  /** Tests another camera (the previous one is closed once the new one is open). 1601 when no test runs. */
  async switchCamera(options: CameraOptions): Promise<CaptureTrackLike> {
    this.#requireRunning();
    const generation = this.#generation;
    const track = this.#current(await this.#devices.openCamera(options), generation);
    this.#camera?.stop();
    this.#camera = track;
    return track;
  }

  /** Tests another microphone. 1601 when no test runs. */
  async switchMicrophone(options: MicrophoneOptions): Promise<CaptureTrackLike> {
    this.#requireRunning();
    const generation = this.#generation;
    const track = this.#current(await this.#devices.openMicrophone(options), generation);
    this.#setMicrophone(track);
    return track;
  }

  /**
   * The tested microphone's level now, 0–100 (poll it, e.g. every 100 ms, to draw a meter). 1601 when no test runs
   * or it has no microphone; 8023 (ERR_NOT_SUPPORT) on a host without Web Audio.
   */
  microphoneLevel(): number {
    this.#requireRunning();
    if (this.#microphone === undefined) {
      throw LiveError.av(AVErrorCode.DeviceTestNotExist, "the device test has no microphone");
    }

    if (this.#meter === undefined) {
      throw LiveError.iLive(ILiveErrorCode.NotSupport, "this host has no Web Audio to measure the microphone's level");
    }

    return this.#meter.level();
  }

  #setMicrophone(track: CaptureTrackLike): void {
    this.#meter?.close();
    this.#microphone?.stop();
    this.#microphone = track;
    this.#meter = this.#meters(track);
  }

  /** `track`, unless the test was stopped while it opened (then it is closed and this is 1601). */
  #current(track: CaptureTrackLike, generation: number): CaptureTrackLike {
    if (generation !== this.#generation || !this.#running) {
      track.stop();
      throw LiveError.av(AVErrorCode.DeviceTestNotExist, "the device test was stopped while the device opened");
    }

    return track;
  }

  #requireRunning(): void {
    if (!this.#running) {
      throw LiveError.av(AVErrorCode.DeviceTestNotExist, "no device test is running; start one first");
    }
  }

  #release(): void {
    this.#generation++;
    this.#running = false;
    this.#meter?.close();
    this.#meter = undefined;
    this.#camera?.stop();
    this.#camera = undefined;
    this.#microphone?.stop();
    this.#microphone = undefined;
  }
}

function choice<T extends object>(value: boolean | T | undefined): T | undefined {
  if (value === undefined || value === false) {
    return undefined;
  }

  return value === true ? ({} as T) : value;
}

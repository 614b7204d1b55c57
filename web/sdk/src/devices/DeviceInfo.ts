/** What a capture or playback device is (iLiveSDK getCameraList / getMicList / getPlayerList). */
export type DeviceKind = "camera" | "microphone" | "speaker";

/** A camera, microphone or speaker the host knows. */
export interface DeviceInfo {
  /** Pass it to `openCamera({ deviceId })` and the like. */
  readonly deviceId: string;
  /** Camera, microphone or speaker. */
  readonly kind: DeviceKind;
  /** The device's name; empty until the page has been granted a capture permission (browsers hide names before). */
  readonly label: string;
  /** Devices of one physical product (a webcam's camera and microphone) share it. */
  readonly groupId: string;
}

/** Which camera and how (constraints the browser tries to meet; the deviceId one it must meet). */
export interface CameraOptions {
  /** A camera from `getCameras()`; the default camera when left out. */
  readonly deviceId?: string | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly frameRate?: number | undefined;
  /** "user" (front) or "environment" (back), for phones; ignored when deviceId is given. */
  readonly facingMode?: "user" | "environment" | undefined;
}

/** Which microphone and its processing (all on by default, as browsers do). */
export interface MicrophoneOptions {
  /** A microphone from `getMicrophones()`; the default one when left out. */
  readonly deviceId?: string | undefined;
  readonly echoCancellation?: boolean | undefined;
  readonly noiseSuppression?: boolean | undefined;
  readonly autoGainControl?: boolean | undefined;
}

/** Screen sharing (iLiveSDK openScreenShare); the browser asks the user what to share. */
export interface ScreenOptions {
  readonly frameRate?: number | undefined;
  /** Also capture the shared tab's or system's audio where the browser offers it. */
  readonly audio?: boolean | undefined;
}

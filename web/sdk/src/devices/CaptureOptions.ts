/** Which camera and how (constraints the browser tries to meet; the deviceId one it must meet). */
export interface CameraOptions {
  /** A camera from `getCameras()`; the default camera when left out. */
  readonly deviceId?: string | undefined;
  /** The width in pixels to ask for (an ideal, not a requirement). */
  readonly width?: number | undefined;
  /** The height in pixels to ask for (an ideal, not a requirement). */
  readonly height?: number | undefined;
  /** Frames per second to ask for (an ideal, not a requirement). */
  readonly frameRate?: number | undefined;
  /** "user" (front) or "environment" (back), for phones; ignored when deviceId is given. */
  readonly facingMode?: "user" | "environment" | undefined;
}

/** Which microphone and its processing (all on by default, as browsers do). */
export interface MicrophoneOptions {
  /** A microphone from `getMicrophones()`; the default one when left out. */
  readonly deviceId?: string | undefined;
  /** Cancel the echo of what the speakers play (default on). */
  readonly echoCancellation?: boolean | undefined;
  /** Suppress background noise (default on). */
  readonly noiseSuppression?: boolean | undefined;
  /** Level the microphone's volume automatically (default on). */
  readonly autoGainControl?: boolean | undefined;
}

/** Screen sharing (iLiveSDK openScreenShare); the browser asks the user what to share. */
export interface ScreenOptions {
  /** Frames per second to ask for (an ideal, not a requirement). */
  readonly frameRate?: number | undefined;
  /** Also capture the shared tab's or system's audio where the browser offers it. */
  readonly audio?: boolean | undefined;
}

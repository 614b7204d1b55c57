import { LiveError } from "../errors/LiveError.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";

/**
 * A failed capture as a seed error. The browser names its failures (DOMException names):
 * NotFoundError / OverconstrainedError → 1301 AV_ERR_DEVICE_NOT_EXIST (no such device, or none meets the constraints);
 * NotReadableError / AbortError → 1008 AV_ERR_RESOURCE_IS_OCCUPIED (another application holds it, or the OS refused);
 * NotAllowedError / SecurityError → 8007 ERR_USER_CANCEL (the user or the page's policy said no, or the picker was closed);
 * TypeError → 1004 AV_ERR_INVALID_ARGUMENT (constraints the browser cannot read).
 */
export function captureError(error: unknown, what: string): LiveError {
  if (error instanceof LiveError) {
    return error;
  }

  const name = typeof error === "object" && error !== null && typeof (error as { name?: unknown }).name === "string" ? (error as { name: string }).name : "";
  const message = error instanceof Error ? error.message : String(error);
  const detail = `${what}: ${name.length > 0 ? `${name}: ` : ""}${message}`;
  switch (name) {
    case "NotFoundError":
    case "OverconstrainedError":
      return LiveError.av(AVErrorCode.DeviceNotExist, detail, error);
    case "NotReadableError":
    case "AbortError":
      return LiveError.av(AVErrorCode.ResourceIsOccupied, detail, error);
    case "NotAllowedError":
    case "SecurityError":
      return LiveError.iLive(ILiveErrorCode.UserCancel, detail, error);
    case "TypeError":
      return LiveError.av(AVErrorCode.InvalidArgument, detail, error);
    default:
      return LiveError.av(AVErrorCode.Failed, detail, error);
  }
}

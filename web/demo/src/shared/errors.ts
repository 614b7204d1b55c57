import { AVErrorCode, ILiveErrorCode, LiveError } from "@openlive/sdk";

/** What a toast or an error screen shows: iLiveSDK's module, code and constant, the catalog's text, and the detail. */
export interface ErrorInfo {
  readonly module: string;
  readonly code: number;
  readonly name: string;
  readonly text: string;
  readonly detail: string | undefined;
}

/** An HTTP API's error body: iLiveSDK's `{module, code, message}` (the server's admin, WHIP/WHEP and dev endpoints). */
export interface WireError {
  readonly module: string;
  readonly code: number;
  readonly message: string;
}

/** Reads a failed HTTP answer as a LiveError (the server's JSON error body, else 8012/8020 with the status). */
export async function errorFromResponse(response: Response, what: string): Promise<LiveError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }

  if (isWireError(body)) {
    return LiveError.fromWire(body);
  }

  return response.status === 404
    ? LiveError.iLive(ILiveErrorCode.NotSupport, `${what}: this server does not offer it (HTTP 404; is it running with --dev?)`)
    : LiveError.iLive(ILiveErrorCode.SdkFailed, `${what}: HTTP ${response.status} ${response.statusText}`);
}

/** A fetch that failed without an answer (server down): 8012. */
export function networkError(what: string, error: unknown): LiveError {
  return LiveError.iLive(ILiveErrorCode.NetUndefine, `${what}: ${error instanceof Error ? error.message : String(error)}`, error);
}

/** A camera/microphone failure as iLiveSDK would name it: no device 1301, permission refused 8007. */
export function deviceError(error: unknown): LiveError {
  const name = error instanceof DOMException ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "NotAllowedError" || name === "SecurityError") {
    return LiveError.iLive(ILiveErrorCode.UserCancel, `camera/microphone permission refused (${message}); allow it in the address bar`, error);
  }

  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return LiveError.av(AVErrorCode.DeviceNotExist, `no camera or microphone (${message})`, error);
  }

  return LiveError.av(AVErrorCode.DeviceNotExist, `the camera or microphone could not be opened (${name || "error"}: ${message})`, error);
}

/** Any failure as module, code, name, text and detail. */
export function describeError(error: unknown): ErrorInfo {
  const live = error instanceof LiveError
    ? error
    : LiveError.iLive(ILiveErrorCode.SdkFailed, error instanceof Error ? error.message : String(error), error);
  const text = live.text();
  return { module: live.module, code: live.code, name: live.name, text: text.length > 0 ? text : live.message, detail: live.detail };
}

/** True for the session-ending codes: 8050 (kicked out by another login) and 8051 (ticket expired). */
export function isForcedOffline(error: unknown): error is LiveError {
  return error instanceof LiveError && (error.is("ILiveSDK", ILiveErrorCode.KickOut) || error.is("ILiveSDK", ILiveErrorCode.Expire));
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== "object" || value === null) {
    return false;
  }

  const { module, code, message } = value as Record<string, unknown>;
  return typeof module === "string" && typeof code === "number" && typeof message === "string";
}

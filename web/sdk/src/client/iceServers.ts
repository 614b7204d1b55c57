import type { LoginResult } from "../gen/protocol.js";
import type { LoginIceServer } from "./LoginIceServer.js";

/** The login answer's ICE servers, one entry per URL. */
export function iceServersOf(result: LoginResult): LoginIceServer[] {
  return result.iceServers.flatMap((server) =>
    server.urls.map((urls) => (server.username.length > 0 ? { urls, username: server.username, credential: server.credential } : { urls })));
}

/**
 * The configuration of a new peer connection: the app's `rtcConfiguration` with the login's ICE servers appended to
 * its `iceServers` (the app's own first). Everything else — `iceTransportPolicy` ("relay" forces TURN), `bundlePolicy`,
 * certificates — is the app's, as given; with no login ICE servers the app's configuration is used unchanged.
 */
export function withLoginIceServers(rtcConfiguration: object, login: readonly LoginIceServer[]): object {
  if (login.length === 0) {
    return rtcConfiguration;
  }

  const own = (rtcConfiguration as { iceServers?: unknown }).iceServers;
  return { ...rtcConfiguration, iceServers: [...(Array.isArray(own) ? own : []), ...login] };
}

// The admin REST API (/admin/v1, docs/protocol.md): Authorization: Bearer <admin key>; errors {module, code, message}.
import { errorFromResponse, networkError } from "../shared/errors.js";

export interface AppView {
  readonly sdkAppId: number;
  readonly name: string;
}

export interface MemberView {
  readonly userId: string;
  readonly role: string;
  readonly authBits: number;
  readonly joinedAt: string;
}

export interface RoomView {
  readonly roomId: string;
  readonly groupId: string;
  readonly owner: string;
  readonly members: MemberView[];
}

export interface TrackStatsView {
  readonly direction: "publish" | "subscribe";
  readonly userId: string;
  readonly source: "audio" | "camera" | "screen";
  readonly codec: string;
  readonly bitrateKbps: number;
  readonly packets: number;
  readonly packetsLost: number;
  readonly nacks: number;
  readonly layer: number;
  /** 0..1 from the last receiver report on that leg (the SFU's for a published track, the subscriber's for a received one). */
  readonly fractionLost: number;
  readonly jitterMs: number;
  /** The subscriber connection's round trip (received tracks); null before a report. */
  readonly roundTripMs: number | null;
  /** Video as the publisher sends it (the layer forwarded, for a received track): frames per second, and the size VP8 keyframes state (0 otherwise). */
  readonly framesPerSecond: number;
  readonly width: number;
  readonly height: number;
}

export interface MemberMediaView {
  readonly userId: string;
  readonly sendKbps: number;
  readonly receiveKbps: number;
  readonly tracks: TrackStatsView[];
  /** The highest loss (0..1) on the member's way up (its published tracks) and down (what it receives). */
  readonly upLoss: number;
  readonly downLoss: number;
  /** The member's round trip to the SFU, from its receiver reports; null before one (or when it receives nothing). */
  readonly roundTripMs: number | null;
  /** What the SFU fits the layers it forwards to the member into (its estimate of the way down); null while no limit was seen. */
  readonly availableKbps: number | null;
  /** What those layers would need without a limit; null when the member receives nothing. */
  readonly wantedKbps: number | null;
}

/** One recording (the server's recordings metadata, newest first). */
export interface RecordingView {
  readonly fileId: string;
  readonly roomId: string;
  readonly memberId: string;
  readonly channelId: string;
  readonly container: string | null;
  readonly codecs: readonly string[];
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly state: "recording" | "ended" | "failed";
  readonly error: string | null;
}

/** A link that plays a recording without the admin key, until it expires. */
export interface RecordingLink {
  readonly url: string;
  readonly expiresAt: string;
}

/** One admin key's view of the server. */
export class AdminApi {
  readonly #key: string;

  constructor(key: string) {
    this.#key = key;
  }

  apps(): Promise<AppView[]> {
    return this.#call("listing the apps", "GET", "/admin/v1/apps");
  }

  rooms(app: number): Promise<RoomView[]> {
    return this.#call("listing the rooms", "GET", `/admin/v1/apps/${app}/rooms`);
  }

  media(app: number, roomId: string): Promise<MemberMediaView[]> {
    return this.#call(`reading room ${roomId}'s media`, "GET", `/admin/v1/apps/${app}/rooms/${encodeURIComponent(roomId)}/media`);
  }

  online(app: number): Promise<string[]> {
    return this.#call("listing online users", "GET", `/admin/v1/apps/${app}/users/online`);
  }

  /** Signs a user out everywhere (the user sees 8050). */
  kick(app: number, userId: string): Promise<void> {
    return this.#call(`kicking ${userId}`, "POST", `/admin/v1/apps/${app}/users/${encodeURIComponent(userId)}/kick`, { reason: "from the admin page" });
  }

  /** Dismisses a room (its members see it end). */
  dismiss(app: number, roomId: string): Promise<void> {
    return this.#call(`dismissing room ${roomId}`, "DELETE", `/admin/v1/apps/${app}/rooms/${encodeURIComponent(roomId)}`);
  }

  /** The app's recordings, newest first. */
  recordings(app: number): Promise<RecordingView[]> {
    return this.#call("listing the recordings", "GET", `/admin/v1/apps/${app}/recordings`);
  }

  /** A signed, expiring link to play or download a recording (a video element cannot send the admin key). */
  recordingLink(app: number, fileId: string): Promise<RecordingLink> {
    return this.#call(`linking recording ${fileId}`, "POST", `/admin/v1/apps/${app}/recordings/link`, { fileId });
  }

  /**
   * The titles the dev app's hosts gave their shows, by room id, when `app` is the dev app (the demo's dev endpoint; a
   * server not in dev mode has none, and then the rooms show their ids only).
   */
  async showTitles(app: number): Promise<ReadonlyMap<string, string>> {
    try {
      const response = await fetch("/dev/v1/rooms", { cache: "no-store" });
      if (!response.ok) {
        return new Map();
      }

      const shows = await response.json() as { roomId: string; title: string; sdkAppId: number }[];
      return new Map(shows.filter((show) => show.sdkAppId === app && show.title.length > 0).map((show) => [show.roomId, show.title]));
    } catch {
      return new Map();
    }
  }

  async #call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        cache: "no-store",
        headers: { authorization: `Bearer ${this.#key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (error) {
      throw networkError(what, error);
    }

    if (!response.ok) {
      throw await errorFromResponse(response, what);
    }

    return (response.status === 204 || response.headers.get("content-length") === "0" ? undefined : await response.json()) as T;
  }
}

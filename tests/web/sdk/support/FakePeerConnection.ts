import type {
  IceCandidateLike,
  MediaStreamLike,
  MediaTrackLike,
  PeerConnectionLike,
  RtpTransceiverLike,
  SessionDescriptionLike,
  TrackEventLike,
  TransceiverInitLike,
  StatsLike,
  StatsReportLike,
} from "../../../../web/sdk/src/platform/rtc.js";

/** A track for tests. */
export function fakeTrack(kind: "audio" | "video", id = `${kind}-${Math.random().toString(16).slice(2, 8)}`): MediaTrackLike {
  return { kind, id };
}

/** A transceiver that records what the SDK does with it. */
export class FakeTransceiver implements RtpTransceiverLike {
  mid: string | null = null;
  direction: string;
  track: MediaTrackLike | null;
  readonly init: TransceiverInitLike | undefined;
  readonly receiver: { track: MediaTrackLike | undefined };
  readonly replaced: Array<MediaTrackLike | null> = [];
  readonly sender = {
    replaceTrack: async (track: MediaTrackLike | null): Promise<void> => {
      this.replaced.push(track);
      this.track = track;
    },
  };

  constructor(track: MediaTrackLike | null, init: TransceiverInitLike | undefined, receiving?: MediaTrackLike) {
    this.track = track;
    this.init = init;
    this.direction = init?.direction ?? "sendrecv";
    this.receiver = { track: receiving };
  }
}

/** Every fake peer connection created, for assertions. */
export const createdPeers: FakePeerConnection[] = [];

/**
 * A peer connection that speaks a toy SDP: one `a=mid:X` line per m-line, plus the direction. Local offers assign mids
 * in order; remote offers create receiving transceivers (and fire ontrack) for mids it has not seen. Each step can be
 * held with {@link FakePeerConnection.hold} to test that negotiations do not interleave.
 */
export class FakePeerConnection implements PeerConnectionLike {
  readonly configuration: unknown;
  readonly transceivers: FakeTransceiver[] = [];
  readonly calls: string[] = [];
  localDescription: SessionDescriptionLike | null = null;
  remoteDescription: SessionDescriptionLike | null = null;
  onicecandidate: ((event: { readonly candidate?: IceCandidateLike | null }) => void) | null = null;
  ontrack: ((event: TrackEventLike) => void) | null = null;
  iceConnectionState = "new";
  oniceconnectionstatechange: ((event: unknown) => void) | null = null;
  closed = false;
  /** When set, setRemoteDescription waits for it. */
  gate: Promise<void> | undefined;
  /** Rollbacks are refused when false (werift has none). */
  supportsRollback = true;
  #offers = 0;

  constructor(configuration?: unknown) {
    this.configuration = configuration;
    createdPeers.push(this);
  }

  /** Makes the next setRemoteDescription wait until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  }

  addTransceiver(trackOrKind: MediaTrackLike | string, init?: TransceiverInitLike): FakeTransceiver {
    this.calls.push("addTransceiver");
    const transceiver = new FakeTransceiver(typeof trackOrKind === "string" ? null : trackOrKind, init);
    this.transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }

  async createOffer(): Promise<SessionDescriptionLike> {
    this.calls.push("createOffer");
    this.#offers++;
    const lines = this.transceivers.map((transceiver, index) => `m=${transceiver.track?.kind ?? "video"}\r\na=mid:${transceiver.mid ?? String(index)}\r\na=${transceiver.direction}`);
    return { type: "offer", sdp: `v=0\r\no=fake ${this.#offers}\r\n${lines.join("\r\n")}\r\n` };
  }

  async createAnswer(): Promise<SessionDescriptionLike> {
    this.calls.push("createAnswer");
    return { type: "answer", sdp: `answer to ${this.remoteDescription?.sdp ?? ""}` };
  }

  async setLocalDescription(description?: SessionDescriptionLike): Promise<void> {
    this.calls.push(`setLocalDescription:${description?.type ?? "implicit"}`);
    if (description?.type === "rollback") {
      if (!this.supportsRollback) {
        throw new Error("rollback is not supported");
      }

      this.localDescription = null;
      return;
    }

    this.transceivers.forEach((transceiver, index) => {
      transceiver.mid ??= String(index);
    });
    this.localDescription = description ?? null;
    this.onicecandidate?.({ candidate: { candidate: `candidate:${this.calls.length} 1 udp 1 127.0.0.1 9 typ host` } });
  }

  async setRemoteDescription(description: SessionDescriptionLike): Promise<void> {
    this.calls.push(`setRemoteDescription:${description.type}`);
    await this.gate;
    this.gate = undefined;
    this.remoteDescription = description;
    if (description.type !== "offer") {
      return;
    }

    for (const match of (description.sdp ?? "").matchAll(/m=(audio|video)\r\na=mid:([^\r\n]+)/g)) {
      const [, kind, mid] = match;
      if (this.transceivers.some((transceiver) => transceiver.mid === mid)) {
        continue;
      }

      const track = fakeTrack(kind === "audio" ? "audio" : "video", `remote-${mid}`);
      const transceiver = new FakeTransceiver(null, { direction: "recvonly" }, track);
      transceiver.mid = mid ?? null;
      this.transceivers.push(transceiver);
      const stream: MediaStreamLike = { id: `stream-${mid}` };
      this.ontrack?.({ track, streams: [stream], transceiver });
    }
  }

  close(): void {
    // As a browser's: closing raises no state change.
    this.closed = true;
    this.iceConnectionState = "closed";
  }

  /** The path's state changes as the browser's ICE agent would change it (the test plays the network). */
  setIceState(state: "connected" | "disconnected" | "failed"): void {
    if (!this.closed) {
      this.iceConnectionState = state;
      this.oniceconnectionstatechange?.({});
    }
  }

  /** What getStats() reports (the test sets it, as RTCStats entries). */
  stats: StatsLike[] = [];

  async getStats(): Promise<StatsReportLike> {
    const entries = this.stats.map((stat) => ({ ...stat }));
    return { forEach: (callback) => entries.forEach((stat) => callback(stat)) };
  }
}

/** A toy SDP offer with one m-line per (kind, mid). */
export function fakeOffer(mLines: ReadonlyArray<readonly ["audio" | "video", string]>, version = 1): string {
  return `v=0\r\no=server ${version}\r\n${mLines.map(([kind, mid]) => `m=${kind}\r\na=mid:${mid}\r\na=sendonly`).join("\r\n")}\r\n`;
}

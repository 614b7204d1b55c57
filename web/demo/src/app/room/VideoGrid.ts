import type { LiveMember, RemoteTrack, RemoteTrackRemoved } from "@openlive/sdk";
import { h } from "../../shared/dom.js";
import { AudioMeter } from "./AudioMeter.js";
import { isOnStage, roleLabel } from "./roles.js";
import { Tile } from "./Tile.js";
import { TileArranger } from "./TileArranger.js";

/**
 * The stage: a tile per member on stage (host first, then co-hosts), each playing the member's camera. Every remote
 * track is attached to a playing element (Chromium decodes audio only for tracks that play): cameras to their tile's
 * <video>, audio to a hidden <audio> per member, whose level lights the tile. Each tile has its video's shape
 * ({@link TileArranger}).
 */
export class VideoGrid {
  readonly element: HTMLElement;
  readonly #tiles = new Map<string, Tile>();
  readonly #audio = new Map<string, HTMLAudioElement>();
  readonly #sinks: HTMLElement;
  readonly #meter = new AudioMeter();
  readonly #arranger: TileArranger;
  readonly #selfUserId: string;
  readonly #onAudioBlocked: () => void;

  constructor(selfUserId: string, onAudioBlocked: () => void) {
    this.#selfUserId = selfUserId;
    this.#onAudioBlocked = onAudioBlocked;
    this.#sinks = h("div", { class: "audio-sinks", attrs: { "aria-hidden": "true" } });
    this.element = h("div", { class: "grid", dataset: { count: "0" }, attrs: { "data-testid": "video-grid" } }, this.#sinks);
    this.#arranger = new TileArranger(this.element);
  }

  /** Keeps a tile for every member on stage (and anyone whose camera arrives), in stage order. */
  sync(members: ReadonlyMap<string, LiveMember>, ownerUserId: string): void {
    const onStage = [...members.values()]
      .filter((member) => isOnStage(member, ownerUserId) || member.hasCameraVideo)
      .sort((a, b) => Number(b.userId === ownerUserId) - Number(a.userId === ownerUserId) || a.joinedAt.getTime() - b.joinedAt.getTime());
    for (const [userId, tile] of this.#tiles) {
      if (!onStage.some((member) => member.userId === userId) && !this.#hasVideo(tile)) {
        tile.element.remove();
        this.#tiles.delete(userId);
      }
    }

    for (const member of onStage) {
      const tile = this.#tile(member.userId);
      tile.setRole(roleLabel(member, ownerUserId));
      tile.setCameraOn(member.hasCameraVideo);
      tile.setHasAudio(member.hasAudio);
      this.element.insertBefore(tile.element, this.#sinks);
    }

    this.#counted();
  }

  /** This member's own camera preview. */
  setLocal(stream: MediaStream | undefined): void {
    if (stream === undefined && !this.#tiles.has(this.#selfUserId)) {
      return;
    }

    this.#tile(this.#selfUserId).setStream(stream);
    this.#arranger.schedule();
  }

  attach(remote: RemoteTrack): void {
    const track = remote.track as MediaStreamTrack;
    if (track.kind === "audio") {
      const element = this.#audio.get(remote.userId) ?? h("audio", { autoplay: true, dataset: { user: remote.userId }, attrs: { "data-testid": "remote-audio" } });
      this.#audio.set(remote.userId, element);
      this.#sinks.append(element);
      element.srcObject = new MediaStream([track]);
      element.play().catch(() => this.#onAudioBlocked());
      this.#meter.watch(remote.userId, track, (level) => this.#tiles.get(remote.userId)?.setLevel(level));
      return;
    }

    if (remote.source === "camera") {
      const tile = this.#tile(remote.userId);
      tile.setStream(new MediaStream([track]));
      this.#counted();
    }
  }

  detach(removed: RemoteTrackRemoved): void {
    if (removed.source === "audio") {
      this.#meter.unwatch(removed.userId);
      this.#audio.get(removed.userId)?.remove();
      this.#audio.delete(removed.userId);
    } else if (removed.source === "camera") {
      this.#tiles.get(removed.userId)?.setStream(undefined);
      this.#arranger.schedule();
    }
  }

  /** Plays the audio elements again (after a click, when autoplay was refused). */
  resumeAudio(): void {
    for (const element of this.#audio.values()) {
      element.play().catch(() => undefined);
    }
  }

  dispose(): void {
    this.#arranger.dispose();
    this.#meter.dispose();
    for (const element of this.#audio.values()) {
      element.srcObject = null;
    }

    for (const tile of this.#tiles.values()) {
      tile.video.srcObject = null;
    }
  }

  #tile(userId: string): Tile {
    let tile = this.#tiles.get(userId);
    if (tile === undefined) {
      tile = new Tile(userId, userId === this.#selfUserId);
      // A new picture size (the first frame, another simulcast layer, a co-host's 4:3 camera) reshapes the tile.
      for (const event of ["resize", "playing", "emptied"]) {
        tile.video.addEventListener(event, () => this.#arranger.schedule());
      }

      this.#tiles.set(userId, tile);
      this.element.insertBefore(tile.element, this.#sinks);
    }

    return tile;
  }

  /** The tiles changed: the count for the CSS, and their places. */
  #counted(): void {
    this.element.dataset["count"] = String(this.#tiles.size);
    this.#arranger.schedule();
  }

  #hasVideo(tile: Tile): boolean {
    const stream = tile.video.srcObject as MediaStream | null;
    return stream?.getVideoTracks().some((track) => track.readyState === "live") ?? false;
  }
}

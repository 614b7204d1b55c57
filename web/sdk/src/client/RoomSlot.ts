import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { LiveRoom } from "../rooms/LiveRoom.js";
import type { RoomHost } from "../rooms/RoomHost.js";
import { qualityIntervalLimits } from "../media/RoomQuality.js";
import { systemClock, type Clock } from "../platform/Clock.js";
import { sameRoom } from "../rooms/roomIdWire.js";
import type { ServerBodyValue } from "../signaling/frames.js";

/**
 * The room a client is in (at most one): adopted from the server's answer to an entry or switch, forgotten when the
 * client leaves it or loses it. Entries, switches and quits run one at a time.
 */
export class RoomSlot {
  readonly #host: RoomHost;
  readonly #clock: Clock;
  #room: LiveRoom | undefined;
  #busy = false;

  constructor(host: RoomHost, clock: Clock = systemClock) {
    this.#host = host;
    this.#clock = clock;
  }

  get current(): LiveRoom | undefined {
    return this.#room;
  }

  /** The current room when `roomId` names it (pushes about a room already left are dropped). */
  roomFor(roomId: ServerBodyValue<"room">["roomId"]): LiveRoom | undefined {
    const room = this.#room;
    return room !== undefined && sameRoom(room.id, roomId) ? room : undefined;
  }

  /** The room the server's answer describes becomes the current one. */
  adopt(state: ServerBodyValue<"room">, qualityIntervalMs: number = qualityIntervalLimits.defaultMs): LiveRoom {
    const room = new LiveRoom(this.#host, state, { intervalMs: qualityIntervalMs, clock: this.#clock });
    this.#room = room;
    return room;
  }

  /** The client left the room on purpose (quit, dismissed it): no `ended` event. */
  leave(room: LiveRoom): void {
    this.#forget(room);
    room.end(undefined);
  }

  /** The room ended without this client asking: forget it (unless another took its place) and tell the app. */
  lose(room: LiveRoom, dismissed: boolean, error: LiveError | undefined, sessionEnded = false): void {
    this.#forget(room);
    room.end({ dismissed, error, sessionEnded });
  }

  /** Room entry, switch and quit run one at a time (8011 while one runs). */
  async operation<T>(run: () => Promise<T>): Promise<T> {
    if (this.#busy) {
      throw LiveError.iLive(ILiveErrorCode.BusyHere, "another room operation (enter, quit, switch) is still running");
    }

    this.#busy = true;
    try {
      return await run();
    } finally {
      this.#busy = false;
    }
  }

  /** The current room, or 8003 when there is none. */
  requireCurrent(): LiveRoom {
    if (this.#room === undefined) {
      throw LiveError.iLive(ILiveErrorCode.NoRoom, "not in a room");
    }

    return this.#room;
  }

  /** Fails with the AVSDK `code` (1202 logout, 1102 stop) while in a room: `what` needs leaving it first. */
  ensureNone(code: number, what: string): void {
    if (this.#room !== undefined) {
      throw LiveError.av(code, `still in room ${this.#room.id}; quit it before ${what}`);
    }
  }

  #forget(room: LiveRoom): void {
    if (this.#room === room) {
      this.#room = undefined;
    }
  }
}


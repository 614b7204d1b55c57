// The demo's backend on the dev server (docs/demo.md): dev userSigs for the sign-in, the list of live shows and their
// titles. Errors are the server's JSON {module, code, message}, turned into LiveErrors.
import { errorFromResponse, networkError } from "../shared/errors.js";

/** A dev userSig: what LiveClient.login needs. */
export interface DevTicket {
  readonly sdkAppId: number;
  readonly userId: string;
  readonly userSig: string;
  readonly expireSeconds: number;
}

/** A live show in the lobby. */
export interface Show {
  readonly roomId: string;
  readonly isNumeric: boolean;
  readonly title: string;
  readonly owner: string;
  readonly members: number;
  /** Members other than the host (the server's count, as the room shows it). */
  readonly viewers: number;
  readonly likes: number;
  readonly onAir: boolean;
  readonly startedAt: string;
  /** The dev app the show's room belongs to. */
  readonly sdkAppId: number;
}

async function call<T>(what: string, path: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: "no-store" });
  } catch (error) {
    throw networkError(what, error);
  }

  if (!response.ok) {
    throw await errorFromResponse(response, what);
  }

  return read(response);
}

/** Asks the dev server for a userSig for `userId` (8021 for an invalid user id). */
export function fetchDevTicket(userId: string): Promise<DevTicket> {
  return call("dev userSig", "/dev/v1/usersig", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  }, (response) => response.json() as Promise<DevTicket>);
}

/** The live shows of the dev app, newest first. */
export function fetchShows(): Promise<Show[]> {
  return call("live shows", "/dev/v1/rooms", {}, (response) => response.json() as Promise<Show[]>);
}

/** Names the caller's show (the room's owner only). */
export function titleShow(roomId: string | number, title: string, userId: string, userSig: string): Promise<void> {
  return call("show title", `/dev/v1/rooms/${encodeURIComponent(String(roomId))}`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${userSig}` },
    body: JSON.stringify({ userId, title }),
  }, async () => undefined);
}

/** The users of the dev app with a session now (whom the demo can call). */
export function fetchOnlineUsers(): Promise<string[]> {
  return call("online users", "/dev/v1/users/online", {}, (response) => response.json() as Promise<string[]>);
}

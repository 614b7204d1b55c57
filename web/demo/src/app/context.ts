import type { LiveCall, LiveClient, LiveError, LiveRoom } from "@openlive/sdk";
import type { DevTicket } from "./devApi.js";
import type { Header } from "./Header.js";

/** The signed-in user: its client and the dev ticket it logged in with. */
export interface Session {
  readonly client: LiveClient;
  readonly ticket: DevTicket;
}

/** What the room screen knows about the show besides the room. */
export interface ShowInfo {
  readonly title: string;
  readonly isHost: boolean;
}

/** How a show ended, for the ended screen. */
export interface EndedInfo {
  readonly roomId: string;
  readonly title: string;
  /** The host ended it itself (else: the audience saw it end). */
  readonly byMe: boolean;
  /** Why the member lost the room when it was not dismissed (kicked by the host: 10006). */
  readonly error: LiveError | undefined;
  readonly durationMs: number;
  readonly likes: number;
  readonly peakViewers: number;
}

/** One screen on the page: its element, and what to release when it goes. */
export interface Screen {
  readonly element: HTMLElement;
  dispose(): void;
}

/** What screens can ask of the app. */
export interface AppContext {
  readonly header: Header;
  /** The session (screens past the sign-in always have one). */
  session(): Session;
  signIn(userId: string): Promise<void>;
  signOut(): Promise<void>;
  goLobby(): void;
  enterRoom(room: LiveRoom, show: ShowInfo): void;
  /** Shows a call the user made or accepted. */
  enterCall(call: LiveCall): void;
  showEnded(info: EndedInfo): void;
  showKicked(reason: LiveError): void;
}

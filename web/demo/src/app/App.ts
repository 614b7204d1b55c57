import { LiveClient, type CallEnded, type LiveCall, type LiveCallInvitation, type LiveError, type LiveRoom } from "@openlive/sdk";
import { toastError, toastInfo } from "../shared/toasts.js";
import { CallScreen, endText } from "./call/CallScreen.js";
import { IncomingCallDialog } from "./call/IncomingCallDialog.js";
import type { AppContext, EndedInfo, Screen, Session, ShowInfo } from "./context.js";
import { fetchDevTicket } from "./devApi.js";
import { Header } from "./Header.js";
import { endedScreen, kickedScreen } from "./screens/endings.js";
import { lobbyScreen } from "./screens/lobby.js";
import { signInScreen } from "./screens/signIn.js";
import { RoomScreen } from "./room/RoomScreen.js";

const lastUserKey = "openlive-demo:user";

/**
 * The demo: one LiveClient per signed-in user and one screen at a time (sign in, lobby, room, ended, kicked). The
 * header's pill follows the client's connection state, and in a room the show's.
 */
export class App implements AppContext {
  readonly header: Header;
  readonly #main: HTMLElement;
  #session: Session | undefined;
  #screen: Screen | undefined;
  #inRoom = false;
  readonly #ringing = new Map<bigint, IncomingCallDialog>();

  constructor(root: HTMLElement) {
    this.header = new Header(() => void this.signOut());
    this.#main = document.createElement("main");
    this.#main.className = "screen";
    root.replaceChildren(this.header.element, this.#main);
  }

  start(): void {
    this.#show(signInScreen(this, localStorage.getItem(lastUserKey) ?? ""));
  }

  session(): Session {
    if (this.#session === undefined) {
      throw new Error("not signed in");
    }

    return this.#session;
  }

  async signIn(userId: string): Promise<void> {
    this.header.setStatus("connecting");
    try {
      const ticket = await fetchDevTicket(userId);
      const client = new LiveClient({ serverUrl: location.origin, sdkAppId: ticket.sdkAppId });
      this.#watch(client);
      await client.login(ticket.userId, ticket.userSig);
      this.#session = { client, ticket };
      localStorage.setItem(lastUserKey, ticket.userId);
      this.header.setUser(ticket.userId);
      this.goLobby();
    } catch (error) {
      this.header.setStatus("offline");
      throw error;
    }
  }

  async signOut(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#disposeScreen();
    if (session !== undefined) {
      try {
        await session.client.currentRoom?.quit();
        await session.client.stop();
      } catch (error) {
        toastError("Signing out", error);
      }
    }

    this.header.setUser(undefined);
    this.header.setStatus("offline");
    this.start();
  }

  goLobby(): void {
    this.#inRoom = false;
    this.header.setStatus(this.#connectedStatus());
    this.#show(lobbyScreen(this));
  }

  enterRoom(room: LiveRoom, show: ShowInfo): void {
    this.#inRoom = true;
    this.header.setStatus("live");
    history.replaceState(null, "", `#room=${encodeURIComponent(String(room.id))}`);
    this.#show(new RoomScreen(this, room, show));
  }

  enterCall(call: LiveCall): void {
    this.#inRoom = true;
    this.header.setStatus("live");
    this.#show(new CallScreen(this, call));
  }

  showEnded(info: EndedInfo): void {
    this.#inRoom = false;
    this.header.setStatus("ended");
    history.replaceState(null, "", location.pathname);
    this.#show(endedScreen(this, info));
  }

  showKicked(reason: LiveError): void {
    if (this.#session === undefined && this.#screen?.element.dataset["screen"] === "kicked") {
      return; // the room's end and the client's force-offline both report it
    }

    this.#session = undefined;
    this.#inRoom = false;
    this.header.setUser(undefined);
    this.header.setStatus("offline");
    this.#show(kickedScreen(this, reason, localStorage.getItem(lastUserKey) ?? ""));
  }

  #watch(client: LiveClient): void {
    client.on("connectionStateChanged", ({ state }) => {
      if (this.#session !== undefined && this.#session.client !== client) {
        return;
      }

      switch (state) {
        case "connecting":
          this.header.setStatus("connecting");
          break;
        case "reconnecting":
          this.header.setStatus("reconnecting");
          break;
        case "connected":
          this.header.setStatus(this.#inRoom ? "live" : "online");
          break;
        case "disconnected":
          if (this.header.state !== "ended") {
            this.header.setStatus("offline");
          }

          break;
      }
    });
    client.on("incomingCall", ({ invitation }) => this.#ring(client, invitation));
    client.on("callEnded", (ended) => this.#stopRinging(ended));
    client.on("forceOffline", ({ reason }) => {
      if (this.#session?.client === client) {
        this.showKicked(reason);
      }
    });
  }

  /** A call rings: a dialog to accept (leaving a live show first) or decline it. */
  #ring(client: LiveClient, invitation: LiveCallInvitation): void {
    const dialog = new IncomingCallDialog(invitation, () => {
      void (async () => {
        try {
          if (client.currentRoom !== undefined && client.currentCall === undefined) {
            await client.quitRoom();
          }

          const call = await client.acceptCall(invitation.callId);
          this.#closeDialog(invitation.callId);
          this.enterCall(call);
        } catch (error) {
          this.#closeDialog(invitation.callId);
          toastError("Accepting the call", error);
        }
      })();
    }, () => {
      this.#closeDialog(invitation.callId);
      client.refuseCall(invitation.callId).catch((error: unknown) => toastError("Declining the call", error));
    });
    this.#ringing.set(invitation.callId, dialog);
    document.body.append(dialog.element);
  }

  /** A ringing call ended before it was answered here (cancelled, timed out): the dialog goes, with why. */
  #stopRinging(ended: CallEnded): void {
    if (this.#ringing.has(ended.callId)) {
      this.#closeDialog(ended.callId);
      toastInfo(endText(ended, this.#session?.ticket.userId ?? ""));
    }
  }

  #closeDialog(callId: bigint): void {
    this.#ringing.get(callId)?.remove();
    this.#ringing.delete(callId);
  }

  #connectedStatus(): "online" | "reconnecting" | "offline" {
    const state = this.#session?.client.state;
    return state === "connected" ? "online" : state === "reconnecting" ? "reconnecting" : "offline";
  }

  #show(screen: Screen): void {
    this.#disposeScreen();
    this.#screen = screen;
    this.#main.replaceChildren(screen.element);
  }

  #disposeScreen(): void {
    const screen = this.#screen;
    this.#screen = undefined;
    screen?.dispose();
  }
}

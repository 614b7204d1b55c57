import { MemberEventId, type LiveRoom, type ReceivedMessage } from "@openlive/sdk";
import { duration, h } from "../../shared/dom.js";
import { isForcedOffline } from "../../shared/errors.js";
import { toastError, toastInfo } from "../../shared/toasts.js";
import type { AppContext, Screen, ShowInfo } from "../context.js";
import { ChatPanel } from "./ChatPanel.js";
import { CoHostFlow } from "./CoHostFlow.js";
import { EgressFlow } from "./EgressFlow.js";
import { Likes } from "./Likes.js";
import { LocalMedia } from "./LocalMedia.js";
import { MemberList } from "./MemberList.js";
import { RoomControls, type StageRole } from "./RoomControls.js";
import { Roles } from "./roles.js";
import { QualityOverlay } from "./QualityOverlay.js";
import { VideoGrid } from "./VideoGrid.js";

/**
 * The live room: the stage (video grid, hearts, controls), chat and members. The host publishes at once; a viewer
 * invited to co-host publishes after accepting; everyone plays what arrives. The room's end (dismissed, removed,
 * forced offline) leads to the ended or kicked screen.
 */
export class RoomScreen implements Screen {
  readonly element: HTMLElement;
  readonly #app: AppContext;
  readonly #room: LiveRoom;
  readonly #show: ShowInfo;
  readonly #self: string;
  readonly #grid: VideoGrid;
  readonly #quality: QualityOverlay;
  readonly #chat: ChatPanel;
  readonly #members: MemberList;
  readonly #likes: Likes;
  readonly #controls: RoomControls;
  readonly #coHost: CoHostFlow;
  readonly #egress: EgressFlow;
  readonly #watchLink: HTMLAnchorElement;
  readonly #stats: { viewers: HTMLElement; clock: HTMLElement; membersTab: HTMLElement };
  readonly #soundPrompt: HTMLElement;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #enteredAt = Date.now();
  #local: LocalMedia | undefined;
  #peakViewers = 0;
  #busy = false;
  #closed = false;

  constructor(app: AppContext, room: LiveRoom, show: ShowInfo) {
    this.#app = app;
    this.#room = room;
    this.#show = show;
    this.#self = room.self.userId;
    this.#likes = new Likes(room, this.#self);
    this.#grid = new VideoGrid(this.#self, () => this.#soundPrompt.hidden = false);
    this.#quality = new QualityOverlay(room, this.#grid.element, this.#self);
    this.#chat = new ChatPanel((text) => this.#sendChat(text));
    this.#coHost = new CoHostFlow(room, { changed: () => this.#refresh(), becameCoHost: () => this.#goOnStage() });
    this.#members = new MemberList(this.#coHost);
    this.#egress = new EgressFlow(room, { changed: () => this.#refresh() });
    this.#watchLink = h("a", { class: "pill link", hidden: true, target: "_blank", rel: "noopener", text: "HLS watch link", title: "The HLS copy of this live: anyone with the link watches it without signing in", attrs: { "data-testid": "hls-link" } });
    this.#controls = new RoomControls({
      like: () => this.#likes.like(),
      toggleMic: () => this.#toggleMic(),
      toggleCamera: () => void this.#act("Turning the camera", () => this.#local?.setCamera(!this.#local.cameraOn) ?? Promise.resolve()),
      stepDown: () => void this.#act("Stepping down", () => this.#stepDown()),
      leave: () => void this.#act("Leaving the live", () => this.#leave()),
      end: () => this.#coHost.confirmEnd(() => void this.#act("Ending the live", () => this.#end())),
      record: () => void this.#act(this.#egress.recording ? "Stopping the recording" : "Starting a recording", () => this.#egress.toggleRecording()),
      hls: () => void this.#act(this.#egress.hlsLive ? "Stopping HLS" : "Going live on HLS", () => this.#egress.toggleHls()),
    });
    this.#soundPrompt = h("button", { class: "sound-prompt", hidden: true, text: "🔈 Tap to turn on sound", on: { click: () => {
      this.#soundPrompt.hidden = true;
      this.#grid.resumeAudio();
    } } });
    this.#stats = {
      viewers: h("span", { class: "pill", attrs: { "data-testid": "viewers" } }),
      clock: h("span", { class: "pill", text: "0:00" }),
      membersTab: h("span", { text: "Members" }),
    };
    this.element = this.#layout();
    this.#wire();
    this.#refresh();
    this.#timers.push(setInterval(() => this.#tick(), 1000));
    void this.#loadHistory();
    if (show.isHost) {
      void this.#goOnStage();
    }
  }

  dispose(): void {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe.splice(0)) {
      unsubscribe();
    }

    for (const timer of this.#timers.splice(0)) {
      clearInterval(timer);
    }

    this.#coHost.dispose();
    this.#likes.dispose();
    this.#grid.dispose();
    this.#quality.dispose();
    void this.#local?.stop(false);
  }

  #layout(): HTMLElement {
    const title = this.#show.title || `${this.#room.ownerUserId}'s live`;
    const chatTab = h("button", { class: "tab", text: "Chat", attrs: { role: "tab", "aria-selected": "true", "data-testid": "tab-chat" } });
    const membersTab = h("button", { class: "tab", attrs: { role: "tab", "aria-selected": "false", "data-testid": "tab-members" } }, this.#stats.membersTab);
    const panel = h("aside", { class: "panel", dataset: { tab: "chat" } },
      h("div", { class: "tabs", attrs: { role: "tablist" } }, chatTab, membersTab),
      h("div", { class: "panel-body chat-body" }, this.#chat.element),
      h("div", { class: "panel-body members-body" }, this.#members.element));
    const select = (tab: "chat" | "members"): void => {
      panel.dataset["tab"] = tab;
      chatTab.setAttribute("aria-selected", String(tab === "chat"));
      membersTab.setAttribute("aria-selected", String(tab === "members"));
    };
    chatTab.addEventListener("click", () => select("chat"));
    membersTab.addEventListener("click", () => select("members"));
    const copy = h("button", { class: "pill link", text: `Room ${this.#room.id}`, title: "Copy the link to this live", on: { click: () => {
      navigator.clipboard.writeText(`${location.origin}/#room=${encodeURIComponent(String(this.#room.id))}`)
        .then(() => toastInfo("Link copied"), (error: unknown) => toastError("Copying the link", error));
    } } });
    const stage = h("div", { class: "stage" },
      h("div", { class: "stage-top" },
        h("div", { class: "show-heading" },
          h("span", { class: "badge live", text: "LIVE" }),
          h("h1", { class: "show-name", text: title, attrs: { "data-testid": "room-title" } }),
          h("span", { class: "muted small", text: `hosted by ${this.#room.ownerUserId}` })),
        h("div", { class: "stage-stats" }, this.#stats.viewers, this.#likes.counter, this.#stats.clock, copy, this.#watchLink, this.#quality.button)),
      h("div", { class: "stage-video" }, this.#grid.element, this.#likes.hearts.element, this.#soundPrompt),
      this.#controls.element);
    return h("section", { class: "room", dataset: { screen: "room", room: String(this.#room.id) } }, stage, panel);
  }

  #wire(): void {
    const room = this.#room;
    this.#unsubscribe.push(
      room.on("memberEvent", ({ eventId, members }) => {
        if (eventId === MemberEventId.In) {
          members.filter((m) => m.userId !== this.#self).forEach((m) => this.#chat.notice(`${m.userId} joined`));
        } else if (eventId === MemberEventId.Out) {
          members.forEach((m) => {
            this.#chat.notice(`${m.userId} left`);
            this.#coHost.forget(m.userId);
          });
        }

        this.#refresh();
      }),
      room.on("memberUpdated", ({ member }) => {
        if (member.controlRole === Roles.CoHost && member.userId !== this.#self) {
          this.#chat.notice(`${member.userId} is co-hosting`);
        }

        this.#refresh();
      }),
      room.on("message", ({ message }) => this.#onMessage(message)),
      room.on("countersChanged", () => this.#refresh()),
      room.on("remoteTrack", (track) => {
        this.#grid.attach(track);
        this.#refresh();
      }),
      room.on("remoteTrackRemoved", (removed) => {
        this.#grid.detach(removed);
        this.#refresh();
      }),
      room.on("mediaError", ({ error }) => toastError("Media", error)),
      room.on("ended", ({ dismissed, error, sessionEnded }) => {
        if (sessionEnded) {
          // The session's cause follows, once: forceOffline (the app shows the sign-out) or "disconnected" (below).
          return;
        }

        this.#showEnded(false, dismissed ? undefined : error);
      }),
      this.#app.session().client.on("connectionStateChanged", ({ state, error }) => {
        if (state !== "disconnected" || error === undefined) {
          return; // a forceOffline's change carries no error: its own event shows the sign-out
        }

        if (isForcedOffline(error)) {
          this.#app.showKicked(error); // a reconnect refused with 8051 (the ticket expired meanwhile): no forceOffline comes
        } else {
          this.#showEnded(false, error); // reconnecting gave up: the live is over for this window
        }
      }),
    );
  }

  async #loadHistory(): Promise<void> {
    try {
      this.#chat.showHistory(await this.#room.getMessages({ count: 50 }));
    } catch (error) {
      if (!this.#closed) {
        toastError("Loading the chat history", error);
      }
    }
  }

  #onMessage(message: ReceivedMessage): void {
    this.#chat.add(message);
  }

  async #sendChat(text: string): Promise<void> {
    try {
      const sent = await this.#room.sendMessage(text);
      this.#chat.addOwn(this.#self, text, sent.messageId);
    } catch (error) {
      toastError("Sending the message", error);
      throw error;
    }
  }

  #toggleMic(): void {
    this.#local?.setMic(!this.#local.micOn);
    this.#refresh();
  }

  /** Camera and microphone on, published (the host at once; a co-host after accepting). */
  async #goOnStage(): Promise<void> {
    if (this.#local !== undefined || this.#closed) {
      return;
    }

    const local = new LocalMedia(this.#room);
    local.onChange = (stream) => {
      this.#grid.setLocal(stream);
      this.#refresh();
    };
    this.#local = local;
    await this.#act("Turning on the camera and microphone", () => local.start());
  }

  async #stepDown(): Promise<void> {
    const local = this.#local;
    this.#local = undefined;
    await local?.stop(true);
    await this.#room.downToNormalMember(Roles.Audience);
  }

  async #leave(): Promise<void> {
    await this.#local?.stop(false);
    await this.#room.quit();
    this.#app.goLobby();
  }

  async #end(): Promise<void> {
    await this.#local?.stop(false);
    await this.#room.dismiss();
    this.#showEnded(true, undefined);
  }

  #showEnded(byMe: boolean, error: Parameters<AppContext["showEnded"]>[0]["error"]): void {
    this.#app.showEnded({
      roomId: String(this.#room.id),
      title: this.#show.title,
      byMe,
      error,
      durationMs: Date.now() - (this.#room.members.get(this.#room.ownerUserId)?.joinedAt.getTime() ?? this.#enteredAt),
      likes: this.#likes.count,
      peakViewers: this.#peakViewers,
    });
  }

  /** Runs a control action one at a time, with the bar disabled meanwhile and a toast on failure. */
  async #act(label: string, action: () => Promise<void>): Promise<void> {
    if (this.#busy) {
      return;
    }

    this.#busy = true;
    this.#refresh();
    try {
      await action();
    } catch (error) {
      if (!this.#closed) {
        toastError(label, error);
      }
    } finally {
      this.#busy = false;
      if (!this.#closed) {
        this.#refresh();
      }
    }
  }

  #role(): StageRole {
    const self = this.#room.self;
    return self.userId === this.#room.ownerUserId ? "host" : self.controlRole === Roles.CoHost || self.controlRole === Roles.Host ? "co-host" : "viewer";
  }

  #refresh(): void {
    if (this.#closed) {
      return;
    }

    const members = this.#room.members;
    const viewers = this.#room.counters.viewers; // the server's count: everyone but the host, the same for every member

    this.#peakViewers = Math.max(this.#peakViewers, viewers);
    this.#stats.viewers.textContent = `${viewers} watching`;
    this.#stats.viewers.dataset["count"] = String(viewers);
    this.#stats.membersTab.textContent = `Members (${members.size})`;
    this.#grid.sync(members, this.#room.ownerUserId);
    this.#members.render(members, this.#room.ownerUserId, this.#self, this.#role() === "host", this.#coHost.invited);
    this.#controls.render({
      role: this.#role(),
      micOn: this.#local?.micOn ?? false,
      cameraOn: this.#local?.cameraOn ?? false,
      busy: this.#busy,
      recording: this.#egress.recording,
      hlsLive: this.#egress.hlsLive,
    });
    const watch = this.#egress.watchLink;
    this.#watchLink.hidden = watch === undefined;
    this.#watchLink.href = watch ?? "";
    this.element.dataset["role"] = this.#role();
  }

  #tick(): void {
    const since = this.#room.members.get(this.#room.ownerUserId)?.joinedAt.getTime() ?? this.#enteredAt;
    this.#stats.clock.textContent = duration(Date.now() - since);
  }
}

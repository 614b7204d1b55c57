import { CallEndCode, CallMemberState, CallType, type CallEnded, type LiveCall } from "@openlive/sdk";
import { h } from "../../shared/dom.js";
import { toastError, toastInfo } from "../../shared/toasts.js";
import type { AppContext, Screen } from "../context.js";
import { LocalMedia } from "../room/LocalMedia.js";
import { VideoGrid } from "../room/VideoGrid.js";

/** What the app tells the user when a call ends, by CallSDK's end code (the code is shown too). */
export function endText(ended: CallEnded, selfUserId: string): string {
  const who = ended.byUserId ?? "the other side";
  const text = ended.code === CallEndCode.ResponderLineBusy ? `${who} is busy in another call`
    : ended.code === CallEndCode.SponsorTimeout ? "No answer"
      : ended.code === CallEndCode.ResponderRefuse ? `${who} declined the call`
        : ended.code === CallEndCode.SponsorCancel ? (ended.byUserId === selfUserId ? "Call cancelled" : `${who} cancelled the call`)
          : ended.code === CallEndCode.Hangup ? (ended.byUserId === selfUserId ? "Call ended" : `${who} hung up`)
            : ended.code === CallEndCode.Disconnect ? "The call was disconnected"
              : ended.code === CallEndCode.AnsweredElsewhere ? "Answered on another device"
                : "The call ended";
  return `${text} (code ${ended.code})`;
}

/**
 * A call: everyone's camera in a grid (the call's room, as any room), the microphone and camera switches, and hang up.
 * The call's end (hung up, declined, busy, no answer) is a toast with CallSDK's end code, then the lobby.
 */
export class CallScreen implements Screen {
  readonly element: HTMLElement;
  readonly #app: AppContext;
  readonly #call: LiveCall;
  readonly #grid: VideoGrid;
  readonly #local: LocalMedia;
  readonly #status: HTMLElement;
  readonly #offs: (() => void)[] = [];
  #done = false;

  constructor(app: AppContext, call: LiveCall) {
    this.#app = app;
    this.#call = call;
    const self = app.session().ticket.userId;
    this.#grid = new VideoGrid(self, () => undefined);
    this.#local = new LocalMedia(call.room);
    this.#local.onChange = (stream) => this.#grid.setLocal(stream);
    this.#status = h("p", { class: "muted", attrs: { "data-testid": "call-status" } });

    const mic = h("button", { class: "secondary", text: "Mute", attrs: { "data-testid": "call-mic" } });
    mic.addEventListener("click", () => {
      this.#local.setMic(!this.#local.micOn);
      mic.textContent = this.#local.micOn ? "Mute" : "Unmute";
    });
    const camera = h("button", { class: "secondary", text: "Camera off", attrs: { "data-testid": "call-camera" } });
    camera.addEventListener("click", () => {
      const on = !this.#local.cameraOn;
      this.#local.setCamera(on).then(() => {
        camera.textContent = this.#local.cameraOn ? "Camera off" : "Camera on";
      }, (error: unknown) => toastError("Switching the camera", error));
    });
    const hangUp = h("button", { class: "danger", text: "Hang up", attrs: { "data-testid": "call-hangup" } });
    hangUp.addEventListener("click", () => {
      hangUp.disabled = true;
      call.hangUp().catch((error: unknown) => {
        hangUp.disabled = false;
        toastError("Hanging up", error);
      });
    });

    this.element = h("section", { class: "call", dataset: { screen: "call", call: String(call.callId) } },
      h("h2", { text: call.type === CallType.Audio ? "Audio call" : "Video call" }),
      this.#status,
      h("div", { class: "call-stage" }, this.#grid.element),
      h("div", { class: "row controls" }, mic, camera, hangUp));

    this.#offs.push(
      call.room.on("remoteTrack", (track) => this.#grid.attach(track)),
      call.room.on("remoteTrackRemoved", (removed) => this.#grid.detach(removed)),
      call.room.on("memberEvent", () => this.#syncGrid()),
      call.on("established", () => this.#showStatus()),
      call.on("memberChanged", () => this.#showStatus()),
      call.on("ended", (ended) => this.#ended(ended)),
    );
    this.#syncGrid();
    this.#showStatus();
    if (call.endReason !== undefined) {
      // It ended before this screen listened (a busy callee ends a call the moment it is made).
      queueMicrotask(() => this.#ended(call.endReason!));
      return;
    }

    this.#local.start().then(async () => {
      if (call.type === CallType.Audio) {
        await this.#local.setCamera(false);
      }
    }, (error: unknown) => toastError("Opening the camera and microphone", error));
  }

  dispose(): void {
    for (const off of this.#offs) {
      off();
    }

    void this.#local.stop(false);
    this.#grid.dispose();
  }

  #syncGrid(): void {
    this.#grid.sync(this.#call.room.members, this.#call.sponsorId);
  }

  #showStatus(): void {
    const self = this.#app.session().ticket.userId;
    const others = this.#call.members.filter((member) => member.userId !== self);
    this.#status.textContent = this.#call.isEstablished
      ? `In a call with ${others.filter((m) => m.state === CallMemberState.InCall).map((m) => m.userId).join(", ") || "nobody"}`
      : `Calling ${others.map((m) => m.userId).join(", ")}…`;
  }

  #ended(ended: CallEnded): void {
    if (this.#done) {
      return;
    }

    this.#done = true;
    toastInfo(endText(ended, this.#app.session().ticket.userId));
    this.#app.goLobby();
  }
}

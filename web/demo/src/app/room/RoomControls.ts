import { h, replaceChildren } from "../../shared/dom.js";

/** Who this member is on the show. */
export type StageRole = "host" | "co-host" | "viewer";

/** What the control bar's buttons do. */
export interface ControlActions {
  like(): void;
  toggleMic(): void;
  toggleCamera(): void;
  stepDown(): void;
  leave(): void;
  end(): void;
  record(): void;
  hls(): void;
}

/** The state the bar shows. */
export interface ControlState {
  readonly role: StageRole;
  readonly micOn: boolean;
  readonly cameraOn: boolean;
  readonly busy: boolean;
  /** The host's recording runs. */
  readonly recording: boolean;
  /** The host's live HLS runs. */
  readonly hlsLive: boolean;
}

/**
 * The control bar under the stage: like for everyone; mic and camera on stage; for the host Record and Go live on HLS;
 * step down, leave, or end the live.
 */
export class RoomControls {
  readonly element: HTMLElement = h("div", { class: "controls", attrs: { role: "toolbar", "aria-label": "Live controls" } });
  readonly #actions: ControlActions;

  constructor(actions: ControlActions) {
    this.#actions = actions;
  }

  render(state: ControlState): void {
    const a = this.#actions;
    const button = (label: string, testId: string, kind: string, action: () => void, pressed?: boolean): HTMLButtonElement => {
      const element = h("button", { class: `control ${kind}`, text: label, disabled: state.busy && testId !== "like", attrs: { "data-testid": testId }, on: { click: action } });
      if (pressed !== undefined) {
        element.setAttribute("aria-pressed", String(pressed));
      }

      return element;
    };
    const onStage = state.role !== "viewer";
    replaceChildren(this.element,
      onStage ? button(state.micOn ? "Mute" : "Unmute", "toggle-mic", state.micOn ? "" : "off", a.toggleMic, !state.micOn) : null,
      onStage ? button(state.cameraOn ? "Camera off" : "Camera on", "toggle-camera", state.cameraOn ? "" : "off", a.toggleCamera, !state.cameraOn) : null,
      state.role === "host" ? button(state.recording ? "■ Stop recording" : "● Record", "record", state.recording ? "recording" : "", a.record, state.recording) : null,
      state.role === "host" ? button(state.hlsLive ? "Stop HLS" : "Go live on HLS", "hls", state.hlsLive ? "recording" : "", a.hls, state.hlsLive) : null,
      button("♥ Like", "like", "like", a.like),
      state.role === "co-host" ? button("Step down", "step-down", "", a.stepDown) : null,
      state.role === "host"
        ? button("End live", "end-live", "danger", a.end)
        : button("Leave", "leave", "ghost", a.leave));
  }
}

import { h, replaceChildren } from "../shared/dom.js";
import type { RecordingView } from "./adminApi.js";

/** What the buttons do. */
export interface RecordingActions {
  play(recording: RecordingView): void;
}

function size(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The recordings as one card: room, member, when, how long, how big, state; a Play button for each that has media. */
export function renderRecordings(target: HTMLElement, recordings: readonly RecordingView[], actions: RecordingActions): void {
  const rows = recordings.map((recording) => h("tr", { dataset: { file: recording.fileId } },
    h("td", { text: recording.roomId }),
    h("td", { text: recording.memberId }),
    h("td", { class: "small", text: new Date(recording.startedAt).toLocaleString() }),
    h("td", { class: "num", text: duration(recording.durationMs) }),
    h("td", { class: "num", text: size(recording.sizeBytes) }),
    h("td", { class: "small", text: `${recording.container ?? "—"} · ${recording.codecs.join(" + ")}` }),
    h("td", { class: "small", text: recording.error === null ? recording.state : `${recording.state}: ${recording.error}`, attrs: { "data-testid": "recording-state" } }),
    h("td", null, recording.sizeBytes > 0
      ? h("button", { class: "ghost small", text: "Play", attrs: { "data-testid": "play-recording" }, on: { click: () => actions.play(recording) } })
      : null)));
  replaceChildren(target,
    h("article", { class: "card room-card recordings" },
      h("header", { class: "room-head" }, h("h2", { text: "Recordings" })),
      recordings.length === 0
        ? h("p", { class: "empty", text: "No recordings yet: a host's Record button (or the admin API) makes one." })
        : h("div", { class: "table-wrap" },
          h("table", null,
            h("thead", null, h("tr", null, ...["Room", "Member", "Started", "Length", "Size", "Format", "State", ""].map((title) => h("th", { text: title })))),
            h("tbody", null, ...rows)))));
}

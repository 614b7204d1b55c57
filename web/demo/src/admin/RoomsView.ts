import { h, replaceChildren } from "../shared/dom.js";
import type { MemberMediaView, RoomView, TrackStatsView } from "./adminApi.js";

/** What the buttons do. */
export interface RoomActions {
  kick(userId: string): void;
  dismiss(roomId: string): void;
}

function kbps(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} Mbit/s` : `${value} kbit/s`;
}

function percent(loss: number): string {
  return `${(loss * 100).toFixed(1)} %`;
}

/** " 640×360 30 fps" for a video track whose size is known, " 30 fps" without it, "" for audio. */
function picture(track: TrackStatsView): string {
  if (track.source === "audio") {
    return "";
  }

  return `${track.width > 0 ? ` ${track.width}×${track.height}` : ""} ${track.framesPerSecond} fps`;
}

function trackSummary(tracks: readonly TrackStatsView[]): string {
  const sent = tracks.filter((t) => t.direction === "publish").map((t) => `${t.source} ${t.codec} ${kbps(t.bitrateKbps)}${picture(t)}${t.layer >= 0 ? ` (${t.layer + 1} layers)` : ""}`);
  const received = tracks.filter((t) => t.direction === "subscribe");
  const videos = received.filter((t) => t.source !== "audio").map((t) => `${t.userId}'s ${t.source}${picture(t)}`);
  return [...sent, received.length > 0 ? `receives ${received.length} track${received.length === 1 ? "" : "s"}${videos.length > 0 ? ` (${videos.join(", ")})` : ""}` : ""]
    .filter((part) => part.length > 0).join(" · ") || "—";
}

/** The rooms as cards: members with role, bits and bitrates; kick and dismiss buttons. */
export function renderRooms(target: HTMLElement, rooms: readonly RoomView[], media: ReadonlyMap<string, MemberMediaView[]>, titles: ReadonlyMap<string, string>, actions: RoomActions): void {
  if (rooms.length === 0) {
    replaceChildren(target, h("p", { class: "empty", text: "No rooms right now." }));
    return;
  }

  replaceChildren(target, ...rooms.map((room) => {
    const byUser = new Map((media.get(room.roomId) ?? []).map((member) => [member.userId, member]));
    const sending = [...byUser.values()].reduce((sum, member) => sum + member.sendKbps, 0);
    const rows = room.members.map((member) => {
      const stats = byUser.get(member.userId);
      return h("tr", { dataset: { user: member.userId } },
        h("td", null, member.userId, member.userId === room.owner ? h("span", { class: "badge", text: "owner" }) : null),
        h("td", { text: member.role }),
        h("td", { class: "mono", text: `0x${member.authBits.toString(16).toUpperCase().padStart(2, "0")}` }),
        h("td", { class: "num", text: stats === undefined ? "—" : kbps(stats.sendKbps), attrs: { "data-testid": "send-kbps" } }),
        h("td", { class: "num", text: stats === undefined ? "—" : kbps(stats.receiveKbps), attrs: { "data-testid": "receive-kbps" } }),
        h("td", { class: "num", text: stats === undefined ? "—" : `${percent(stats.upLoss)} / ${percent(stats.downLoss)}`, title: "Packet loss on the way up (what it sends) / down (what it receives), from the last receiver reports", attrs: { "data-testid": "loss" } }),
        h("td", { class: "num", text: stats?.roundTripMs == null ? "—" : `${Math.round(stats.roundTripMs)} ms`, title: "Round trip to the server, from the member's receiver reports", attrs: { "data-testid": "rtt" } }),
        h("td", { class: "small", text: stats === undefined ? "—" : trackSummary(stats.tracks), attrs: { "data-testid": "tracks" } }),
        h("td", null, h("button", { class: "ghost small danger", text: "Kick offline", title: "Sign this user out everywhere (8050)", on: { click: () => actions.kick(member.userId) } })));
    });
    return h("article", { class: "card room-card", dataset: { room: room.roomId } },
      h("header", { class: "room-head" },
        h("div", null,
          h("h2", { text: titles.get(room.roomId) ?? `Room ${room.roomId}`, attrs: { "data-testid": "room-card-title" } }),
          h("div", { class: "muted small", text: `${titles.has(room.roomId) ? `room ${room.roomId} · ` : ""}owner ${room.owner} · ${room.members.length} members · ${kbps(sending)} in` })),
        h("button", { class: "primary danger small", text: "Dismiss", on: { click: () => actions.dismiss(room.roomId) } })),
      h("div", { class: "table-wrap" },
        h("table", null,
          h("thead", null, h("tr", null, ...["Member", "Role", "Bits", "Sends", "Receives", "Loss ↑ / ↓", "RTT", "Tracks", ""].map((title) => h("th", { text: title })))),
          h("tbody", null, ...rows))));
  }));
}

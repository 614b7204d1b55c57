// The admin page (/admin.html): an app's rooms, members and their bitrates, refreshed every few seconds; kick a user
// offline or dismiss a room. The key comes from the URL fragment the dev server prints (#key=…; fragments never reach
// the server), or from the key field; it is kept for this tab only.
import { openDialog } from "../shared/dialog.js";
import { h, replaceChildren } from "../shared/dom.js";
import { describeError } from "../shared/errors.js";
import { toastError, toastInfo } from "../shared/toasts.js";
import { AdminApi, type MemberMediaView, type RecordingView } from "./adminApi.js";
import { renderRecordings } from "./RecordingsView.js";
import { renderRooms } from "./RoomsView.js";

const keyStorage = "openlive-admin:key";
const refreshMs = 3000;
const root = document.getElementById("admin");
let timer: ReturnType<typeof setInterval> | undefined;

function takeKeyFromFragment(): string | undefined {
  const key = new URLSearchParams(location.hash.slice(1)).get("key");
  if (key !== null && key.length > 0) {
    sessionStorage.setItem(keyStorage, key);
    history.replaceState(null, "", location.pathname); // out of the address bar and the history
  }

  return sessionStorage.getItem(keyStorage) ?? undefined;
}

function askForKey(message: string | undefined): void {
  clearInterval(timer);
  const input = h("input", { type: "password", placeholder: "Admin key", autocomplete: "off", attrs: { "aria-label": "Admin key" } });
  const form = h("form", { class: "card key-form" },
    h("h1", { text: "OpenLive admin" }),
    h("p", { class: "muted", text: "Paste the admin key (the data directory's admin-key file, or OpenLive:AdminKey). In dev mode the server prints a link with it." }),
    message === undefined ? null : h("p", { class: "error-line", text: message }),
    h("div", { class: "row" }, input, h("button", { type: "submit", class: "primary", text: "Open" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim().length > 0) {
      sessionStorage.setItem(keyStorage, input.value.trim());
      void open(input.value.trim());
    }
  });
  replaceChildren(root!, form);
  input.focus();
}

function confirm(title: string, text: string, action: string, run: () => void): void {
  openDialog(title, text, [
    { label: action, testId: "confirm", kind: "danger", action: run },
    { label: "Cancel", testId: "cancel", kind: "ghost", action: () => undefined },
  ], "admin-dialog");
}

async function open(key: string): Promise<void> {
  const api = new AdminApi(key);
  let apps;
  try {
    apps = await api.apps();
  } catch (error) {
    const info = describeError(error);
    sessionStorage.removeItem(keyStorage);
    askForKey(`${info.module} ${info.code} ${info.name}: ${info.text}`);
    return;
  }

  const picker = h("select", { attrs: { "aria-label": "App" } }, ...apps.map((app) => h("option", { value: String(app.sdkAppId), text: `${app.sdkAppId} · ${app.name}` })));
  picker.value = String(apps.find((app) => app.sdkAppId === 1400000000)?.sdkAppId ?? apps[0]?.sdkAppId ?? "");
  const online = h("span", { class: "pill" });
  const updated = h("span", { class: "muted small" });
  const rooms = h("div", { class: "rooms" });
  const player = h("div", { class: "recording-player", attrs: { "data-testid": "recording-player" } });
  const recordings = h("div", { class: "rooms" });
  replaceChildren(root!,
    h("header", { class: "topbar" },
      h("div", { class: "brand" }, h("span", { class: "brand-mark admin", text: "■" }), h("span", { text: "OpenLive" }), h("span", { class: "brand-sub", text: "Admin" })),
      h("div", { class: "topbar-right" }, picker, online, updated,
        h("button", { class: "ghost small", text: "Forget key", on: { click: () => {
          sessionStorage.removeItem(keyStorage);
          askForKey(undefined);
        } } }))),
    h("main", { class: "admin-main" }, rooms, player, recordings));

  // A recording plays through a signed link the server issues for a while: a <video> cannot send the admin key.
  const play = (app: number, recording: RecordingView): void => {
    api.recordingLink(app, recording.fileId).then((link) => {
      replaceChildren(player,
        h("video", { controls: true, autoplay: true, muted: true, src: link.url, attrs: { "data-testid": "recording-video" } }),
        h("p", { class: "muted small" }, `${recording.roomId} · ${recording.memberId} · `,
          h("a", { href: link.url, target: "_blank", rel: "noopener", text: "open the link" }),
          ` (valid until ${new Date(link.expiresAt).toLocaleTimeString()})`));
    }, (error: unknown) => toastError(`Playing ${recording.fileId}`, error));
  };

  let failing = false;
  let recordingsFailing = false;
  const refresh = async (): Promise<void> => {
    const app = Number(picker.value);
    if (!Number.isInteger(app) || app <= 0) {
      return;
    }

    try {
      const [list, users, titles] = await Promise.all([api.rooms(app), api.online(app), api.showTitles(app)]);
      const media = new Map<string, MemberMediaView[]>();
      await Promise.all(list.map(async (room) => media.set(room.roomId, await api.media(app, room.roomId).catch(() => []))));
      renderRooms(rooms, list, media, titles, {
        kick: (userId) => confirm(`Sign ${userId} out?`, `${userId}'s session ends everywhere with ILiveSDK 8050 (kicked offline).`, "Kick offline",
          () => api.kick(app, userId).then(() => toastInfo(`${userId} was signed out`), (error: unknown) => toastError(`Kicking ${userId}`, error)).finally(() => void refresh())),
        dismiss: (roomId) => confirm(`Dismiss room ${roomId}?`, "The room ends for every member.", "Dismiss",
          () => api.dismiss(app, roomId).then(() => toastInfo(`Room ${roomId} dismissed`), (error: unknown) => toastError(`Dismissing room ${roomId}`, error)).finally(() => void refresh())),
      });
      // Recordings are refreshed with the rooms; a failure there does not hide the rooms.
      const listed = await api.recordings(app).catch((error: unknown) => {
        if (!recordingsFailing) {
          toastError("Listing the recordings", error);
        }

        recordingsFailing = true;
        return null;
      });
      if (listed !== null) {
        recordingsFailing = false;
        renderRecordings(recordings, listed, { play: (recording) => play(app, recording) });
      }

      online.textContent = `${users.length} online`;
      updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
      failing = false;
    } catch (error) {
      if (!failing) {
        failing = true;
        toastError("Refreshing", error);
      }
    }
  };
  picker.addEventListener("change", () => void refresh());
  await refresh();
  clearInterval(timer);
  timer = setInterval(() => void refresh(), refreshMs);
}

if (root !== null) {
  const key = takeKeyFromFragment();
  if (key === undefined) {
    askForKey(undefined);
  } else {
    void open(key);
  }
}
